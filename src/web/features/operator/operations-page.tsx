import {
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, fieldErrors, unplacedErrors } from '../../lib/api';
import { useFormat } from '../../lib/format';
import type { Page, Program, Simulation, SweepResult } from '../../lib/types';
import { ConfirmButton, notifyError, notifySuccess, ProblemAlert, QueryState } from '../../lib/ui';
import { useClock } from '../../shell/clock-banner';

const sweepFields = ['expired', 'daysReturned', 'daysForfeited', 'agreementsEmptied', 'daysRemoved'] as const;

/** The calendar rules as the server words them (domain/calendar-at.ts), to show them translated. */
const calendarRuleKeys: Record<string, string> = {
  'cloud engagement types retired: no new vouchers or reservations': 'cloudRetirement',
  'training days can no longer be converted': 'trainingConversionEnd',
  'no more accrual': 'accrualEnd',
  'last day to create or assign vouchers has passed': 'lastVoucher',
  'all remaining (unallocated) days removed': 'daysRemoval',
  'last day to redeem has passed': 'lastRedemption',
};

function SweepTable({ result }: { result: SweepResult }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Table fz="sm">
      <Table.Tbody>
        {sweepFields.map((field) => (
          <Table.Tr key={field}>
            <Table.Th scope="row">{t(`sweepFields.${field}`)}</Table.Th>
            <Table.Td ta="right">{format.number(result[field])}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Sweeps, bulk extension and the dry run at a date (operator admin). */
export function OperationsPage() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={1}>{t('operations.title')}</Title>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <SweepPanel />
        <ExtensionPanel />
      </SimpleGrid>
      <SimulationPanel />
    </Stack>
  );
}

function SweepPanel() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [result, setResult] = useState<SweepResult | null>(null);
  const sweep = useMutation({
    mutationFn: () => api.post<SweepResult>('/admin/sweeps'),
    onSuccess: async (r) => {
      setResult(r);
      notifySuccess(t('operations.swept', { count: r.expired }));
      await client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'clock' && q.queryKey[0] !== 'me' });
    },
    onError: notifyError,
  });
  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h4">
          {t('operations.sweepTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('operations.sweepIntro')}
        </Text>
        <Group>
          <ConfirmButton
            color="red.9"
            label={t('operations.sweepRun')}
            title={t('operations.sweepRun')}
            message={t('operations.sweepConfirm')}
            confirmLabel={t('operations.sweepRun')}
            loading={sweep.isPending}
            onConfirm={() => sweep.mutate()}
          />
        </Group>
        {result ? (
          <section aria-label={t('operations.sweepResult')}>
            <Text fw={600} size="sm">
              {t('operations.sweepResult')}
            </Text>
            <SweepTable result={result} />
          </section>
        ) : null}
      </Stack>
    </Paper>
  );
}

