import '@mantine/charts/styles.css';
import { BarChart, DonutChart } from '@mantine/charts';
import {
  Anchor,
  ColorSwatch,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  type MantineColor,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { voucherStatuses, type Dashboard } from '../../lib/types';
import { ListTable } from '../../lib/paged-list';
import { Empty, QueryState } from '../../lib/ui';
import { FigureTable } from '../../lib/figure-table';
import { AtRiskChart } from '../notifications/at-risk-chart';
import { useFirstProgram } from '../support/help-menu';
import { CalendarDeadlinesPanel } from './calendar-deadlines';

// This page is its own lazy chunk (shell/routes.tsx): the charts library and its styles load
// only here, so the sign-in page's first load stays small.

const dayOutcomes = [
  'accrued',
  'converted',
  'adjusted',
  'allocated',
  'redeemed',
  'returned',
  'removed',
  'forfeited',
  'available',
] as const;

const statusColors: Record<string, MantineColor> = {
  assigned: 'blue.7',
  reserved: 'violet.7',
  completed: 'teal.7',
  redeemed: 'green.8',
  cancelled: 'gray.6',
  expired: 'orange.7',
};

const liabilityStages = ['redeemedUnclaimed', 'submitted', 'approvedUnpaid', 'overdue'] as const;

export function DashboardPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const dashboard = useQuery({
    queryKey: ['admin', 'dashboard'],
    queryFn: () => api.get<Dashboard>('/admin/dashboard'),
    refetchInterval: 60_000,
  });
  return (
    <Stack>
      <Title order={1}>{t('dashboard.title')}</Title>
      <QueryState query={dashboard}>
        {(d) => (
          <Stack>
            <Text c="dimmed">{t('dashboard.at', { date: format.dateTime(d.at) })}</Text>
            <SimpleGrid cols={{ base: 1, lg: 2 }}>
              <DaysPanel days={d.days} />
              <VouchersPanel byStatus={d.vouchersByStatus} />
            </SimpleGrid>
            <CalendarDeadlinesPanel />
            <LiabilityPanel liability={d.paymentLiability} />
            <SimpleGrid cols={{ base: 1, lg: 2 }}>
              <ProgramAtRisk today={d.at.slice(0, 10)} />
              <DeadLetters />
            </SimpleGrid>
            <DeadlinesPanel deadlines={d.upcomingDeadlines} />
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}

function DaysPanel({ days }: { days: Dashboard['days'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const data = dayOutcomes.map((outcome) => ({ outcome: t(`dashboardDays.${outcome}`), days: days[outcome] }));
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        {t('dashboard.daysTitle')}
      </Title>
      <figure aria-label={t('dashboard.daysTitle')} style={{ margin: 0 }}>
        <BarChart
          h={300}
          data={data}
          dataKey="outcome"
          orientation="vertical"
          yAxisProps={{ width: 110 }}
          series={[{ name: 'days', label: t('dashboard.daysSeries'), color: 'blue.8' }]}
          valueFormatter={(value) => format.number(value)}
          withBarValueLabel
          gridAxis="x"
        />
      </figure>
      <FigureTable
        mt="sm"
        fz="sm"
        labelHeader={t('dashboard.outcome')}
        valueHeader={t('dashboard.daysSeries')}
        figures={dayOutcomes.map((outcome) => ({
          key: outcome,
          label: t(`dashboardDays.${outcome}`),
          value: days[outcome],
        }))}
      />
    </Paper>
  );
}

function VouchersPanel({ byStatus }: { byStatus: Dashboard['vouchersByStatus'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const rows = voucherStatuses.map((status) => ({
    status,
    name: t(`status.${status}`),
    value: byStatus[status] ?? 0,
    color: statusColors[status] ?? 'gray.6',
  }));
  const total = rows.reduce((sum, row) => sum + row.value, 0);
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        {t('dashboard.vouchersTitle')}
      </Title>
      {total === 0 ? (
        <Empty>{t('dashboard.noVouchers')}</Empty>
      ) : (
        <Group align="center" justify="space-around" wrap="wrap">
          <figure aria-label={t('dashboard.vouchersTitle')} style={{ margin: 0 }}>
            <DonutChart
              size={200}
              thickness={34}
              data={rows.filter((row) => row.value > 0)}
              chartLabel={t('dashboard.vouchersTotal', { count: total })}
              valueFormatter={(value) => format.number(value)}
            />
          </figure>
          <FigureTable
            fz="sm"
            w="auto"
            labelHeader={t('vouchers.status')}
            valueHeader={t('dashboard.count')}
            figures={rows.map((row) => ({
              key: row.status,
              label: (
                <Group gap="xs" wrap="nowrap">
                  <ColorSwatch color={`var(--mantine-color-${row.color.replace('.', '-')})`} size={12} />
                  {row.name}
                </Group>
              ),
              value: row.value,
            }))}
          />
        </Group>
      )}
    </Paper>
  );
}

function LiabilityPanel({ liability }: { liability: Dashboard['paymentLiability'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const currencies = [...new Set(liabilityStages.flatMap((stage) => liability[stage].map((m) => m.currency)))].sort();
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        {t('dashboard.liabilityTitle')}
      </Title>
      {currencies.length === 0 ? (
        <Empty>{t('dashboard.noLiability')}</Empty>
      ) : (
        <Table.ScrollContainer minWidth={500}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('dashboard.stage')}</Table.Th>
                {currencies.map((currency) => (
                  <Table.Th key={currency} ta="right">
                    {currency}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {liabilityStages.map((stage) => (
                <Table.Tr key={stage}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {t(`liabilityStages.${stage}`)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t(`liabilityHints.${stage}`)}
                    </Text>
                  </Table.Td>
                  {currencies.map((currency) => {
                    const cell = liability[stage].find((m) => m.currency === currency);
                    return (
                      <Table.Td key={currency} ta="right">
                        <Text size="sm" fw={600}>
                          {format.money({ amountMinor: cell?.amountMinor ?? 0, currency })}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {t('dashboard.items', { count: cell?.count ?? 0 })}
                        </Text>
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

function DeadlinesPanel({ deadlines }: { deadlines: Dashboard['upcomingDeadlines'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const status = (deadline: Dashboard['upcomingDeadlines'][number]) =>
    t(`status.${deadline.status}`, { defaultValue: deadline.status });
  const code = (deadline: Dashboard['upcomingDeadlines'][number]) => (
    <Anchor component={Link} to={`/vouchers/${deadline.voucherId}`} ff="monospace">
      {deadline.code}
    </Anchor>
  );
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        {t('dashboard.deadlinesTitle')}
      </Title>
      {deadlines.length === 0 ? (
        <Empty>{t('dashboard.noDeadlines')}</Empty>
      ) : (
        // At 390 px each deadline is a card: code, status and the day due on screen (issue 12).
        // The day shown is the last day the step is allowed, as on the voucher pages and the
        // calendar ("Last day to request payment: 30 Apr 2021"), not the instant it bites.
        <ListTable
          items={deadlines}
          minWidth={500}
          framed={false}
          striped
          head={
            <>
              <Table.Th>{t('dashboard.due')}</Table.Th>
              <Table.Th>{t('dashboard.kind')}</Table.Th>
              <Table.Th>{t('vouchers.code')}</Table.Th>
              <Table.Th>{t('vouchers.status')}</Table.Th>
            </>
          }
          row={(deadline) => (
            <Table.Tr key={`${deadline.kind}-${deadline.voucherId}`}>
              <Table.Td>{format.date(deadline.lastDay)}</Table.Td>
              <Table.Td>{t(`deadlineKinds.${deadline.kind}`)}</Table.Td>
              <Table.Td>{code(deadline)}</Table.Td>
              <Table.Td>{status(deadline)}</Table.Td>
            </Table.Tr>
          )}
          card={(deadline) => (
            <Stack gap={2}>
              <Group justify="space-between" wrap="nowrap">
                {code(deadline)}
                <Text size="sm">{status(deadline)}</Text>
              </Group>
              <Text size="sm">
                {t(`deadlineKinds.${deadline.kind}`)}
                {': '}
                {format.date(deadline.lastDay)}
              </Text>
            </Stack>
          )}
        />
      )}
    </Paper>
  );
}

function ProgramAtRisk({ today }: { today: string }) {
  const program = useFirstProgram();
  return program.data ? <AtRiskChart path={`/admin/at-risk?programId=${program.data.id}`} today={today} /> : null;
}

/** E-mails the outbox gave up on (RFC 5321 refusals after 8 attempts) and those waiting for a retry. */
function DeadLetters() {
  const { t } = useTranslation();
  const backlog = useQuery({
    queryKey: ['admin', 'outbox'],
    queryFn: () => api.get<{ waiting: number; dead: number }>('/admin/outbox'),
    refetchInterval: 60_000,
  });
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4">
        {t('dashboard.outbox')}
      </Title>
      <QueryState query={backlog}>
        {(b) => (
          <Stack gap={4} mt="sm">
            <Text>{t('dashboard.deadLetters', { count: b.dead })}</Text>
            <Text c="dimmed">{t('dashboard.waiting', { count: b.waiting })}</Text>
          </Stack>
        )}
      </QueryState>
    </Paper>
  );
}
