import { Alert, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { deadlinePassed, type VoucherAction } from '../../lib/actions';
import { useFormat } from '../../lib/format';
import type { Voucher, VoucherStatus } from '../../lib/types';

/**
 * The time-bound step each status waits for (the partner's next action). A reserved voucher's
 * report may still be filed until expiry, but after the last redemption day it can no longer be
 * redeemed: the notice says so.
 */
const nextStep: Partial<
  Record<VoucherStatus, { action: VoucherAction; deadline: 'reserveBy' | 'redeemBy' | 'paymentBy' }>
> = {
  assigned: { action: 'reserve', deadline: 'reserveBy' },
  reserved: { action: 'redeem', deadline: 'redeemBy' },
  completed: { action: 'redeem', deadline: 'redeemBy' },
  redeemed: { action: 'requestPayment', deadline: 'paymentBy' },
};

/**
 * When the voucher's next step is no longer possible because its deadline passed, the page says
 * which rule closed it and on which day, instead of offering a button the server would refuse
 * (issue 12, M3 and M4).
 */
export function ClosedActions({ voucher, now }: { voucher: Voucher; now: string | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  const step = nextStep[voucher.status];
  if (!step || !deadlinePassed(voucher, step.action, now)) {
    return null;
  }
  const deadline = voucher.deadlines[step.deadline];
  if (!deadline) {
    return null;
  }
  return (
    <Alert color="orange" variant="light" title={t(`closed.${step.action}Title`)} role="status">
      <Stack gap={4}>
        <Text size="sm">
          {t('closed.body', { date: format.date(deadline.lastDay), rule: t(`deadlineRules.${deadline.rule}`) })}
        </Text>
      </Stack>
    </Alert>
  );
}
