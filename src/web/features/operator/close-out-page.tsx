import { Alert, Anchor, Badge, Group, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../lib/api';
import { ExportCsvButton } from '../../lib/export-button';
import { useFormat } from '../../lib/format';
import type { CloseOut, Page, Program } from '../../lib/types';
import { Empty, QueryState } from '../../lib/ui';
import { FigureTable } from '../../lib/figure-table';
import { MoneyPanel } from './close-out-money';

/** A side of an agreement's or a voucher's equation: terms and their days. */
type Side = { days: number; terms: { term: string; days: number }[] };
type Unbalanced = CloseOut['unbalancedAgreements'][number];

const dayFigures = [
  'accrued',
  'converted',
  'adjusted',
  'allocated',
  'redeemed',
  'returned',
  'removed',
  'forfeited',
  'balance',
  'onLiveVouchers',
] as const;

/**
 * The close-out report (issue 11, item 7): where the program's days went, what it owes and paid,
 * and whether each equation of invariant 1 balances, naming the agreements that do not.
 */
export function CloseOutPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  // The same query (key and answer) as the other pages that list every program.
  const programs = useQuery({
    queryKey: ['programs', 'all'],
    queryFn: () => api.get<Page<Program>>('/programs', { limit: 200 }),
    staleTime: 5 * 60_000,
  });
  const chosen = search.get('programId') ?? programs.data?.items[0]?.id ?? null;
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{t('closeOut.title')}</Title>
        {chosen ? <ExportCsvButton path="/exports/close-out.csv" filters={{ programId: chosen }} /> : null}
      </Group>
      <Text c="dimmed">{t('closeOut.intro')}</Text>
      <QueryState query={programs}>
        {({ items: list }) =>
          list.length === 0 || !chosen ? (
            <Empty>{t('closeOut.noProgram')}</Empty>
          ) : (
            <Stack>
              {list.length > 1 ? (
                <Select
                  label={t('closeOut.program')}
                  data={list.map((p) => ({ value: p.id, label: p.name }))}
                  value={chosen}
                  onChange={(value) => value && setSearch({ programId: value })}
                  allowDeselect={false}
                  w={420}
                />
              ) : null}
              <Report programId={chosen} />
            </Stack>
          )
        }
      </QueryState>
    </Stack>
  );
}

function Report({ programId }: { programId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const report = useQuery({
    queryKey: ['admin', 'close-out', programId],
    queryFn: () => api.get<CloseOut>('/admin/close-out', { programId }),
  });
  return (
    <QueryState query={report}>
      {(r) => (
        <Stack>
          <Group gap="sm">
            <Title order={2} size="h3">
              {r.program.name}
            </Title>
            <BalanceBadge balanced={r.balanced} />
          </Group>
          <Text c="dimmed">
            {t('closeOut.at', { date: format.dateTime(r.at), count: r.agreements, timeZone: r.program.timeZone })}
          </Text>
          {r.agreements === 0 ? (
            <Empty>{t('closeOut.noAgreements')}</Empty>
          ) : (
            <>
              <DaysPanel days={r.days} />
              <EquationsPanel equations={r.equations} />
              <UnbalancedPanel report={r} />
            </>
          )}
          <MoneyPanel money={r.money} />
        </Stack>
      )}
    </QueryState>
  );
}

function BalanceBadge({ balanced }: { balanced: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge color={balanced ? 'green' : 'red'} variant="light" size="lg">
      {balanced ? t('closeOut.balanced') : t('closeOut.unbalanced')}
    </Badge>
  );
}

function DaysPanel({ days }: { days: CloseOut['days'] }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h4" mb="sm">
        {t('closeOut.daysTitle')}
      </Title>
      <FigureTable
        fz="sm"
        w="auto"
        miw={360}
        labelHeader={t('closeOut.figure')}
        valueHeader={t('closeOut.days')}
        figures={dayFigures.map((figure) => ({
          key: figure,
          label: t(`closeOutDays.${figure}`),
          value: days[figure],
        }))}
      />
    </Paper>
  );
}

/** "accrued 2,040 + converted 0 + adjusted 3 = 2,043", in the reader's words. */
function SideText({ side }: { side: Side }) {
  const { t } = useTranslation();
  const format = useFormat();
  const terms =
    side.terms.length === 0
      ? format.number(0)
      : side.terms
          .map((part) => t('closeOut.term', { term: t(`closeOutTerms.${part.term}`), days: format.number(part.days) }))
          .join(' + ');
  return (
    <Stack gap={0}>
      <Text size="sm" fw={600}>
        {format.number(side.days)}
      </Text>
      <Text size="xs" c="dimmed">
        {terms}
      </Text>
    </Stack>
  );
}

