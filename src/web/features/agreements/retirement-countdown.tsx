import { Alert, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { dayBefore, daysUntil, localDay, useMainProgram } from '../../lib/program';
import type { Agreement, Page } from '../../lib/types';
import { useClock } from '../../shell/clock-banner';

export function useAgreements(enabled = true) {
  return useQuery({
    queryKey: ['agreements', 'all'],
    queryFn: () => api.get<Page<Agreement>>('/agreements', { limit: 200 }),
    enabled,
  });
}

/**
 * The customer's countdown (issue 12, M5): days left to create vouchers (until the last voucher
 * day, inclusive), and the days that will be removed at 00:00 on the removal date, with how many.
 * Shown from 60 days before, and on the day itself; nothing once the days are removed.
 */
export function RetirementCountdown({ agreements }: { agreements?: readonly Agreement[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const clock = useClock();
  const own = useAgreements(!agreements);
  const items = agreements ?? own.data?.items ?? [];
  const program = useMainProgram(items[0]?.programId);
  if (!program || !clock.data || items.length === 0) {
    return null;
  }
  const today = localDay(clock.data.now, program.timeZone);
  const { lastVoucherDate, daysRemovalDate } = program.calendar;
  const atRisk = items.filter((a) => a.programId === program.id).reduce((sum, a) => sum + a.balance, 0);
  const toLastDay = daysUntil(today, lastVoucherDate);
  if (today >= daysRemovalDate || atRisk === 0 || toLastDay > 60) {
    return null;
  }
  const lastDay = format.date(lastVoucherDate);
  return (
    <Alert
      color={toLastDay <= 7 ? 'red' : 'orange'}
      variant="light"
      title={t('retirement.title', { count: atRisk })}
      role="status"
    >
      <Stack gap={4}>
        <Text size="sm">
          {toLastDay >= 0
            ? toLastDay === 0
              ? t('retirement.lastDayToday', { date: lastDay })
              : t('retirement.lastDayIn', { count: toLastDay, date: lastDay })
            : t('retirement.creationClosed', { date: lastDay })}
        </Text>
        <Text size="sm" fw={600}>
          {t('retirement.removal', {
            count: atRisk,
            date: format.date(daysRemovalDate),
            dayBefore: format.date(dayBefore(daysRemovalDate)),
          })}
        </Text>
      </Stack>
    </Alert>
  );
}
