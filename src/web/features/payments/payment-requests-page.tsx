import { Anchor, Button, Group, Paper, Select, Stack, Table, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../lib/format';
import { hasRole, useMe } from '../../lib/session';
import { paymentStatuses, type PaymentRequest } from '../../lib/types';
import { Empty, Pager, QueryState, StatusBadge, usePagedList } from '../../lib/ui';

export function PaymentRequestsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useMe();
  const [status, setStatus] = useState<string | null>(null);
  const list = usePagedList<PaymentRequest>(['payment-requests'], '/payment-requests', { status: status ?? undefined });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('payments.title')}</Title>
        {hasRole(me.data, 'partner_admin') ? (
          <Button component={Link} to="/payment-requests/new">
            {t('payments.new')}
          </Button>
        ) : null}
      </Group>
      <Select
        label={t('payments.filterStatus')}
        placeholder={t('payments.allStatuses')}
        clearable
        data={paymentStatuses.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        value={status}
        onChange={setStatus}
        w={240}
      />
      <QueryState query={list.query}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>{t('payments.empty')}</Empty>
          ) : (
            <Paper withBorder>
              <Table.ScrollContainer minWidth={600}>
                <Table striped highlightOnHover>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('payments.reference')}</Table.Th>
                      <Table.Th>{t('payments.vouchers')}</Table.Th>
                      <Table.Th ta="right">{t('payments.total')}</Table.Th>
                      <Table.Th>{t('payments.status')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {page.items.map((request) => (
                      <Table.Tr key={request.id}>
                        <Table.Td>
                          <Anchor component={Link} to={`/payment-requests/${request.id}`}>
                            {request.reference}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>{format.number(request.voucherIds.length)}</Table.Td>
                        <Table.Td ta="right">{format.money(request.total)}</Table.Td>
                        <Table.Td>
                          <StatusBadge status={request.status} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Paper>
          )
        }
      </QueryState>
      <Pager
        page={list.page}
        hasPrevious={list.hasPrevious}
        hasNext={list.hasNext}
        onPrevious={list.previous}
        onNext={list.next}
      />
    </Stack>
  );
}
