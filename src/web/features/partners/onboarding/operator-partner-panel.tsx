import { Divider, Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api } from '../../../lib/api';
import { hasRole, useMe } from '../../../lib/session';
import type { Organization } from '../../../lib/types';
import { CompetenciesPanel } from './competencies-panel';

/**
 * Shown under the operator's page of an organisation (`/operator/organizations/:id`) when it is
 * a partner: the operator's admin manages its competencies there (add, remove, CSV import).
 */
export function OperatorPartnerPanel() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const me = useMe();
  // The organisation page asks the same question with the same key: one request for both.
  const organization = useQuery({
    queryKey: ['organizations', id],
    queryFn: () => api.get<Organization>(`/organizations/${id}`),
  });
  if (organization.data?.kind !== 'partner') {
    return null;
  }
  return (
    <Stack mt="xl" maw={1200}>
      <Divider />
      <Title order={2} size="h3">
        {t('competencies.operatorTitle')}
      </Title>
      <CompetenciesPanel partnerId={id} manage={hasRole(me.data, 'operator_admin')} />
    </Stack>
  );
}
