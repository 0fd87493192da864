import { Alert, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { daysUntil, localDay, useMainProgram } from '../../lib/program';
import { hasRole, useMe } from '../../lib/session';
import type { PaymentRequest, PaymentStatus } from '../../lib/types';
import { useClock } from '../../shell/clock-banner';
import { partnerVoucherGroups, VoucherGroup } from '../partners/partner-vouchers-page';
import { totals } from '../payments/bulk-review';
import { usePartnerPaymentRequests, usePayable } from '../payments/payment-facts';
import { useAllVouchers } from './home-vouchers';

/** The countdown to the program's last redemption day (inclusive, program-local). */
function RedemptionCountdown() {
  const { t } = useTranslation();
  const format = useFormat();
  const clock = useClock();
  const program = useMainProgram();
  if (!program || !clock.data) {
    return null;
  }
  const today = localDay(clock.data.now, program.timeZone);
  const last = program.calendar.lastRedemptionDate;
  const left = daysUntil(today, last);
  const date = format.date(last);
  return (
    <Alert color={left < 0 ? 'gray' : left <= 30 ? 'orange' : 'blue'} variant="light" role="status">
      {left < 0
        ? t('home.redemptionClosed', { date })
        : left === 0
          ? t('home.redemptionToday', { date })
          : t('home.redemptionIn', { count: left, date })}
    </Alert>
  );
}

const stages: PaymentStatus[] = ['submitted', 'approved', 'paid'];

/** Money by stage: redeemed and not requested (days), then the requests' totals by status. */
function MoneyByStage() {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useMe();
  const clock = useClock();
  const requests = usePartnerPaymentRequests();
  const redeemed = useAllVouchers({ status: 'redeemed' });
  const payable = usePayable(me.data, clock.data?.now);
  const notRequested = (redeemed.data?.items ?? []).filter((v) => !payable.held.has(v.id));
  const byStatus = (status: PaymentStatus): PaymentRequest[] =>
    (requests.data?.items ?? []).filter((r) => r.status === status);
  const sum = (items: PaymentRequest[]) =>
    totals(items)
      .map((m) => format.money(m))
      .join(' + ') || format.number(0);
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        {t('home.moneyByStage')}
      </Title>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Stack gap={2}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            {t('home.redeemedNotRequested')}
          </Text>
          <Text fw={700}>
            {t('home.vouchersAndDays', {
              count: notRequested.length,
              days: notRequested.reduce((s, v) => s + v.days, 0),
            })}
          </Text>
        </Stack>
        {stages.map((status) => (
          <Stack gap={2} key={status}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
              {t(`status.${status}`)}
            </Text>
            <Text fw={700}>{sum(byStatus(status))}</Text>
          </Stack>
        ))}
      </SimpleGrid>
    </Paper>
  );
}

/** The partner's home: the countdown, money by stage, and the vouchers by next action. */
export function PartnerHome() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <Stack>
      <Title order={1}>{t('home.partnerTitle')}</Title>
      <RedemptionCountdown />
      {hasRole(me.data, 'partner_admin', 'global_admin') ? <MoneyByStage /> : null}
      {partnerVoucherGroups
        .filter((group) => group.status !== 'redeemed' || hasRole(me.data, 'partner_admin', 'global_admin'))
        .map((group) => (
          <VoucherGroup key={group.status} {...group} />
        ))}
    </Stack>
  );
}
