import { TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';

/** Typing pauses this long before the list asks the server (one request per pause, not per key). */
export const searchDebounceMs = 300;

/**
 * The `?q=` of a list (issue 12, item 4), kept in the page's URL so that a search can be
 * bookmarked, shared and survives going back. Returns the committed text (debounced) and the
 * props of the box.
 */
export function useUrlSearch(): { q: string; box: { value: string; onChange: (value: string) => void } } {
  const [params, setParams] = useSearchParams();
  const committed = params.get('q') ?? '';
  const [text, setText] = useState(committed);
  const [debounced] = useDebouncedValue(text, searchDebounceMs);
  useEffect(() => {
    const value = debounced.trim();
    if (value === (params.get('q') ?? '')) {
      return;
    }
    const next = new URLSearchParams(params);
    if (value) {
      next.set('q', value);
    } else {
      next.delete('q');
    }
    setParams(next, { replace: true });
  }, [debounced, params, setParams]);
  return { q: committed, box: { value: text, onChange: setText } };
}

/** A search box for a list; `label` says what it matches ("Code, customer or partner"). */
export function SearchBox({
  label,
  placeholder,
  box,
}: {
  label: string;
  placeholder: string;
  box: { value: string; onChange: (value: string) => void };
}) {
  return (
    <TextInput
      type="search"
      label={label}
      placeholder={placeholder}
      value={box.value}
      onChange={(event) => box.onChange(event.currentTarget.value)}
      maxLength={200}
      w={{ base: '100%', sm: 320 }}
    />
  );
}
