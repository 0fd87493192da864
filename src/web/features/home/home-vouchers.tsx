import { Anchor, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { ListTable } from '../../lib/paged-list';
import type { Page, Voucher, VoucherStatus } from '../../lib/types';
import { Empty, QueryState, StatusBadge } from '../../lib/ui';
import { useClock } from '../../shell/clock-banner';
import { closedStep, ClosedStepNote } from '../vouchers/closed-actions';
import { NextDeadline, VoucherCard } from '../vouchers/voucher-card';
import { nextDeadline } from '../vouchers/voucher-details';

export function useAllVouchers(query: Record<string, string> = {}) {
  return useQuery({
    queryKey: ['vouchers', 'home', query],
    queryFn: () => api.get<Page<Voucher>>('/vouchers', { ...query, limit: 200 }),
  });
}

/** The most urgent first: by the next deadline's last day. */
export function byUrgency(a: Voucher, b: Voucher): number {
  return (nextDeadline(a)?.deadline.lastDay ?? '9999').localeCompare(nextDeadline(b)?.deadline.lastDay ?? '9999');
}

const live: VoucherStatus[] = ['assigned', 'reserved', 'completed'];

/**
 * Live vouchers by next step, expiring soon first, each with what happens next; once the step's
 * deadline has passed (the last redemption day, before the sweep ends the vouchers), the rule
 * that closed it instead (decision 024).
 */
export function VouchersByNextStep({
  vouchers,
  link,
  extra,
}: {
  vouchers: readonly Voucher[];
  link: (voucher: Voucher) => string;
  extra?: { head: string; cell: (voucher: Voucher) => React.ReactNode };
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const clock = useClock();
  const step = (voucher: Voucher) =>
    closedStep(voucher, clock.data?.now) ? (
      <ClosedStepNote voucher={voucher} now={clock.data?.now} />
    ) : (
      <Text size="sm">{t(`home.step.${voucher.status}`)}</Text>
    );
  const items = vouchers.filter((v) => live.includes(v.status)).sort(byUrgency);
  if (items.length === 0) {
    return <Empty>{t('home.noLiveVouchers')}</Empty>;
  }
  return (
    <ListTable
      items={items}
      minWidth={640}
      framed={false}
      highlightOnHover
      head={
        <>
          <Table.Th>{t('vouchers.code')}</Table.Th>
          <Table.Th>{t('vouchers.status')}</Table.Th>
          <Table.Th>{t('home.nextStep')}</Table.Th>
          <Table.Th>{t('vouchers.nextDeadline')}</Table.Th>
          <Table.Th ta="right">{t('vouchers.days')}</Table.Th>
          {extra ? <Table.Th>{extra.head}</Table.Th> : null}
        </>
      }
      row={(voucher) => (
        <Table.Tr key={voucher.id}>
          <Table.Td>
            <Anchor component={Link} to={link(voucher)} className="saps-code" size="sm">
              {voucher.code}
            </Anchor>
          </Table.Td>
          <Table.Td>
            <StatusBadge status={voucher.status} />
          </Table.Td>
          <Table.Td>{step(voucher)}</Table.Td>
          <Table.Td>
            <NextDeadline voucher={voucher} />
          </Table.Td>
          <Table.Td ta="right">{format.number(voucher.days)}</Table.Td>
          {extra ? <Table.Td>{extra.cell(voucher)}</Table.Td> : null}
        </Table.Tr>
      )}
      card={(voucher) => (
        <VoucherCard voucher={voucher} to={link(voucher)}>
          {step(voucher)}
          {extra ? extra.cell(voucher) : null}
        </VoucherCard>
      )}
    />
  );
}

export function VouchersQuery({ children }: { children: (vouchers: Voucher[]) => React.ReactNode }) {
  const vouchers = useAllVouchers();
  return <QueryState query={vouchers}>{(page) => children(page.items)}</QueryState>;
}
