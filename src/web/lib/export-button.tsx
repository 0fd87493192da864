import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { apiBase } from './api';

/**
 * "Export CSV": a plain download link to the list's export (api.md, Exports) with the list's
 * filters. The browser sends the session cookie with it, and the server streams the file.
 */
export function ExportCsvButton({
  path,
  filters = {},
}: {
  path: string;
  filters?: Record<string, string | null | undefined>;
}) {
  const { t } = useTranslation();
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value) {
      query.set(key, value);
    }
  }
  const search = query.size > 0 ? `?${query.toString()}` : '';
  return (
    <Button component="a" href={`${apiBase}${path}${search}`} download variant="default">
      {t('common.exportCsv')}
    </Button>
  );
}