function ExtensionPanel() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const programs = useQuery({
    queryKey: ['programs', 'all'],
    queryFn: () => api.get<Page<Program>>('/programs', { limit: 200 }),
    staleTime: 5 * 60_000,
  });
  const [programId, setProgramId] = useState<string | null>(null);
  const [createdBefore, setCreatedBefore] = useState('');
  const [days, setDays] = useState<number | string>(30);
  const [reason, setReason] = useState('');
  const [extended, setExtended] = useState<number | null>(null);
  const program = programId ?? programs.data?.items[0]?.id ?? null;
  const extend = useMutation({
    mutationFn: () =>
      api.post<{ extended: number }>('/admin/extensions', {
        programId: program,
        createdBefore,
        days: Number(days),
        reason,
      }),
    onSuccess: async (r) => {
      setExtended(r.extended);
      notifySuccess(t('operations.extended', { count: r.extended }));
      await client.invalidateQueries({ queryKey: ['vouchers'] });
      await client.invalidateQueries({ queryKey: ['admin', 'dashboard'] });
    },
  });
  const errors = fieldErrors(extend.error);
  const rest = unplacedErrors(extend.error, ['programId', 'createdBefore', 'days', 'reason']);
  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h4">
          {t('operations.extensionTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('operations.extensionIntro')}
        </Text>
        <Select
          label={t('operations.program')}
          required
          data={(programs.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
          value={program}
          onChange={setProgramId}
          error={errors.programId}
        />
        <Group grow align="flex-start">
          <TextInput
            type="date"
            label={t('operations.createdBefore')}
            required
            value={createdBefore}
            onChange={(e) => setCreatedBefore(e.currentTarget.value)}
            error={errors.createdBefore}
          />
          <NumberInput
            label={t('operations.extensionDays')}
            required
            min={1}
            max={365}
            value={days}
            onChange={setDays}
            error={errors.days}
          />
        </Group>
        <Textarea
          label={t('operations.reason')}
          required
          autosize
          minRows={2}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={errors.reason}
        />
        {extend.error && (rest.length > 0 || Object.keys(errors).length === 0) ? (
          <ProblemAlert error={extend.error} />
        ) : null}
        <Group justify="space-between">
          <Text size="sm" fw={600} role="status">
            {extended === null ? '' : t('operations.extended', { count: extended })}
          </Text>
          <ConfirmButton
            color="blue"
            label={t('operations.extend')}
            title={t('operations.extend')}
            message={t('operations.extendConfirm', { count: Number(days) || 0 })}
            confirmLabel={t('operations.extend')}
            disabled={!program || !createdBefore || !reason.trim()}
            loading={extend.isPending}
            onConfirm={() => extend.mutate()}
          />
        </Group>
      </Stack>
    </Paper>
  );
}

function SimulationPanel() {
  const { t } = useTranslation();
  const format = useFormat();
  const clock = useClock();
  const [value, setValue] = useState('');
  const [at, setAt] = useState<string | null>(null);
  const simulation = useQuery({
    queryKey: ['admin', 'simulation', at],
    queryFn: () => api.get<Simulation>('/admin/simulation', { at }),
    enabled: at !== null,
  });
  const input = value || (clock.data ? clock.data.now.slice(0, 16) : '');
  return (
    <Paper withBorder p="md">
      <Stack>
        <Title order={2} size="h4">
          {t('operations.simulationTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('operations.simulationIntro')}
        </Text>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (input) {
              setAt(new Date(`${input}:00Z`).toISOString());
            }
          }}
        >
          <Group align="flex-end">
            <TextInput
              type="datetime-local"
              label={t('operations.simulateAt')}
              description={t('clock.utc')}
              value={input}
              onChange={(e) => setValue(e.currentTarget.value)}
              required
            />
            <Button type="submit" loading={simulation.isFetching}>
              {t('operations.simulate')}
            </Button>
          </Group>
        </form>
        {at === null ? null : (
          <QueryState query={simulation}>
            {(s) => (
              <Stack>
                <Text fw={600}>{t('operations.simulatedAt', { date: format.dateTime(s.at) })}</Text>
                <SimpleGrid cols={{ base: 1, lg: 3 }}>
                  <section aria-label={t('operations.wouldSweep')}>
                    <Text fw={600} size="sm">
                      {t('operations.wouldSweep')}
                    </Text>
                    <SweepTable result={s.sweep} />
                  </section>
                  <Stack style={{ gridColumn: 'span 2' }}>
                    {s.programs.map((program) => (
                      <section key={program.name} aria-label={program.name}>
                        <Text fw={600} size="sm">
                          {t('operations.calendarOf', { name: program.name, timeZone: program.timeZone })}
                        </Text>
                        <Table.ScrollContainer minWidth={600}>
                          <Table fz="sm" striped>
                            <Table.Thead>
                              <Table.Tr>
                                <Table.Th>{t('voucher.date')}</Table.Th>
                                <Table.Th>{t('voucher.rule')}</Table.Th>
                                <Table.Th>{t('operations.from')}</Table.Th>
                                <Table.Th>{t('operations.inForce')}</Table.Th>
                              </Table.Tr>
                            </Table.Thead>
                            <Table.Tbody>
                              {program.rules.map((rule) => {
                                const key = calendarRuleKeys[rule.rule];
                                return (
                                  <Table.Tr key={rule.rule}>
                                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.date(rule.date)}</Table.Td>
                                    <Table.Td>{key ? t(`calendarRules.${key}`) : rule.rule}</Table.Td>
                                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.dateTime(rule.from)}</Table.Td>
                                    <Table.Td>
                                      <Badge variant="light" color={rule.inForce ? 'red' : 'gray'}>
                                        {rule.inForce ? t('operations.yes') : t('operations.no')}
                                      </Badge>
                                    </Table.Td>
                                  </Table.Tr>
                                );
                              })}
                            </Table.Tbody>
                          </Table>
                        </Table.ScrollContainer>
                      </section>
                    ))}
                  </Stack>
                </SimpleGrid>
              </Stack>
            )}
          </QueryState>
        )}
      </Stack>
    </Paper>
  );
}
