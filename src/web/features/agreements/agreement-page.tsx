import { Anchor, Badge, Group, NumberInput, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, fieldErrors } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { hasRole, useMe } from '../../lib/session';
import type { Agreement, LedgerEntry, Page, Program, Voucher } from '../../lib/types';
import { PagedTable } from '../../lib/paged-list';
import { ConfirmButton, notifyError, notifySuccess, QueryState, usePagedList } from '../../lib/ui';
import { useClock } from '../../shell/clock-banner';
import { AtRiskChart } from '../notifications/at-risk-chart';
import { CreateVoucherAction } from '../vouchers/voucher-creation';
import { RetirementCountdown } from './retirement-countdown';
import { ExportCsvButton } from '../../lib/export-button';

export function AgreementPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id = '' } = useParams();
  const me = useMe();
  const client = useQueryClient();
  const agreement = useQuery({ queryKey: ['agreements', id], queryFn: () => api.get<Agreement>(`/agreements/${id}`) });
  const isBenefitAdmin = hasRole(me.data, 'benefit_admin');
  const clockNow = useClock().data?.now.slice(0, 10);

  const activate = useMutation({
    mutationFn: () => api.post<Agreement>(`/agreements/${id}/activation`),
    onSuccess: async (result) => {
      client.setQueryData(['agreements', id], result);
      notifySuccess(t('agreements.activatedNow'));
      await client.invalidateQueries({ queryKey: ['agreements'] });
    },
    onError: notifyError,
  });

  return (
    <Stack>
      <Anchor component={Link} to="/agreements" size="sm">
        {t('agreements.back')}
      </Anchor>
      <QueryState query={agreement}>
        {(a) => (
          <Stack>
            <Group justify="space-between">
              <Title order={1}>{t('agreements.titleOne', { id: a.licensingId })}</Title>
              <Group>
                {isBenefitAdmin && !a.activated ? (
                  <ConfirmButton
                    color="blue"
                    label={t('agreements.activate')}
                    title={t('agreements.activate')}
                    message={t('agreements.activateConfirm')}
                    confirmLabel={t('agreements.activate')}
                    loading={activate.isPending}
                    onConfirm={() => activate.mutate()}
                  />
                ) : null}
                {a.activated ? <CreateVoucherAction agreementId={a.id} programId={a.programId} /> : null}
              </Group>
            </Group>
            <RetirementCountdown agreements={[a]} />
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Paper withBorder p="md">
                <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
                  {t('agreements.balance')}
                </Text>
                <Text size="xl" fw={700}>
                  {t('common.days', { count: a.balance })}
                </Text>
              </Paper>
              <Paper withBorder p="md">
                <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
                  {t('agreements.endsOn')}
                </Text>
                <Text size="xl" fw={700}>
                  {format.date(a.endsOn)}
                </Text>
              </Paper>
              <Paper withBorder p="md">
                <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
                  {t('agreements.benefit')}
                </Text>
                <Badge color={a.activated ? 'green' : 'gray'} variant="light" size="lg">
                  {a.activated ? t('agreements.activated') : t('agreements.notActivated')}
                </Badge>
              </Paper>
            </SimpleGrid>
            {isBenefitAdmin && a.activated ? <TrainingConversion agreement={a} /> : null}
            {isBenefitAdmin && clockNow ? <AtRiskChart path={`/agreements/${a.id}/at-risk`} today={clockNow} /> : null}
            <Ledger agreementId={a.id} />
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}

function TrainingConversion({ agreement }: { agreement: Agreement }) {
  const { t } = useTranslation();
  const format = useFormat();
  const client = useQueryClient();
  const clock = useClock();
  const [days, setDays] = useState<number | string>('');
  const program = useQuery({
    queryKey: ['programs', agreement.programId],
    queryFn: () => api.get<Program>(`/programs/${agreement.programId}`),
  });
  const convert = useMutation({
    mutationFn: () => api.post<LedgerEntry>(`/agreements/${agreement.id}/training-conversions`, { days: Number(days) }),
    onSuccess: async () => {
      notifySuccess(t('conversion.done', { count: Number(days) }));
      setDays('');
      await client.invalidateQueries({ queryKey: ['agreements'] });
    },
    onError: notifyError,
  });
  const end = program.data?.calendar.trainingConversionEndDate;
  if (!end) {
    return null;
  }
  const today = clock.data?.now.slice(0, 10);
  const open = !today || today <= end;
  const errors = fieldErrors(convert.error);
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="xs">
        {t('conversion.title')}
      </Title>
      {open ? (
        <Stack>
          <Text size="sm">{t('conversion.body', { date: format.date(end) })}</Text>
          <Group align="flex-end">
            <NumberInput
              label={t('conversion.days')}
              min={1}
              max={agreement.balance}
              allowDecimal={false}
              value={days}
              onChange={setDays}
              error={errors.days}
              w={200}
            />
            <ConfirmButton
              color="blue"
              label={t('conversion.submit')}
              title={t('conversion.title')}
              message={t('conversion.confirm', { count: Number(days) || 0 })}
              confirmLabel={t('conversion.submit')}
              disabled={!days || Number(days) < 1}
              loading={convert.isPending}
              onConfirm={() => convert.mutate()}
            />
          </Group>
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          {t('conversion.closed', { date: format.date(end) })}
        </Text>
      )}
    </Paper>
  );
}

function Ledger({ agreementId }: { agreementId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const list = usePagedList<LedgerEntry>(['agreements', agreementId, 'ledger'], `/agreements/${agreementId}/ledger`);
  // The ledger names vouchers by id; their codes come from the agreement's vouchers.
  const vouchers = useQuery({
    queryKey: ['vouchers', 'codes', agreementId],
    queryFn: () => api.get<Page<Voucher>>('/vouchers', { agreementId, limit: 200 }),
  });
  const codes = new Map((vouchers.data?.items ?? []).map((v) => [v.id, v.code]));
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} size="h3">
          {t('ledger.title')}
        </Title>
        <ExportCsvButton path="/exports/ledger.csv" filters={{ agreementId }} />
      </Group>
      <PagedTable
        list={list}
        empty={t('ledger.empty')}
        minWidth={600}
        striped
        head={
          <>
            <Table.Th>{t('ledger.at')}</Table.Th>
            <Table.Th>{t('ledger.kind')}</Table.Th>
            <Table.Th ta="right">{t('ledger.days')}</Table.Th>
            <Table.Th>{t('ledger.note')}</Table.Th>
          </>
        }
        row={(entry) => (
          <Table.Tr key={entry.id}>
            <Table.Td>{format.dateTime(entry.at)}</Table.Td>
            <Table.Td>{t(`ledgerKinds.${entry.kind}`, { defaultValue: entry.kind })}</Table.Td>
            <Table.Td ta="right">
              {entry.days > 0 ? `+${format.number(entry.days)}` : format.number(entry.days)}
            </Table.Td>
            <Table.Td>
              {entry.voucherId ? (
                <Anchor component={Link} to={`/vouchers/${entry.voucherId}`} size="sm" className="saps-code">
                  {codes.get(entry.voucherId) ?? t('ledger.voucher')}
                </Anchor>
              ) : null}
              {entry.note ? <Text size="sm">{entry.note}</Text> : null}
            </Table.Td>
          </Table.Tr>
        )}
      />
    </Stack>
  );
}
