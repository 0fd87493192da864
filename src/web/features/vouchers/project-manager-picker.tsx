import { Select, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import type { Page, User } from '../../lib/types';

/**
 * The project managers of the customer's organisation (`GET /organizations/{id}/users`); when
 * that list cannot be read, the project manager's user id is typed instead.
 */
export function ProjectManagerPicker({
  organizationId,
  value,
  onChange,
  error,
}: {
  organizationId: string;
  value: string | null;
  onChange: (value: string | null) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  const users = useQuery({
    queryKey: ['organizations', organizationId, 'users', 'project_manager'],
    queryFn: () => api.get<Page<User>>(`/organizations/${organizationId}/users`, { limit: 200 }),
    retry: false,
    staleTime: 5 * 60_000,
  });
  if (users.isSuccess) {
    return (
      <Select
        label={t('vouchers.projectManager')}
        required
        searchable
        data={users.data.items
          .filter((u) => u.roles.includes('project_manager'))
          .map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))}
        value={value}
        onChange={onChange}
        error={error}
        nothingFoundMessage={t('common.nothingFound')}
      />
    );
  }
  return (
    <TextInput
      label={t('vouchers.projectManagerId')}
      description={t('vouchers.projectManagerIdHint')}
      required
      value={value ?? ''}
      onChange={(e) => onChange(e.currentTarget.value.trim() || null)}
      error={error}
    />
  );
}
