import { Button, Group, List, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
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
}

/** Drag-and-drop (or pick) deliverables; each is sent to `POST /files` at once, with progress. */
export function FileDrop({ onChange }: { onChange: (files: UploadedFile[]) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const input = useRef<HTMLInputElement>(null);
  const [active, setActive] = useState(false);
  const [uploads, setUploads] = useState<Upload[]>([]);

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

  const add = (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) {
      const key = crypto.randomUUID();
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
      <div
        className="saps-dropzone"
        data-active={active}
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
          <Button variant="default" size="xs" onClick={() => input.current?.click()}>
            {t('report.chooseFiles')}
          </Button>
          <input
            ref={input}
            type="file"
            multiple
            hidden
            aria-label={t('report.chooseFiles')}
            onChange={(event) => {
              add(event.currentTarget.files);
              event.currentTarget.value = '';
            }}
          />
        </Stack>
      </div>
      {uploads.length > 0 ? (
        <List listStyleType="none" spacing="xs">
          {uploads.map((upload) => (
            <List.Item key={upload.key}>
              <Group justify="space-between" wrap="nowrap">
                <Text size="sm">{upload.name}</Text>
                <Text size="xs" c={upload.failed ? 'red.8' : 'dimmed'}>
                  {upload.failed
                    ? t('report.uploadFailed')
                    : upload.file
                      ? t('report.uploaded', { size: format.number(Math.ceil(upload.file.size / 1024)) })
                      : `${Math.round(upload.progress * 100)} %`}
                </Text>
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
