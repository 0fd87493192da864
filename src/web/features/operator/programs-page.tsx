import { Anchor, Stack, Table, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../lib/format';
import { PagedTable } from '../../lib/paged-list';
import type { Program } from '../../lib/types';
import { usePagedList } from '../../lib/ui';

export function ProgramsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const list = usePagedList<Program>(['programs'], '/programs');
  return (
    <Stack>
      <Title order={1}>{t('programs.title')}</Title>
      <PagedTable
        list={list}
        empty={t('programs.empty')}
        minWidth={700}
        striped
        highlightOnHover
        head={
          <>
            <Table.Th>{t('programs.name')}</Table.Th>
            <Table.Th>{t('programs.timeZone')}</Table.Th>
            <Table.Th>{t('programs.voucherLifetime')}</Table.Th>
            <Table.Th>{t('programs.lastRedemptionDate')}</Table.Th>
          </>
        }
        row={(program) => (
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
        )}
      />
    </Stack>
  );
}