function EquationsPanel({ equations }: { equations: CloseOut['equations'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h4" mb="xs">
        {t('closeOut.equationsTitle')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('closeOut.equationsIntro')}
      </Text>
      <Table.ScrollContainer minWidth={720}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('closeOut.equation')}</Table.Th>
              <Table.Th>{t('closeOut.left')}</Table.Th>
              <Table.Th>{t('closeOut.right')}</Table.Th>
              <Table.Th ta="right">{t('closeOut.difference')}</Table.Th>
              <Table.Th miw={170}>{t('closeOut.state')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {equations.map((equation) => (
              <Table.Tr key={equation.id}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {t(`closeOutEquations.${equation.id}`)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t(`closeOutEquationRules.${equation.id}`)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <SideText side={equation.left} />
                </Table.Td>
                <Table.Td>
                  <SideText side={equation.right} />
                </Table.Td>
                <Table.Td ta="right">{format.number(equation.difference)}</Table.Td>
                <Table.Td>
                  <Stack gap={4} align="flex-start">
                    <BalanceBadge balanced={equation.balanced} />
                    {equation.unbalancedAgreements > 0 ? (
                      <Text size="xs">{t('closeOut.agreementsOff', { count: equation.unbalancedAgreements })}</Text>
                    ) : null}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

function UnbalancedPanel({ report }: { report: CloseOut }) {
  const { t } = useTranslation();
  const listed = report.unbalancedAgreements;
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h4" mb="sm">
        {t('closeOut.unbalancedTitle')}
      </Title>
      {listed.length === 0 ? (
        <Empty>{t('closeOut.allAgreementsBalance')}</Empty>
      ) : (
        <Stack>
          {report.unbalancedAgreementCount > listed.length ? (
            <Alert color="orange">
              {t('closeOut.moreInCsv', { shown: listed.length, count: report.unbalancedAgreementCount })}
            </Alert>
          ) : null}
          <Table.ScrollContainer minWidth={720}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('closeOut.agreement')}</Table.Th>
                  <Table.Th>{t('closeOut.equation')}</Table.Th>
                  <Table.Th>{t('closeOut.left')}</Table.Th>
                  <Table.Th>{t('closeOut.right')}</Table.Th>
                  <Table.Th ta="right">{t('closeOut.difference')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {listed.map((agreement) => (
                  <AgreementRows key={agreement.agreementId} agreement={agreement} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      )}
    </Paper>
  );
}

function AgreementRows({ agreement }: { agreement: Unbalanced }) {
  const { t } = useTranslation();
  const format = useFormat();
  const rows = agreement.equations.length + agreement.vouchers.length;
  return (
    <>
      {agreement.equations.map((equation, i) => (
        <Table.Tr key={equation.id}>
          {i === 0 ? (
            <Table.Td rowSpan={rows} style={{ verticalAlign: 'top' }}>
              <Anchor component={Link} to={`/agreements/${agreement.agreementId}`} ff="monospace">
                {agreement.licensingId}
              </Anchor>
              <Text size="xs" c="dimmed">
                {agreement.organizationName}
              </Text>
            </Table.Td>
          ) : null}
          <Table.Td>{t(`closeOutEquations.${equation.id}`)}</Table.Td>
          <Table.Td>
            <SideText side={equation.left} />
          </Table.Td>
          <Table.Td>
            <SideText side={equation.right} />
          </Table.Td>
          <Table.Td ta="right">{format.number(equation.difference)}</Table.Td>
        </Table.Tr>
      ))}
      {agreement.vouchers.map((voucher) => (
        <Table.Tr key={voucher.voucherId}>
          <Table.Td>
            {voucher.code ? (
              <Text size="sm">
                {t('closeOut.voucher')}{' '}
                <Anchor component={Link} to={`/vouchers/${voucher.voucherId}`} ff="monospace">
                  {voucher.code}
                </Anchor>
              </Text>
            ) : (
              <Text size="sm">{t('closeOut.missingVoucher', { id: voucher.voucherId })}</Text>
            )}
            {voucher.status ? (
              <Text size="xs" c="dimmed">
                {t(`status.${voucher.status}`, { defaultValue: voucher.status })}
              </Text>
            ) : null}
          </Table.Td>
          <Table.Td>
            <SideText side={voucher.equation.left} />
          </Table.Td>
          <Table.Td>
            <SideText side={voucher.equation.right} />
          </Table.Td>
          <Table.Td ta="right">{format.number(voucher.equation.difference)}</Table.Td>
        </Table.Tr>
      ))}
    </>
  );
}
