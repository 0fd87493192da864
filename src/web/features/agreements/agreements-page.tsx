import { Anchor, Badge, Stack, Table, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../lib/format';
import { PagedTable } from '../../lib/paged-list';
import type { Agreement } from '../../lib/types';
import { usePagedList } from '../../lib/ui';
import { RetirementCountdown } from './retirement-countdown';

export function AgreementsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const list = usePagedList<Agreement>(['agreements'], '/agreements');
  return (
    <Stack>
      <Title order={1}>{t('agreements.title')}</Title>
      <RetirementCountdown />
      <PagedTable
        list={list}
        empty={t('agreements.empty')}
        minWidth={600}
        striped
        highlightOnHover
        head={
          <>
            <Table.Th>{t('agreements.licensingId')}</Table.Th>
            <Table.Th>{t('agreements.endsOn')}</Table.Th>
            <Table.Th>{t('agreements.benefit')}</Table.Th>
            <Table.Th ta="right">{t('agreements.balance')}</Table.Th>
          </>
        }
        row={(agreement) => (
          <Table.Tr key={agreement.id}>
            <Table.Td>
              <Anchor component={Link} to={`/agreements/${agreement.id}`}>
                {agreement.licensingId}
              </Anchor>
            </Table.Td>
            <Table.Td>{format.date(agreement.endsOn)}</Table.Td>
            <Table.Td>
              <Badge color={agreement.activated ? 'green' : 'gray'} variant="light">
                {agreement.activated ? t('agreements.activated') : t('agreements.notActivated')}
              </Badge>
            </Table.Td>
            <Table.Td ta="right">{t('common.days', { count: agreement.balance })}</Table.Td>
          </Table.Tr>
        )}
      />
    </Stack>
  );
}
