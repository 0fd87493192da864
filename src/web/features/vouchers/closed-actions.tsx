import { Alert, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { deadlinePassed, type VoucherAction } from '../../lib/actions';
import { useFormat } from '../../lib/format';
import type { Deadline, Voucher, VoucherStatus } from '../../lib/types';

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

/** The voucher's next time-bound step when its deadline has passed at `now`, with that deadline. */
export function closedStep(
  voucher: Voucher,
  now: string | undefined,
): { action: VoucherAction; deadline: Deadline } | undefined {
  const step = nextStep[voucher.status];
  if (!step || !deadlinePassed(voucher, step.action, now)) {
    return undefined;
  }
  const deadline = voucher.deadlines[step.deadline];
  return deadline ? { action: step.action, deadline } : undefined;
}

/**
 * When the voucher's next step is no longer possible because its deadline passed, the page says
 * which rule closed it and on which day, instead of offering a button the server would refuse
 * (issue 12, M3 and M4).
 */
export function ClosedActions({ voucher, now }: { voucher: Voucher; now: string | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  const closed = closedStep(voucher, now);
  if (!closed) {
    return null;
  }
  return (
    <Alert color="orange" variant="light" title={t(`closed.${closed.action}Title`)} role="status">
      <Stack gap={4}>
        <Text size="sm">
          {t('closed.body', {
            date: format.date(closed.deadline.lastDay),
            rule: t(`deadlineRules.${closed.deadline.rule}`),
          })}
        </Text>
      </Stack>
    </Alert>
  );
}

/**
 * The same for a list row (decision 024): "Redemption closed", the last day and its rule, where
 * the row would otherwise name the next step or offer it. Nothing when the step is still open.
 */
export function ClosedStepNote({ voucher, now }: { voucher: Voucher; now: string | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  const closed = closedStep(voucher, now);
  if (!closed) {
    return null;
  }
  return (
    <Stack gap={0} data-closed={closed.action}>
      <Text size="sm" fw={600}>
        {t(`closed.${closed.action}Title`)}
      </Text>
      <Text size="xs" c="dimmed">
        {t('closed.body', {
          date: format.date(closed.deadline.lastDay),
          rule: t(`deadlineRules.${closed.deadline.rule}`),
        })}
      </Text>
    </Stack>
  );
}
