import {
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, fieldErrors } from '../../lib/api';
import { countryOptions } from '../../lib/countries';
import { fromMinor, toMinor, useFormat } from '../../lib/format';
import { hasRole, useMe } from '../../lib/session';
import type { EngagementType, Page, Program, Rate } from '../../lib/types';
import { Empty, notifySuccess, ProblemAlert, QueryState } from '../../lib/ui';
import { useClock } from '../../shell/clock-banner';
import { ProgramTimeline } from './program-timeline';

export function ProgramPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id = '' } = useParams();
  const clock = useClock();
  const program = useQuery({ queryKey: ['programs', id], queryFn: () => api.get<Program>(`/programs/${id}`) });
  return (
    <Stack>
      <Anchor component={Link} to="/operator/programs" size="sm">
        {t('programs.back')}
      </Anchor>
      <QueryState query={program}>
        {(p) => (
          <Stack>
            <Title order={1}>{p.name}</Title>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Fact label={t('programs.timeZone')} value={p.timeZone} />
              <Fact label={t('programs.voucherLifetime')} value={t('common.days', { count: p.voucherLifetimeDays })} />
              <Fact label={t('programs.paymentWindow')} value={t('common.days', { count: p.paymentWindowDays })} />
            </SimpleGrid>
            <Tabs defaultValue="calendar" keepMounted={false}>
              <Tabs.List>
                <Tabs.Tab value="calendar">{t('programs.calendar')}</Tabs.Tab>
                <Tabs.Tab value="catalog">{t('programs.catalog')}</Tabs.Tab>
                <Tabs.Tab value="rates">{t('programs.rates')}</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="calendar" pt="md">
                <Paper withBorder p="md">
                  <ProgramTimeline calendar={p.calendar} today={clock.data?.now} />
                  <Text size="xs" c="dimmed" mt="md">
                    {t('programs.datesIn', { timeZone: p.timeZone, today: format.date(clock.data?.now) })}
                  </Text>
                </Paper>
              </Tabs.Panel>
              <Tabs.Panel value="catalog" pt="md">
                <Catalog programId={p.id} />
              </Tabs.Panel>
              <Tabs.Panel value="rates" pt="md">
                <RateCard programId={p.id} />
              </Tabs.Panel>
            </Tabs>
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fw={600}>{value}</Text>
    </Paper>
  );
}

export function useEngagementTypes(programId: string | undefined) {
  return useQuery({
    queryKey: ['programs', programId, 'engagement-types'],
    queryFn: () => api.get<Page<EngagementType>>(`/programs/${programId}/engagement-types`),
    enabled: !!programId,
    staleTime: 5 * 60_000,
  });
}

export function groupByOffering(types: EngagementType[]): [string, EngagementType[]][] {
  const groups = new Map<string, EngagementType[]>();
  for (const type of types) {
    groups.set(type.offeringCode, [...(groups.get(type.offeringCode) ?? []), type]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

function Catalog({ programId }: { programId: string }) {
  const { t } = useTranslation();
  const types = useEngagementTypes(programId);
  return (
    <QueryState query={types}>
      {(page) =>
        page.items.length === 0 ? (
          <Empty>{t('catalog.empty')}</Empty>
        ) : (
          <Stack>
            {groupByOffering(page.items).map(([offering, items]) => (
              <Paper withBorder p="md" key={offering}>
                <Title order={2} size="h4" mb="sm">
                  {t('catalog.offering', { code: offering })}
                </Title>
                <Table.ScrollContainer minWidth={700}>
                  <Table>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('catalog.code')}</Table.Th>
                        <Table.Th>{t('catalog.name')}</Table.Th>
                        <Table.Th>{t('catalog.lengths')}</Table.Th>
                        <Table.Th>{t('catalog.competencies')}</Table.Th>
                        <Table.Th>{t('catalog.exams')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {items.map((type) => (
                        <Table.Tr key={type.id}>
                          <Table.Td>
                            <Text size="sm" ff="monospace">
                              {type.code}
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            {type.name}
                            {type.cloud ? (
                              <Badge ml="xs" size="sm" variant="outline">
                                {t('catalog.cloud')}
                              </Badge>
                            ) : null}
                          </Table.Td>
                          <Table.Td>
                            {type.allowedLengths.map((d) => t('common.days', { count: d })).join(', ')}
                          </Table.Td>
                          <Table.Td>{type.competencies.join(' · ')}</Table.Td>
                          <Table.Td>{type.exams.join(' · ')}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </Paper>
            ))}
          </Stack>
        )
      }
    </QueryState>
  );
}

function RateCard({ programId }: { programId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useMe();
  const [editing, setEditing] = useState<Rate | 'new' | null>(null);
  const rates = useQuery({
    queryKey: ['programs', programId, 'rates'],
    queryFn: () => api.get<Page<Rate>>(`/programs/${programId}/rates`),
  });
  const canEdit = hasRole(me.data, 'operator_admin');
  return (
    <Stack>
      {canEdit ? (
        <Group justify="flex-end">
          <Button onClick={() => setEditing('new')}>{t('rates.add')}</Button>
        </Group>
      ) : null}
      <QueryState query={rates}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>{t('rates.empty')}</Empty>
          ) : (
            <Paper withBorder>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('rates.country')}</Table.Th>
                    <Table.Th>{t('rates.dailyRate')}</Table.Th>
                    {canEdit ? <Table.Th>{t('common.actions')}</Table.Th> : null}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((rate) => (
                    <Table.Tr key={rate.country}>
                      <Table.Td>{format.country(rate.country)}</Table.Td>
                      <Table.Td>{format.money({ amountMinor: rate.amountMinor, currency: rate.currency })}</Table.Td>
                      {canEdit ? (
                        <Table.Td>
                          <Button
                            size="xs"
                            variant="default"
                            onClick={() => setEditing(rate)}
                            aria-label={t('rates.editFor', { country: format.country(rate.country) })}
                          >
                            {t('common.edit')}
                          </Button>
                        </Table.Td>
                      ) : null}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
          )
        }
      </QueryState>
      {editing ? (
        <RateModal programId={programId} rate={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
    </Stack>
  );
}

function RateModal({ programId, rate, onClose }: { programId: string; rate: Rate | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const client = useQueryClient();
  const [country, setCountry] = useState<string | null>(rate?.country ?? null);
  const [currency, setCurrency] = useState(rate?.currency ?? 'USD');
  const [amount, setAmount] = useState<number | string>(rate ? fromMinor(rate.amountMinor, rate.currency) : '');
  const countries = useMemo(() => countryOptions(i18n.language), [i18n.language]);

  const save = useMutation({
    mutationFn: () =>
      api.put<Rate>(`/programs/${programId}/rates/${country ?? ''}`, {
        amountMinor: toMinor(Number(amount), currency),
        currency,
      }),
    onSuccess: async (saved) => {
      notifySuccess(
        t('rates.saved', {
          country: format.country(saved.country),
          rate: format.money({ amountMinor: saved.amountMinor, currency: saved.currency }),
        }),
      );
      onClose();
      await client.invalidateQueries({ queryKey: ['programs', programId, 'rates'] });
    },
  });
  const errors = fieldErrors(save.error);
  return (
    <Modal opened onClose={onClose} title={rate ? t('rates.edit') : t('rates.add')} centered>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <Select
            label={t('rates.country')}
            data={countries}
            searchable
            required
            disabled={!!rate}
            value={country}
            onChange={setCountry}
            error={errors.country}
            nothingFoundMessage={t('common.nothingFound')}
          />
          <Group grow align="flex-start">
            <NumberInput
              label={t('rates.dailyRate')}
              required
              min={0}
              decimalScale={2}
              value={amount}
              onChange={setAmount}
              error={errors.amountMinor}
            />
            <TextInput
              label={t('rates.currency')}
              required
              maxLength={3}
              value={currency}
              onChange={(e) => setCurrency(e.currentTarget.value.toUpperCase())}
              error={errors.currency}
            />
          </Group>
          {save.error && Object.keys(errors).length === 0 ? <ProblemAlert error={save.error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!country || amount === ''}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
