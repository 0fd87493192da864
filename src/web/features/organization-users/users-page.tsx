import { Alert, Badge, Button, Checkbox, Group, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, fieldErrors, unplacedErrors } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { useMe } from '../../lib/session';
import type { Me, OrganizationKind, Role, User } from '../../lib/types';
import { PagedTable } from '../../lib/paged-list';
import { ConfirmButton, notifySuccess, ProblemAlert, usePagedList } from '../../lib/ui';

/** The roles an organisation of each kind can give its people (domain.md, roles table). */
const rolesByKind: Record<OrganizationKind, Role[]> = {
  operator: ['operator_admin', 'finance'],
  partner: ['global_admin', 'partner_admin', 'consultant'],
  customer: ['benefit_admin', 'project_manager'],
};

const usersKey = (organizationId: string) => ['organizations', organizationId, 'users'] as const;

/** A partner's global admin or a customer's benefit admin runs the people of their organisation. */
export function UsersPage() {
  const { t } = useTranslation();
  const me = useMe();
  if (!me.data) {
    return null;
  }
  return (
    <Stack>
      <Title order={1}>{t('orgUsers.title')}</Title>
      <UsersOfOrganization me={me.data} />
    </Stack>
  );
}

function UsersOfOrganization({ me }: { me: Me }) {
  const { t } = useTranslation();
  const format = useFormat();
  const client = useQueryClient();
  const organizationId = me.organizationId;
  const list = usePagedList<User>(usersKey(organizationId), `/organizations/${organizationId}/users`);
  const [inviting, setInviting] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const deactivate = useMutation({
    mutationFn: (user: User) => api.post<User>(`/organizations/${organizationId}/users/${user.id}/deactivation`),
    onSuccess: async (user) => {
      notifySuccess(t('orgUsers.deactivated', { name: user.name }));
      await client.invalidateQueries({ queryKey: usersKey(organizationId) });
    },
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm">{t('orgUsers.intro')}</Text>
        <Button onClick={() => setInviting(true)}>{t('orgUsers.invite')}</Button>
      </Group>
      {deactivate.error ? <ProblemAlert error={deactivate.error} /> : null}
      <PagedTable
        list={list}
        empty={t('orgUsers.empty')}
        minWidth={760}
        striped
        verticalSpacing="sm"
        head={
          <>
            <Table.Th>{t('users.name')}</Table.Th>
            <Table.Th>{t('users.email')}</Table.Th>
            <Table.Th>{t('users.roles')}</Table.Th>
            <Table.Th>{t('orgUsers.state')}</Table.Th>
            <Table.Th>{t('common.actions')}</Table.Th>
          </>
        }
        row={(user) => (
          <Table.Tr key={user.id}>
            <Table.Td>
              {user.name}
              {user.id === me.id ? (
                <Text span size="sm" c="dimmed">
                  {' '}
                  {t('orgUsers.you')}
                </Text>
              ) : null}
            </Table.Td>
            <Table.Td>{user.email}</Table.Td>
            <Table.Td>
              <Group gap={4}>
                {user.roles.map((role) => (
                  <Badge key={role} variant="outline">
                    {t(`roles.${role}`)}
                  </Badge>
                ))}
              </Group>
            </Table.Td>
            <Table.Td>
              <Badge color={user.active ? 'green' : 'gray'} variant="light">
                {user.active ? t('orgUsers.active') : t('orgUsers.inactive')}
              </Badge>
              <Text size="xs" c="dimmed">
                {t('orgUsers.since', { date: format.date(user.createdAt) })}
              </Text>
            </Table.Td>
            <Table.Td>
              {user.active && user.organizationId === organizationId ? (
                <Group gap="xs" wrap="nowrap">
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => setEditing(user)}
                    aria-label={t('orgUsers.changeRolesOf', { name: user.name })}
                  >
                    {t('orgUsers.changeRoles')}
                  </Button>
                  <ConfirmButton
                    size="xs"
                    variant="light"
                    label={t('orgUsers.deactivate')}
                    aria-label={t('orgUsers.deactivateOne', { name: user.name })}
                    title={t('orgUsers.deactivateTitle', { name: user.name })}
                    message={t('orgUsers.deactivateConfirm', { name: user.name })}
                    confirmLabel={t('orgUsers.deactivate')}
                    loading={deactivate.isPending && deactivate.variables?.id === user.id}
                    onConfirm={() => deactivate.mutate(user)}
                  />
                </Group>
              ) : null}
            </Table.Td>
          </Table.Tr>
        )}
      />
      <InviteModal me={me} opened={inviting} onClose={() => setInviting(false)} />
      <RolesModal me={me} user={editing} onClose={() => setEditing(null)} />
    </Stack>
  );
}

