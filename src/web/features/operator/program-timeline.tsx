import { Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { calendarEntries, dayBefore, ruleInForce } from '../../lib/program';
import type { ProgramCalendar } from '../../lib/types';

/**
 * The six dates of a program's calendar, in date order, the ones in force marked. A rule that
 * bites at 00:00 reads "from 1 Feb 2020" with the last allowed day; a last-day rule reads "until".
 */
export function ProgramTimeline({ calendar, today }: { calendar: ProgramCalendar; today: string | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  const entries = calendarEntries(calendar);
  const day = today?.slice(0, 10);
  const passed = day ? entries.filter((e) => ruleInForce(e, day)).length : 0;
  return (
    <Timeline active={passed - 1} bulletSize={20} lineWidth={3} aria-label={t('programs.calendar')}>
      {entries.map((entry) => (
        <Timeline.Item key={entry.rule} title={t(`calendar.${entry.rule}`)}>
          <Text size="sm" fw={600}>
            {entry.kind === 'from'
              ? t('calendar.from', { date: format.date(entry.date), dayBefore: format.date(dayBefore(entry.date)) })
              : t('calendar.until', { date: format.date(entry.date) })}
          </Text>
          <Text size="sm" c="dimmed">
            {t(`calendar.${entry.rule}Rule`)}
            {day && ruleInForce(entry, day) ? ` · ${t('programs.inForce')}` : ''}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
