import { Anchor, Paper, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../lib/format';
import { calendarEntries, daysUntil, localDay, ruleInForce, usePrograms } from '../../lib/program';
import { Empty } from '../../lib/ui';
import { useClock } from '../../shell/clock-banner';

/**
 * The program calendar's coming deadlines on the operator's dashboard (issue 12, M5): every rule
 * not yet in force, with the days left, so the last voucher day shows on the day itself.
 */
export function CalendarDeadlinesPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const clock = useClock();
  const programs = usePrograms();
  const rows = (programs.data?.items ?? []).flatMap((program) => {
    const today = clock.data ? localDay(clock.data.now, program.timeZone) : undefined;
    return today
      ? calendarEntries(program.calendar)
          .filter((entry) => !ruleInForce(entry, today))
          .map((entry) => ({ program, entry, left: daysUntil(today, entry.date) }))
      : [];
  });
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        {t('dashboard.calendarTitle')}
      </Title>
      {rows.length === 0 ? (
        <Empty>{t('dashboard.calendarDone')}</Empty>
      ) : (
        <Table.ScrollContainer minWidth={420}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('dashboard.calendarWhen')}</Table.Th>
                <Table.Th>{t('dashboard.calendarRule')}</Table.Th>
                <Table.Th>{t('dashboard.calendarLeft')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map(({ program, entry, left }) => (
                <Table.Tr key={`${program.id}-${entry.rule}`}>
                  <Table.Td>
                    {entry.kind === 'from'
                      ? t('dashboard.calendarFrom', { date: format.date(entry.date) })
                      : t('dashboard.calendarUntil', { date: format.date(entry.date) })}
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/operator/programs/${program.id}`} size="sm">
                      {t(`calendar.${entry.rule}`)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={left <= 7 ? 700 : undefined} c={left <= 7 ? 'red.9' : undefined}>
                      {left === 0 && entry.kind === 'until'
                        ? t('dashboard.calendarToday')
                        : t('dashboard.calendarDaysLeft', { count: left })}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
