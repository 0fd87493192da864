import { Anchor, Group, Paper, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../lib/api';
import { useFormat } from '../../lib/format';
import type { PaymentRequest } from '../../lib/types';
import { QueryState, StatusBadge } from '../../lib/ui';

const steps = ['submitted', 'approved', 'paid'] as const;

export function PaymentRequestPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id = '' } = useParams();
  const request = useQuery({
    queryKey: ['payment-requests', id],
    queryFn: () => api.get<PaymentRequest>(`/payment-requests/${id}`),
  });
  return (
    <Stack>
      <Anchor component={Link} to="/payment-requests" size="sm">
        {t('payments.back')}
      </Anchor>
      <QueryState query={request}>
        {(r) => (
          <Stack>
            <Group>
              <Title order={1}>{t('payments.titleOne', { reference: r.reference })}</Title>
              <StatusBadge status={r.status} />
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Paper withBorder p="sm">
                <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
                  {t('payments.total')}
                </Text>
                <Text fw={700}>{format.money(r.total)}</Text>
              </Paper>
              <Paper withBorder p="sm">
                <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
                  {t('payments.invoiceNumber')}
                </Text>
                <Text fw={600}>{r.invoiceNumber ?? '—'}</Text>
              </Paper>
              <Paper withBorder p="sm">
                <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
                  {t('payments.vouchers')}
                </Text>
                <Text fw={600}>{format.number(r.voucherIds.length)}</Text>
              </Paper>
            </SimpleGrid>
            <Paper withBorder p="md">
              <Title order={2} size="h4" mb="sm">
                {t('payments.progress')}
              </Title>
              {r.status === 'denied' ? (
                <Text c="red.8">{t('payments.deniedBecause', { reason: r.denialReason ?? '—' })}</Text>
              ) : (
                <Timeline active={steps.indexOf(r.status)} bulletSize={18}>
                  {steps.map((step) => (
                    <Timeline.Item key={step} title={t(`status.${step}`)} />
                  ))}
                </Timeline>
              )}
            </Paper>
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}
