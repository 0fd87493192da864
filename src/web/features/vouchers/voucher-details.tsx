import { Anchor, Group, List, Paper, SimpleGrid, Stack, Table, Text, Timeline, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import type { Voucher, VoucherStatus } from '../../lib/types';
import { StatusBadge } from '../../lib/ui';

const happyPath: VoucherStatus[] = ['assigned', 'reserved', 'completed', 'redeemed'];

/** When each state was reached, from the voucher's own fields (or its history when the server sends one). */
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
  for (const step of voucher.history ?? []) {
    times[step.status] = step.at;
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
  const rows =
    voucher.deadlines && voucher.deadlines.length > 0
      ? voucher.deadlines.map((d) => ({ name: d.name, date: d.date, rule: d.rule ?? '' }))
      : [
          { name: t('voucher.expiry'), date: voucher.expiresAt, rule: t('voucher.expiryRule') },
          ...(voucher.paymentDueBy
            ? [{ name: t('voucher.paymentDueBy'), date: voucher.paymentDueBy, rule: t('voucher.paymentDueRule') }]
            : []),
        ];
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
      {reservation.partnerName ? <Text>{t('voucher.partner', { name: reservation.partnerName })}</Text> : null}
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
  const deliverables = report.deliverables ?? report.deliverableFileIds.map((id) => ({ id, name: id, size: 0 }));
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
          {deliverables.map((file) => (
            <List.Item key={file.id}>
              <Group gap="xs">
                <Anchor href={`/api/v1/files/${file.id}/content`}>{file.name}</Anchor>
                {file.size ? (
                  <Text size="sm" c="dimmed">
                    {t('report.size', { size: format.number(Math.ceil(file.size / 1024)) })}
                  </Text>
                ) : null}
              </Group>
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
