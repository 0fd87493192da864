import { Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import type { ProgramCalendar } from '../../lib/types';

const order: (keyof ProgramCalendar)[] = [
  'cloudRetirementDate',
  'trainingConversionEndDate',
  'accrualEndDate',
  'lastVoucherDate',
  'daysRemovalDate',
  'lastRedemptionDate',
];

/** The six dates of a program's calendar, in date order, the passed ones marked. */
export function ProgramTimeline({ calendar, today }: { calendar: ProgramCalendar; today: string | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  const entries = order
    .map((name) => ({ name, date: calendar[name] }))
    .sort((a, b) => a.date.localeCompare(b.date) || order.indexOf(a.name) - order.indexOf(b.name));
  const day = today?.slice(0, 10);
  const passed = day ? entries.filter((e) => e.date < day).length : 0;
  return (
    <Timeline active={passed - 1} bulletSize={20} lineWidth={3} aria-label={t('programs.calendar')}>
      {entries.map((entry) => (
        <Timeline.Item key={entry.name} title={t(`calendar.${entry.name}`)}>
          <Text size="sm" fw={600}>
            {format.date(entry.date)}
          </Text>
          <Text size="sm" c="dimmed">
            {t(`calendar.${entry.name}Rule`)}
            {day && entry.date < day ? ` · ${t('programs.passed')}` : ''}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
