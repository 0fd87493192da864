import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../lib/format';
import { hasRole, useMe } from '../../lib/session';
import type { Voucher, VoucherStatus } from '../../lib/types';
import { PagedTable } from '../../lib/paged-list';
import { usePagedList } from '../../lib/ui';
import { useEngagementTypeIndex } from '../vouchers/catalog-names';
import { ExportCsvButton } from '../../lib/export-button';

/** What needs doing next, by status: report the work, redeem, then ask to be paid. */
const groups: { status: VoucherStatus; title: string; action: string }[] = [
  { status: 'reserved', title: 'partnerVouchers.toComplete', action: 'partnerVouchers.completeAction' },
  { status: 'completed', title: 'partnerVouchers.toRedeem', action: 'partnerVouchers.redeemAction' },
  { status: 'redeemed', title: 'partnerVouchers.toInvoice', action: 'partnerVouchers.invoiceAction' },
];

export function PartnerVouchersPage() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('partnerVouchers.title')}</Title>
        <Group>
          <ExportCsvButton path="/exports/vouchers.csv" />
          {hasRole(me.data, 'partner_admin', 'global_admin') ? (
            <Button component={Link} to="/partner/reserve">
              {t('nav.validateReserve')}
            </Button>
          ) : null}
        </Group>
      </Group>
      {groups.map((group) => (
        <VoucherGroup key={group.status} {...group} />
      ))}
    </Stack>
  );
}

function VoucherGroup({ status, title, action }: { status: VoucherStatus; title: string; action: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const types = useEngagementTypeIndex();
  const list = usePagedList<Voucher>(['vouchers', 'partner'], '/vouchers', { status }, 10);
  return (
    <Paper withBorder p="md">
      <Group mb="sm">
        <Title order={2} size="h4">
          {t(title)}
        </Title>
        {list.query.data ? (
          <Badge variant="light">
            {list.hasNext ? `${list.query.data.items.length}+` : list.query.data.items.length}
          </Badge>
        ) : null}
      </Group>
      <PagedTable
        list={list}
        empty={t('partnerVouchers.none')}
        minWidth={600}
        framed={false}
        highlightOnHover
        head={
          <>
            <Table.Th>{t('vouchers.code')}</Table.Th>
            <Table.Th>{t('vouchers.engagementType')}</Table.Th>
            <Table.Th ta="right">{t('vouchers.days')}</Table.Th>
            <Table.Th>{status === 'redeemed' ? t('voucher.paymentDueBy') : t('vouchers.expiresAt')}</Table.Th>
            <Table.Th>{t('common.actions')}</Table.Th>
          </>
        }
        row={(voucher) => (
          <Table.Tr key={voucher.id}>
            <Table.Td>
              <Text ff="monospace" size="sm">
                {voucher.code}
              </Text>
            </Table.Td>
            <Table.Td>{types.get(voucher.engagementTypeId)?.name ?? '—'}</Table.Td>
            <Table.Td ta="right">{format.number(voucher.days)}</Table.Td>
            <Table.Td>
              {format.date(status === 'redeemed' ? (voucher.paymentDueBy ?? null) : voucher.expiresAt)}
            </Table.Td>
            <Table.Td>
              <Anchor
                component={Link}
                to={status === 'redeemed' ? '/payment-requests/new' : `/partner/vouchers/${voucher.id}`}
              >
                {t(action)}
              </Anchor>
            </Table.Td>
          </Table.Tr>
        )}
      />
    </Paper>
  );
}
