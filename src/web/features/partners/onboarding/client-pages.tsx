import { useState } from 'react';
import { Pager } from '../../../lib/ui';

/**
 * Pages of a list the server returns whole (a partner's locations, consultants and
 * competencies are short lists, `nextCursor: null`), shown a page at a time all the same.
 */
export function useClientPages<T>(items: readonly T[], size = 20) {
  const [page, setPage] = useState(1);
  const pages = Math.max(1, Math.ceil(items.length / size));
  const current = Math.min(page, pages);
  return {
    items: items.slice((current - 1) * size, current * size),
    pager: (
      <Pager
        page={current}
        hasPrevious={current > 1}
        hasNext={current < pages}
        onPrevious={() => setPage(current - 1)}
        onNext={() => setPage(current + 1)}
      />
    ),
  };
}
