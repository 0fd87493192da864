import { Alert, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { useMe } from '../../lib/session';
import type { Page, User } from '../../lib/types';
import { VouchersByNextStep, VouchersQuery } from './home-vouchers';

/**
 * The project manager's home: my vouchers, and what the partner needs to validate and reserve
 * one (seed step 5): the voucher code and the e-mail of the customer's benefit admin.
 */
export function ProjectManagerHome() {
  const { t } = useTranslation();
  const me = useMe();
  const users = useQuery({
    queryKey: ['organizations', me.data?.organizationId, 'users', 'project_manager'],
    queryFn: () => api.get<Page<User>>(`/organizations/${me.data?.organizationId}/users`, { limit: 200 }),
    enabled: !!me.data,
    retry: false,
  });
  const admins = (users.data?.items ?? []).filter((u) => u.roles.includes('benefit_admin')).map((u) => u.email);
  return (
    <Stack>
      <Title order={1}>{t('home.pmTitle')}</Title>
      <Alert color="blue" variant="light" title={t('home.partnerNeedsTitle')}>
        <Text size="sm">
          {admins.length > 0 ? t('home.partnerNeeds', { emails: admins.join(', ') }) : t('home.partnerNeedsNoEmail')}
        </Text>
      </Alert>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          {t('home.myVouchers')}
        </Title>
        <VouchersQuery>
          {(vouchers) => (
            <VouchersByNextStep
              vouchers={vouchers.filter((v) => v.projectManagerId === me.data?.id)}
              link={(v) => `/vouchers/${v.id}`}
            />
          )}
        </VouchersQuery>
      </Paper>
    </Stack>
  );
}
