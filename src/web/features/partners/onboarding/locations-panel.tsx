import { Button, Group, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, fieldErrors } from '../../../lib/api';
import { countryOptions } from '../../../lib/countries';
import { useFormat } from '../../../lib/format';
import { hasRole, useMe } from '../../../lib/session';
import type { Location } from '../../../lib/types';
import { Empty, notifySuccess, ProblemAlert, QueryState } from '../../../lib/ui';
import { useLocations } from '../use-locations';
import { useClientPages } from './client-pages';
import { partnerKey } from './partner-api';

/** Locations: one per country; a location is needed to reserve and redeem in that country. */
export function LocationsPanel({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const locations = useLocations(partnerId);
  const canAdd =
    (hasRole(me.data, 'global_admin', 'partner_admin') && me.data?.organizationId === partnerId) ||
    hasRole(me.data, 'operator_admin');

  return (
    <Stack>
      <Text size="sm">{t('locations.intro')}</Text>
      {canAdd ? <AddLocationForm partnerId={partnerId} taken={locations.data?.items ?? []} /> : null}
      <Paper withBorder p="md" component="section" aria-labelledby="locations-title">
        <Title order={2} size="h4" id="locations-title" mb="sm">
          {t('locations.title')}
        </Title>
        <QueryState query={locations}>
          {(page) =>
            page.items.length === 0 ? <Empty>{t('locations.empty')}</Empty> : <LocationTable items={page.items} />
          }
        </QueryState>
      </Paper>
    </Stack>
  );
}

function LocationTable({ items }: { items: Location[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const sorted = useMemo(
    () => [...items].sort((a, b) => format.country(a.country).localeCompare(format.country(b.country))),
    [items, format],
  );
  const paged = useClientPages(sorted);
  return (
    <Stack>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('locations.country')}</Table.Th>
            <Table.Th>{t('locations.code')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {paged.items.map((location) => (
            <Table.Tr key={location.id}>
              <Table.Td>{format.country(location.country)}</Table.Td>
              <Table.Td ff="monospace">{location.country}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {paged.pager}
    </Stack>
  );
}

function AddLocationForm({ partnerId, taken }: { partnerId: string; taken: Location[] }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const client = useQueryClient();
  const [country, setCountry] = useState<string | null>(null);
  const options = useMemo(() => {
    const used = new Set(taken.map((l) => l.country));
    return countryOptions(i18n.language).filter((o) => !used.has(o.value));
  }, [i18n.language, taken]);
  const add = useMutation({
    mutationFn: (code: string) => api.post<Location>(`/partners/${partnerId}/locations`, { country: code }),
    onSuccess: async (location) => {
      notifySuccess(t('locations.added', { country: format.country(location.country) }));
      setCountry(null);
      await client.invalidateQueries({ queryKey: partnerKey(partnerId) });
    },
  });
  const errors = fieldErrors(add.error);

  return (
    <Paper withBorder p="md">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (country) {
            add.mutate(country);
          }
        }}
      >
        <Stack>
          <Group align="flex-end">
            <Select
              label={t('locations.addCountry')}
              data={options}
              value={country}
              onChange={setCountry}
              searchable
              required
              w={360}
              error={errors.country}
              nothingFoundMessage={t('common.nothingFound')}
            />
            <Button type="submit" loading={add.isPending} disabled={!country}>
              {t('locations.add')}
            </Button>
          </Group>
          {add.error && !errors.country ? <ProblemAlert error={add.error} /> : null}
        </Stack>
      </form>
    </Paper>
  );
}
