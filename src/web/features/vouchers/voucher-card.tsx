import { Anchor, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../lib/format';
import type { Voucher } from '../../lib/types';
import { StatusBadge } from '../../lib/ui';
import { useClock } from '../../shell/clock-banner';
import { nextDeadline } from './voucher-details';

const deadlineNames = {
  reserveBy: 'voucher.reserveBy',
  redeemBy: 'voucher.redeemBy',
  paymentBy: 'voucher.paymentDueBy',
} as const;

/**
 * "Last day to redeem: 1 Jan 2022", the voucher's next deadline for its status; "· passed" once
 * it has (as on the voucher page's deadlines), since an unswept voucher keeps its status.
 */
export function NextDeadline({ voucher }: { voucher: Voucher }) {
  const { t } = useTranslation();
  const format = useFormat();
  const clock = useClock();
  const next = nextDeadline(voucher);
  if (!next) {
    return <Text size="sm">—</Text>;
  }
  const now = clock.data?.now;
  const passed = !!now && new Date(now).getTime() >= new Date(next.deadline.before).getTime();
  return (
    <Text size="sm" fw={passed ? 700 : undefined} c={passed ? 'red.9' : undefined}>
      <Text span size="xs" c="dimmed" fw={400}>
        {t(deadlineNames[next.key])}
        {': '}
      </Text>
      {format.date(next.deadline.lastDay)}
      {passed ? ` · ${t('voucher.deadlinePassed')}` : ''}
    </Text>
  );
}

/** A voucher as a card, for narrow screens: code (a link), status and next deadline. */
export function VoucherCard({ voucher, to, children }: { voucher: Voucher; to: string; children?: ReactNode }) {
  return (
    <Stack gap={4}>
      <Group justify="space-between" wrap="nowrap">
        <Anchor component={Link} to={to} className="saps-code" fw={600}>
          {voucher.code}
        </Anchor>
        <StatusBadge status={voucher.status} />
      </Group>
      <NextDeadline voucher={voucher} />
      {children}
    </Stack>
  );
}
