import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, fieldErrors, unplacedErrors } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { hasRole, useMe } from '../../lib/session';
import type { Organization, OrganizationKind, Role, User } from '../../lib/types';
import { notifySuccess, ProblemAlert, QueryState } from '../../lib/ui';

const rolesByKind: Record<OrganizationKind, Role[]> = {
  operator: ['operator_admin', 'finance'],
  partner: ['global_admin', 'partner_admin', 'consultant'],
  customer: ['benefit_admin', 'project_manager'],
};

export function OrganizationPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id = '' } = useParams();
  const me = useMe();
  const organization = useQuery({
    queryKey: ['organizations', id],
    queryFn: () => api.get<Organization>(`/organizations/${id}`),
  });
  const [added, setAdded] = useState<User[]>([]);

  return (
    <Stack>
      <Anchor component={Link} to="/operator/organizations" size="sm">
        {t('organizations.back')}
      </Anchor>
      <QueryState query={organization}>
        {(org) => (
          <Stack>
            <Group>
              <Title order={1}>{org.name}</Title>
              <Badge variant="light">{t(`organizationKinds.${org.kind}`)}</Badge>
            </Group>
            <Text c="dimmed">
              {t('organizations.summary', { country: format.country(org.country), date: format.date(org.createdAt) })}
            </Text>
            {hasRole(me.data, 'operator_admin') ? (
              <AddUserForm organization={org} onAdded={(user) => setAdded((list) => [user, ...list])} />
            ) : null}
            {added.length > 0 ? (
              <Paper withBorder p="md">
                <Title order={2} size="h4" mb="sm">
                  {t('users.addedNow')}
                </Title>
                <Table>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('users.name')}</Table.Th>
                      <Table.Th>{t('users.email')}</Table.Th>
                      <Table.Th>{t('users.roles')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {added.map((user) => (
                      <Table.Tr key={user.id}>
                        <Table.Td>{user.name}</Table.Td>
                        <Table.Td>{user.email}</Table.Td>
                        <Table.Td>{user.roles.map((role) => t(`roles.${role}`)).join(', ')}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Paper>
            ) : null}
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}

function AddUserForm({ organization, onAdded }: { organization: Organization; onAdded: (user: User) => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [password, setPassword] = useState('');

  const create = useMutation({
    mutationFn: () =>
      api.post<User>(`/organizations/${organization.id}/users`, {
        email,
        name,
        roles,
        ...(password ? { password } : {}),
      }),
    onSuccess: (user) => {
      notifySuccess(password ? t('users.created', { email: user.email }) : t('users.invited', { email: user.email }));
      onAdded(user);
      setEmail('');
      setName('');
      setRoles([]);
      setPassword('');
      create.reset();
    },
  });
  const errors = fieldErrors(create.error);
  const rest = unplacedErrors(create.error, ['email', 'name', 'roles', 'password']);

  return (
    <Paper withBorder p="md">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate();
        }}
      >
        <Stack>
          <Title order={2} size="h4">
            {t('users.add')}
          </Title>
          <Group grow align="flex-start">
            <TextInput
              label={t('users.name')}
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={errors.name}
            />
            <TextInput
              label={t('users.email')}
              type="email"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={errors.email}
            />
          </Group>
          <Checkbox.Group label={t('users.roles')} required value={roles} onChange={setRoles} error={errors.roles}>
            <Group mt="xs">
              {rolesByKind[organization.kind].map((role) => (
                <Checkbox key={role} value={role} label={t(`roles.${role}`)} />
              ))}
            </Group>
          </Checkbox.Group>
          <PasswordInput
            label={t('users.password')}
            description={t('users.passwordHint')}
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors.password}
          />
          {create.error && (rest.length > 0 || Object.keys(errors).length === 0) ? (
            <ProblemAlert error={create.error} />
          ) : null}
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending}>
              {password ? t('users.createSubmit') : t('users.inviteSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
