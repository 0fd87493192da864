import { Anchor, Group, List, Paper, SimpleGrid, Stack, Table, Text, Timeline, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { useFormat } from '../../lib/format';
import type { StoredFile, Voucher, VoucherStatus } from '../../lib/types';
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

export function VoucherDeadlines({ voucher }: { voucher: Voucher }) {
  const { t } = useTranslation();
  const format = useFormat();
  // The server's effective deadlines: the last program-local day, and the rule that sets it.
  const { reserveBy, redeemBy, paymentBy } = voucher.deadlines;
  const rows = [
    { name: t('voucher.reserveBy'), deadline: reserveBy },
    { name: t('voucher.redeemBy'), deadline: redeemBy },
    ...(paymentBy ? [{ name: t('voucher.paymentDueBy'), deadline: paymentBy }] : []),
  ].map(({ name, deadline }) => ({
    name,
    date: deadline.lastDay,
    rule: t(`deadlineRules.${deadline.rule}`),
  }));
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
        {rows.map((row) => (
          <Table.Tr key={row.name}>
            <Table.Td>{row.name}</Table.Td>
            <Table.Td>{format.date(row.date)}</Table.Td>
            <Table.Td>
              <Text size="sm" c="dimmed">
                {row.rule}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
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
          {t('report.size', { size: format.number(Math.ceil(file.data.size / 1024)) })}
        </Text>
      ) : null}
    </Group>
  );
}