function RoleChoices({
  kind,
  value,
  onChange,
  error,
}: {
  kind: OrganizationKind;
  value: string[];
  onChange: (roles: string[]) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <Checkbox.Group label={t('users.roles')} required value={value} onChange={onChange} error={error}>
      <Stack gap={6} mt="xs">
        {rolesByKind[kind].map((role) => (
          <Checkbox key={role} value={role} label={t(`roles.${role}`)} />
        ))}
      </Stack>
    </Checkbox.Group>
  );
}

function InviteModal({ me, opened, onClose }: { me: Me; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const invite = useMutation({
    // Without a password, the server sends an invitation e-mail (single use, 7 days).
    mutationFn: () => api.post<User>(`/organizations/${me.organizationId}/users`, { email, name, roles }),
    onSuccess: async (user) => {
      notifySuccess(t('users.invited', { email: user.email }));
      await client.invalidateQueries({ queryKey: usersKey(me.organizationId) });
      close();
    },
  });
  const close = () => {
    setEmail('');
    setName('');
    setRoles([]);
    invite.reset();
    onClose();
  };
  const errors = fieldErrors(invite.error);
  const rest = unplacedErrors(invite.error, ['email', 'name', 'roles']);
  return (
    <Modal opened={opened} onClose={close} title={t('orgUsers.inviteTitle')} centered>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          invite.mutate();
        }}
      >
        <Stack>
          <Text size="sm">{t('orgUsers.inviteIntro')}</Text>
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
          <RoleChoices kind={me.organizationKind} value={roles} onChange={setRoles} error={errors.roles} />
          {invite.error && (rest.length > 0 || Object.keys(errors).length === 0) ? (
            <ProblemAlert error={invite.error} />
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={invite.isPending}>
              {t('users.inviteSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RolesModal({ me, user, onClose }: { me: Me; user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={user !== null}
      onClose={onClose}
      title={t('orgUsers.rolesTitle', { name: user?.name ?? '' })}
      centered
    >
      {user ? <RolesForm key={user.id} me={me} user={user} onDone={onClose} /> : null}
    </Modal>
  );
}

function RolesForm({ me, user, onDone }: { me: Me; user: User; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [roles, setRoles] = useState<string[]>(user.roles);
  const save = useMutation({
    mutationFn: () => api.put<User>(`/organizations/${me.organizationId}/users/${user.id}/roles`, { roles }),
    onSuccess: async (saved) => {
      notifySuccess(t('orgUsers.rolesChanged', { name: saved.name }));
      await client.invalidateQueries({ queryKey: usersKey(me.organizationId) });
      if (saved.id === me.id) {
        await client.invalidateQueries({ queryKey: ['me'] });
      }
      onDone();
    },
  });
  const errors = fieldErrors(save.error);
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <Stack>
        <RoleChoices kind={me.organizationKind} value={roles} onChange={setRoles} error={errors.roles} />
        {user.id === me.id ? <Alert color="yellow">{t('orgUsers.ownRoles')}</Alert> : null}
        {save.error && !errors.roles ? <ProblemAlert error={save.error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
