import { Anchor, Paper, Stack, Table, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../lib/format';
import type { Program } from '../../lib/types';
import { Empty, Pager, QueryState, usePagedList } from '../../lib/ui';

export function ProgramsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const list = usePagedList<Program>(['programs'], '/programs');
  return (
    <Stack>
      <Title order={1}>{t('programs.title')}</Title>
      <QueryState query={list.query}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>{t('programs.empty')}</Empty>
          ) : (
            <Paper withBorder>
              <Table.ScrollContainer minWidth={700}>
                <Table striped highlightOnHover>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('programs.name')}</Table.Th>
                      <Table.Th>{t('programs.timeZone')}</Table.Th>
                      <Table.Th>{t('programs.voucherLifetime')}</Table.Th>
                      <Table.Th>{t('programs.lastRedemptionDate')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {page.items.map((program) => (
                      <Table.Tr key={program.id}>
                        <Table.Td>
                          <Anchor component={Link} to={`/operator/programs/${program.id}`}>
                            {program.name}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>{program.timeZone}</Table.Td>
                        <Table.Td>{t('common.days', { count: program.voucherLifetimeDays })}</Table.Td>
                        <Table.Td>{format.date(program.calendar.lastRedemptionDate)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Paper>
          )
        }
      </QueryState>
      <Pager
        page={list.page}
        hasPrevious={list.hasPrevious}
        hasNext={list.hasNext}
        onPrevious={list.previous}
        onNext={list.next}
      />
    </Stack>
  );
}
