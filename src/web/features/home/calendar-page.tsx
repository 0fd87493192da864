import { Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { localDay, usePrograms } from '../../lib/program';
import { QueryState } from '../../lib/ui';
import { useClock } from '../../shell/clock-banner';
import { ProgramTimeline } from '../operator/program-timeline';

/** Every party can see the program calendar as a timeline (issue 12, M5). */
export function CalendarPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const clock = useClock();
  const programs = usePrograms();
  return (
    <Stack>
      <Title order={1}>{t('calendarPage.title')}</Title>
      <QueryState query={programs}>
        {(page) => (
          <Stack>
            {page.items.map((program) => {
              const today = clock.data ? localDay(clock.data.now, program.timeZone) : undefined;
              return (
                <Paper key={program.id} withBorder p="md">
                  <Title order={2} size="h4" mb="xs">
                    {program.name}
                  </Title>
                  <Text size="sm" c="dimmed" mb="md">
                    {t('programs.datesIn', { timeZone: program.timeZone, today: format.date(today) })}
                  </Text>
                  <ProgramTimeline calendar={program.calendar} today={today} />
                </Paper>
              );
            })}
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}
