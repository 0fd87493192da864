import { MultiSelect } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import type { Consultant, Page } from '../../lib/types';

export function useConsultants(partnerId: string | undefined) {
  return useQuery({
    queryKey: ['partners', partnerId, 'consultants'],
    queryFn: () => api.get<Page<Consultant>>(`/partners/${partnerId}/consultants`),
    enabled: !!partnerId,
    staleTime: 5 * 60_000,
  });
}

/** The delivering consultants of a completion report, from the partner's active consultants. */
export function ConsultantPicker({
  partnerId,
  value,
  onChange,
  error,
}: {
  partnerId: string | undefined;
  value: string[];
  onChange: (value: string[]) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  const consultants = useConsultants(partnerId);
  const data = (consultants.data?.items ?? [])
    .filter((c) => c.active)
    .map((c) => ({
      value: c.userId,
      label: c.exams.length > 0 ? `${c.name} (${c.exams.map((e) => e.exam).join(', ')})` : c.name,
    }));
  return (
    <MultiSelect
      label={t('report.consultants')}
      description={t('report.consultantsPick')}
      placeholder={data.length === 0 ? undefined : t('report.consultantsPlaceholder')}
      required
      searchable
      data={data}
      value={value}
      onChange={onChange}
      error={error ?? (consultants.isError ? t('report.consultantsUnavailable') : undefined)}
      nothingFoundMessage={consultants.isPending ? t('common.loading') : t('report.noConsultants')}
    />
  );
}
