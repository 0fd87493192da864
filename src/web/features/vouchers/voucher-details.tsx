import { Anchor, Group, List, Paper, SimpleGrid, Stack, Table, Text, Timeline, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { useFormat } from '../../lib/format';
import type { CompletionReport, Deadline, StoredFile, Voucher, VoucherStatus } from '../../lib/types';
import { useClock } from '../../shell/clock-banner';
import { StatusBadge } from '../../lib/ui';

const happyPath: VoucherStatus[] = ['assigned', 'reserved', 'completed', 'redeemed'];

/** When each state was reached, from the voucher's own fields. */
function stateTimes(voucher: Voucher): Partial<Record<VoucherStatus, string>> {
  const times: Partial<Record<VoucherStatus, string>> = { assigned: voucher.createdAt };
  if (voucher.reservation?.reservedAt) {
    times.reserved = voucher.reservation.reservedAt;
  }
  if (voucher.completionReport?.submittedAt) {
    times.completed = voucher.completionReport.submittedAt;
  }
  if (voucher.redeemedAt) {
    times.redeemed = voucher.redeemedAt;
  }
  return times;
}

export function VoucherStateTimeline({ voucher }: { voucher: Voucher }) {
  const { t } = useTranslation();
  const format = useFormat();
  const times = stateTimes(voucher);
  const ended = voucher.status === 'cancelled' || voucher.status === 'expired';
  const reached = ended ? happyPath.filter((s) => times[s]).length - 1 : happyPath.indexOf(voucher.status);
  const steps: VoucherStatus[] = ended ? [...happyPath.filter((s) => times[s]), voucher.status] : happyPath;
  return (
    <Timeline active={ended ? steps.length - 1 : reached} bulletSize={18} lineWidth={2}>
      {steps.map((status) => (
        <Timeline.Item
          key={status}
          title={t(`status.${status}`)}
          color={status === voucher.status && ended ? 'gray' : undefined}
        >
          <Text size="sm" c="dimmed">
            {times[status] ? format.dateTime(times[status]) : t('voucher.notYet')}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

type DeadlineKey = 'reserveBy' | 'redeemBy' | 'paymentBy';

/**
 * The deadlines that still matter for the voucher's status, each with its date and rule: to
 * reserve (an assigned voucher), to redeem (until it is redeemed), to request payment (once
 * redeemed). A reservation is pointless once redemption has closed, so the day shown to reserve
 * is never after the last redemption day (issue 12, M4).
 */
export function voucherDeadlineRows(voucher: Voucher): { key: DeadlineKey; deadline: Deadline }[] {
  const { reserveBy, redeemBy, paymentBy } = voucher.deadlines;
  const live = voucher.status === 'assigned' || voucher.status === 'reserved' || voucher.status === 'completed';
  const rows: { key: DeadlineKey; deadline: Deadline }[] = [];
  if (voucher.status === 'assigned') {
    rows.push({ key: 'reserveBy', deadline: reserveBy.lastDay > redeemBy.lastDay ? redeemBy : reserveBy });
  }
  if (live) {
    rows.push({ key: 'redeemBy', deadline: redeemBy });
  }
  if (voucher.status === 'redeemed' && paymentBy) {
    rows.push({ key: 'paymentBy', deadline: paymentBy });
  }
  return rows;
}

/** The next deadline of a voucher (the earliest row), for lists. */
export function nextDeadline(voucher: Voucher): { key: DeadlineKey; deadline: Deadline } | undefined {
  return voucherDeadlineRows(voucher)[0];
}

const deadlineNames: Record<DeadlineKey, string> = {
  reserveBy: 'voucher.reserveBy',
  redeemBy: 'voucher.redeemBy',
  paymentBy: 'voucher.paymentDueBy',
};

export function VoucherDeadlines({ voucher }: { voucher: Voucher }) {
  const { t } = useTranslation();
  const format = useFormat();
  const clock = useClock();
  const now = clock.data?.now;
  const rows = voucherDeadlineRows(voucher);
  if (rows.length === 0) {
    return <Text c="dimmed">{t('voucher.noDeadlines')}</Text>;
  }
  return (
    <Table>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('voucher.deadline')}</Table.Th>
          <Table.Th>{t('voucher.date')}</Table.Th>
          <Table.Th>{t('voucher.rule')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map(({ key, deadline }) => {
          const passed = !!now && new Date(now).getTime() >= new Date(deadline.before).getTime();
          return (
            <Table.Tr key={key}>
              <Table.Td>{t(deadlineNames[key])}</Table.Td>
              <Table.Td>
                <Text size="sm" fw={passed ? 700 : undefined} c={passed ? 'red.9' : undefined}>
                  {format.date(deadline.lastDay)}
                  {passed ? ` · ${t('voucher.deadlinePassed')}` : ''}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c="dimmed">
                  {t(`deadlineRules.${deadline.rule}`)}
                </Text>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

/** "Voucher PS-M2KX-88ZY", the code never broken across lines (issue 12). */
export function VoucherTitle({ code }: { code: string }) {
  const { t } = useTranslation();
  const [before, after] = t('voucher.title', { code: '\u0000' }).split('\u0000');
  return (
    <Title order={1}>
      {before}
      <span className="saps-code">{code}</span>
      {after}
    </Title>
  );
}

export function VoucherSummary({ voucher, typeName }: { voucher: Voucher; typeName: string | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <SimpleGrid cols={{ base: 1, sm: 4 }}>
      <Paper withBorder p="sm">
        <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
          {t('vouchers.code')}
        </Text>
        <Text fw={700} ff="monospace">
          {voucher.code}
        </Text>
      </Paper>
      <Paper withBorder p="sm">
        <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
          {t('vouchers.status')}
        </Text>
        <StatusBadge status={voucher.status} />
      </Paper>
      <Paper withBorder p="sm">
        <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
          {t('vouchers.engagementType')}
        </Text>
        <Text fw={600}>{typeName ?? '—'}</Text>
      </Paper>
      <Paper withBorder p="sm">
        <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
          {t('vouchers.days')}
        </Text>
        <Text fw={600}>{format.number(voucher.days)}</Text>
      </Paper>
    </SimpleGrid>
  );
}

export function VoucherReservation({ voucher }: { voucher: Voucher }) {
  const { t } = useTranslation();
  const format = useFormat();
  const reservation = voucher.reservation;
  if (!reservation) {
    return <Text c="dimmed">{t('voucher.noReservation')}</Text>;
  }
  return (
    <Stack gap={4}>
      <Text>{t('voucher.deliveryCountry', { country: format.country(reservation.deliveryCountry) })}</Text>
      <Text>
        {t('voucher.plannedDates', {
          from: format.date(reservation.plannedStart),
          to: format.date(reservation.plannedEnd),
        })}
      </Text>
      {reservation.reservedAt ? (
        <Text size="sm" c="dimmed">
          {t('voucher.reservedAt', { date: format.dateTime(reservation.reservedAt) })}
        </Text>
      ) : null}
    </Stack>
  );
}

export function VoucherCompletionReport({ voucher }: { voucher: Voucher }) {
  const { t } = useTranslation();
  const format = useFormat();
  const report = voucher.completionReport;
  if (!report) {
    return <Text c="dimmed">{t('voucher.noReport')}</Text>;
  }
  const deliverables = report.deliverableFileIds;
  return (
    <Stack gap="xs">
      <Text>
        {t('voucher.delivered', { from: format.date(report.deliveredFrom), to: format.date(report.deliveredTo) })}
      </Text>
      <ReportConsultants consultants={report.consultants} />
      <Title order={3} size="h5">
        {t('report.summary')}
      </Title>
      <Text style={{ whiteSpace: 'pre-wrap' }}>{report.summary}</Text>
      <Title order={3} size="h5">
        {t('report.nextSteps')}
      </Title>
      <Text style={{ whiteSpace: 'pre-wrap' }}>{report.nextSteps}</Text>
      <Title order={3} size="h5">
        {t('report.deliverables')}
      </Title>
      {deliverables.length === 0 ? (
        <Text c="dimmed">{t('report.noDeliverables')}</Text>
      ) : (
        <List>
          {deliverables.map((id) => (
            <List.Item key={id}>
              <Deliverable id={id} />
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

/** The delivering consultants, named by the voucher answer (issue 12: the report shows them). */
function ReportConsultants({ consultants }: { consultants: CompletionReport['consultants'] }) {
  const { t } = useTranslation();
  const shown = consultants.map((c) => c.name).filter((name) => name !== '');
  return (
    <Text>
      {shown.length === consultants.length && shown.length > 0
        ? t('report.deliveredBy', { names: shown.join(', ') })
        : t('report.consultantCount', { count: consultants.length })}
    </Text>
  );
}

/** One deliverable: its name and size from `GET /files/{id}`, and a download link. */
function Deliverable({ id }: { id: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const file = useQuery({
    queryKey: ['files', id],
    queryFn: () => api.get<StoredFile>(`/files/${id}`),
    staleTime: Infinity,
  });
  return (
    <Group gap="xs">
      <Anchor href={`/api/v1/files/${id}/content`}>{file.data?.name ?? t('report.deliverable')}</Anchor>
      {file.data ? (
        <Text size="sm" c="dimmed">
          {format.bytes(file.data.size)}
        </Text>
      ) : null}
    </Group>
  );
}
