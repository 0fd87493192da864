import { Anchor, Button, Group, Modal, SegmentedControl, Select, Stack, Table, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, fieldErrors, unplacedErrors } from '../../lib/api';
import { countryOptions } from '../../lib/countries';
import { useFormat } from '../../lib/format';
import { hasRole, useMe } from '../../lib/session';
import type { Organization } from '../../lib/types';
import { PagedTable } from '../../lib/paged-list';
import { notifySuccess, ProblemAlert, usePagedList } from '../../lib/ui';

type KindFilter = 'all' | 'customer' | 'partner' | 'operator';

export function OrganizationsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useMe();
  const [kind, setKind] = useState<KindFilter>('all');
  const [creating, setCreating] = useState(false);
  const list = usePagedList<Organization>(['organizations'], '/organizations', {
    kind: kind === 'all' ? undefined : kind,
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('organizations.title')}</Title>
        {hasRole(me.data, 'operator_admin') ? (
          <Button onClick={() => setCreating(true)}>{t('organizations.create')}</Button>
        ) : null}
      </Group>
      <SegmentedControl
        aria-label={t('organizations.filterKind')}
        value={kind}
        onChange={(value) => setKind(value)}
        data={[
          { value: 'all', label: t('organizations.allKinds') },
          { value: 'customer', label: t('organizationKinds.customer') },
          { value: 'partner', label: t('organizationKinds.partner') },
          { value: 'operator', label: t('organizationKinds.operator') },
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      <PagedTable
        list={list}
        empty={t('organizations.empty')}
        minWidth={600}
        striped
        highlightOnHover
        head={
          <>
            <Table.Th>{t('organizations.name')}</Table.Th>
            <Table.Th>{t('organizations.kind')}</Table.Th>
            <Table.Th>{t('organizations.country')}</Table.Th>
            <Table.Th>{t('common.createdAt')}</Table.Th>
          </>
        }
        row={(organization) => (
          <Table.Tr key={organization.id}>
            <Table.Td>
              <Anchor component={Link} to={`/operator/organizations/${organization.id}`}>
                {organization.name}
              </Anchor>
            </Table.Td>
            <Table.Td>{t(`organizationKinds.${organization.kind}`)}</Table.Td>
            <Table.Td>{format.country(organization.country)}</Table.Td>
            <Table.Td>{format.date(organization.createdAt)}</Table.Td>
          </Table.Tr>
        )}
      />
      <CreateOrganizationModal opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}

function CreateOrganizationModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [kind, setKind] = useState<'customer' | 'partner'>('customer');
  const [name, setName] = useState('');
  const [country, setCountry] = useState<string | null>(null);
  const countries = useMemo(() => countryOptions(i18n.language), [i18n.language]);

  const create = useMutation({
    mutationFn: () => api.post<Organization>('/organizations', { kind, name, country: country ?? '' }),
    onSuccess: async (organization) => {
      notifySuccess(t('organizations.created', { name: organization.name }));
      setName('');
      setCountry(null);
      create.reset();
      onClose();
      await client.invalidateQueries({ queryKey: ['organizations'] });
    },
  });
  const errors = fieldErrors(create.error);
  const rest = unplacedErrors(create.error, ['kind', 'name', 'country']);

  return (
    <Modal opened={opened} onClose={onClose} title={t('organizations.create')} centered>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate();
        }}
      >
        <Stack>
          <SegmentedControl
            aria-label={t('organizations.kind')}
            value={kind}
            onChange={(value) => setKind(value)}
            data={[
              { value: 'customer', label: t('organizationKinds.customer') },
              { value: 'partner', label: t('organizationKinds.partner') },
            ]}
          />
          <TextInput
            label={t('organizations.name')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            data-autofocus
          />
          <Select
            label={t('organizations.country')}
            required
            searchable
            data={countries}
            value={country}
            onChange={setCountry}
            error={errors.country}
            nothingFoundMessage={t('common.nothingFound')}
          />
          {create.error && (rest.length > 0 || Object.keys(errors).length === 0) ? (
            <ProblemAlert error={create.error} />
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('organizations.createSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
