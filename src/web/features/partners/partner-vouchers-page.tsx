import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { actionsOf, type VoucherAction } from '../../lib/actions';
import { useFormat } from '../../lib/format';
import { hasRole, useMe } from '../../lib/session';
import type { Voucher, VoucherStatus } from '../../lib/types';
import { ListPager, ListTable } from '../../lib/paged-list';
import { Empty, QueryState, usePagedList } from '../../lib/ui';
import { useClock } from '../../shell/clock-banner';
import { usePayable } from '../payments/payment-facts';
import { useEngagementTypeIndex } from '../vouchers/catalog-names';
import { closedStep, ClosedStepNote } from '../vouchers/closed-actions';
import { NextDeadline, VoucherCard } from '../vouchers/voucher-card';
import { nextDeadline } from '../vouchers/voucher-details';
import { ExportCsvButton } from '../../lib/export-button';
import { SearchBox, useUrlSearch } from '../../lib/search-box';

/** What needs doing next, by status: report the work, redeem, then ask to be paid. */
export const partnerVoucherGroups: { status: VoucherStatus; title: string; step: VoucherAction; action: string }[] = [
  {
    status: 'reserved',
    title: 'partnerVouchers.toComplete',
    step: 'complete',
    action: 'partnerVouchers.completeAction',
  },
  { status: 'completed', title: 'partnerVouchers.toRedeem', step: 'redeem', action: 'partnerVouchers.redeemAction' },
  {
    status: 'redeemed',
    title: 'partnerVouchers.toInvoice',
    step: 'requestPayment',
    action: 'partnerVouchers.invoiceAction',
  },
];

export function PartnerVouchersPage() {
  const { t } = useTranslation();
  const me = useMe();
  const search = useUrlSearch();
  const q = search.q || undefined;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('partnerVouchers.title')}</Title>
        <Group>
          <ExportCsvButton path="/exports/vouchers.csv" filters={{ q }} />
          {hasRole(me.data, 'partner_admin') ? (
            <Button component={Link} to="/partner/reserve">
              {t('nav.validateReserve')}
            </Button>
          ) : null}
        </Group>
      </Group>
      <SearchBox label={t('vouchers.search')} placeholder={t('vouchers.searchPlaceholder')} box={search.box} />
      {partnerVoucherGroups.map((group) => (
        <VoucherGroup key={group.status} {...group} q={q} />
      ))}
    </Stack>
  );
}

/**
 * One step's vouchers, the most urgent first. Redeemed vouchers are listed only while a payment
 * request can still be made for them: not already in a live request, window open (issue 12, M3).
 * A row offers its step only when the voucher's answer lists it for the caller now (decision
 * 024): after the last redemption day a completed voucher says that redemption closed, and when.
 */
export function VoucherGroup({
  status,
  title,
  step,
  action,
  q,
}: {
  status: VoucherStatus;
  title: string;
  step: VoucherAction;
  action: string;
  /** The page's search (`?q=`): the code, the customer's name. */
  q?: string | undefined;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useMe();
  const clock = useClock();
  const types = useEngagementTypeIndex();
  const payable = usePayable(me.data, clock.data?.now);
  const list = usePagedList<Voucher>(
    ['vouchers', 'partner'],
    '/vouchers',
    { status, q },
    status === 'redeemed' ? 200 : 25,
  );
  return (
    <Paper withBorder p="md">
      <QueryState query={list.query}>
        {(page) => {
          const items = (status === 'redeemed' ? page.items.filter(payable.payable) : page.items)
            .slice()
            .sort((a, b) => (nextDay(a) ?? '').localeCompare(nextDay(b) ?? ''));
          const link = (voucher: Voucher) =>
            status === 'redeemed' ? '/payment-requests/new' : `/partner/vouchers/${voucher.id}`;
          // The redeemed ones are already only those a payment request may take (payable above).
          const offered = (voucher: Voucher) =>
            status === 'redeemed' || actionsOf(voucher, me.data, clock.data?.now).includes(step);
          // The step, when offered; the rule that closed the time-bound step after it, if one
          // did (a reserved voucher's report may still be filed after the last redemption day,
          // but it can no longer be redeemed: closed-actions.tsx).
          const next = (voucher: Voucher, size?: 'sm') => {
            const open = offered(voucher);
            const closed = closedStep(voucher, clock.data?.now);
            return (
              <Stack gap={4}>
                {open ? (
                  <Anchor component={Link} to={link(voucher)} size={size} data-action={step}>
                    {t(action)}
                  </Anchor>
                ) : null}
                {closed ? <ClosedStepNote voucher={voucher} now={clock.data?.now} /> : null}
                {!open && !closed ? (
                  <Text size="sm" c="dimmed">
                    —
                  </Text>
                ) : null}
              </Stack>
            );
          };
          return (
            <Stack gap="sm">
              <Group>
                <Title order={2} size="h4">
                  {t(title)}
                </Title>
                <Badge variant="light">{list.hasNext ? `${items.length}+` : items.length}</Badge>
              </Group>
              {items.length === 0 ? (
                <Empty>{t('partnerVouchers.none')}</Empty>
              ) : (
                <ListTable
                  items={items}
                  minWidth={640}
                  framed={false}
                  highlightOnHover
                  head={
                    <>
                      <Table.Th>{t('vouchers.code')}</Table.Th>
                      <Table.Th>{t('vouchers.engagementType')}</Table.Th>
                      <Table.Th ta="right">{t('vouchers.days')}</Table.Th>
                      <Table.Th>{t('vouchers.nextDeadline')}</Table.Th>
                      <Table.Th>{t('common.actions')}</Table.Th>
                    </>
                  }
                  row={(voucher) => (
                    <Table.Tr key={voucher.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/partner/vouchers/${voucher.id}`} className="saps-code" size="sm">
                          {voucher.code}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{types.get(voucher.engagementTypeId)?.name ?? voucher.engagementTypeName}</Table.Td>
                      <Table.Td ta="right">{format.number(voucher.days)}</Table.Td>
                      <Table.Td>
                        <NextDeadline voucher={voucher} />
                      </Table.Td>
                      <Table.Td>{next(voucher)}</Table.Td>
                    </Table.Tr>
                  )}
                  card={(voucher) => (
                    <VoucherCard voucher={voucher} to={`/partner/vouchers/${voucher.id}`}>
                      {next(voucher, 'sm')}
                    </VoucherCard>
                  )}
                />
              )}
              <ListPager list={list} />
            </Stack>
          );
        }}
      </QueryState>
    </Paper>
  );
}

function nextDay(voucher: Voucher): string | undefined {
  return nextDeadline(voucher)?.deadline.lastDay;
}
