import { ActionIcon, Button, Group, List, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { uploadFile, type UploadedFile } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { notifyError } from '../../lib/ui';

interface Upload {
  key: string;
  name: string;
  progress: number;
  file?: UploadedFile;
  failed?: boolean;
  tooLarge?: boolean;
}

/** The server's limit per file (src/app/files/upload-file.ts, `maxFileBytes`). */
export const maxFileBytes = 20 * 1024 * 1024;

/**
 * Drag-and-drop (or pick) deliverables; each is sent to `POST /files` at once, with progress.
 * The limit per file is stated, and any row (a failed one too) can be removed.
 */
export function FileDrop({
  onChange,
  label,
  required = false,
  error,
}: {
  onChange: (files: UploadedFile[]) => void;
  label?: string;
  required?: boolean;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const input = useRef<HTMLInputElement>(null);
  const [active, setActive] = useState(false);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const id = useId();

  const update = (key: string, patch: Partial<Upload>) => {
    setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...patch } : u)));
  };
  // The parent hears of the uploaded files after the render, when their set changes (a state
  // updater must not set another component's state).
  const uploaded = uploads.flatMap((u) => (u.file ? [u.file.id] : [])).join();
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  useEffect(() => {
    onChangeRef.current(uploads.flatMap((u) => (u.file ? [u.file] : [])));
  }, [uploaded]);

  const remove = (key: string) => setUploads((list) => list.filter((u) => u.key !== key));
  const add = (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) {
      const key = crypto.randomUUID();
      if (file.size > maxFileBytes) {
        setUploads((list) => [...list, { key, name: file.name, progress: 0, failed: true, tooLarge: true }]);
        continue;
      }
      setUploads((list) => [...list, { key, name: file.name, progress: 0 }]);
      uploadFile(file, (progress) => update(key, { progress })).then(
        (uploaded) => update(key, { file: uploaded, progress: 1 }),
        (error: unknown) => {
          update(key, { failed: true });
          notifyError(error);
        },
      );
    }
  };

  return (
    <Stack gap="xs">
      {label ? (
        <Text size="sm" fw={500} id={`${id}-label`}>
          {label}
          {required ? (
            <Text span c="red.8" aria-hidden>
              {' *'}
            </Text>
          ) : null}
        </Text>
      ) : null}
      <div
        className="saps-dropzone"
        data-active={active}
        data-error={!!error}
        role="group"
        aria-labelledby={label ? `${id}-label` : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setActive(true);
        }}
        onDragLeave={() => setActive(false)}
        onDrop={(event) => {
          event.preventDefault();
          setActive(false);
          add(event.dataTransfer.files);
        }}
      >
        <Stack gap="xs" align="center">
          <Text size="sm">{t('report.dropHere')}</Text>
          <Text size="xs" c="dimmed" id={`${id}-hint`}>
            {t('report.limit', { size: format.bytes(maxFileBytes) })}
          </Text>
          <Button variant="default" size="xs" onClick={() => input.current?.click()}>
            {t('report.chooseFiles')}
          </Button>
          <input
            ref={input}
            type="file"
            multiple
            hidden
            aria-label={t('report.chooseFiles')}
            aria-required={required || undefined}
            onChange={(event) => {
              add(event.currentTarget.files);
              event.currentTarget.value = '';
            }}
          />
        </Stack>
      </div>
      {error ? (
        <Text size="sm" c="red.8" id={`${id}-error`} role="alert">
          {error}
        </Text>
      ) : null}
      {uploads.length > 0 ? (
        <List listStyleType="none" spacing="xs">
          {uploads.map((upload) => (
            <List.Item key={upload.key}>
              <Group justify="space-between" wrap="nowrap">
                <Text size="sm">{upload.name}</Text>
                <Group gap="xs" wrap="nowrap">
                  <Text size="xs" c={upload.failed ? 'red.8' : 'dimmed'}>
                    {upload.tooLarge
                      ? t('report.tooLarge', { size: format.bytes(maxFileBytes) })
                      : upload.failed
                        ? t('report.uploadFailed')
                        : upload.file
                          ? t('report.uploaded', { size: format.bytes(upload.file.size) })
                          : `${Math.round(upload.progress * 100)} %`}
                  </Text>
                  {upload.failed || upload.file ? (
                    <ActionIcon
                      variant="subtle"
                      color="gray.8"
                      size="sm"
                      aria-label={t('report.removeFile', { name: upload.name })}
                      onClick={() => remove(upload.key)}
                    >
                      ×
                    </ActionIcon>
                  ) : null}
                </Group>
              </Group>
              <Progress
                value={upload.progress * 100}
                color={upload.failed ? 'red' : upload.file ? 'green' : 'blue'}
                size="sm"
                aria-label={t('report.progress', { name: upload.name })}
              />
            </List.Item>
          ))}
        </List>
      ) : null}
    </Stack>
  );
}
