import { Anchor, Group, Paper, Stack, Table, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../lib/format';
import { ListTable } from '../../lib/paged-list';
import { Empty, QueryState } from '../../lib/ui';
import { RetirementCountdown, useAgreements } from '../agreements/retirement-countdown';
import { CreateVoucherAction } from '../vouchers/voucher-creation';
import { VouchersByNextStep, VouchersQuery } from './home-vouchers';

/**
 * The benefit admin's home: days available per agreement, the countdown to the last voucher day
 * and to the removal (with the days that will go), and the vouchers by next step.
 */
export function CustomerHome() {
  const { t } = useTranslation();
  const format = useFormat();
  const agreements = useAgreements();
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('home.customerTitle')}</Title>
        <CreateVoucherAction />
      </Group>
      <QueryState query={agreements}>
        {(page) => (
          <Stack>
            <RetirementCountdown agreements={page.items} />
            <Paper withBorder p="md">
              <Title order={2} size="h4" mb="sm">
                {t('home.daysAvailable')}
              </Title>
              {page.items.length === 0 ? (
                <Empty>{t('agreements.empty')}</Empty>
              ) : (
                <ListTable
                  items={page.items}
                  minWidth={360}
                  framed={false}
                  head={
                    <>
                      <Table.Th>{t('agreements.licensingId')}</Table.Th>
                      <Table.Th ta="right">{t('agreements.balance')}</Table.Th>
                      <Table.Th>{t('agreements.endsOn')}</Table.Th>
                    </>
                  }
                  row={(a) => (
                    <Table.Tr key={a.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/agreements/${a.id}`}>
                          {a.licensingId}
                        </Anchor>
                      </Table.Td>
                      <Table.Td ta="right">{t('common.days', { count: a.balance })}</Table.Td>
                      <Table.Td>{format.date(a.endsOn)}</Table.Td>
                    </Table.Tr>
                  )}
                />
              )}
            </Paper>
          </Stack>
        )}
      </QueryState>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          {t('home.vouchersByStep')}
        </Title>
        <VouchersQuery>
          {(vouchers) => <VouchersByNextStep vouchers={vouchers} link={(v) => `/vouchers/${v.id}`} />}
        </VouchersQuery>
      </Paper>
    </Stack>
  );
}
