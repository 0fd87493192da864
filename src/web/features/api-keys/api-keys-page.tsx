import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, fieldErrors } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { useMe } from '../../lib/session';
import type { ApiKey, CreatedApiKey, Me, Role } from '../../lib/types';
import { ConfirmButton, notifySuccess, ProblemAlert, QueryState } from '../../lib/ui';

const keysKey = (organizationId: string) => ['organizations', organizationId, 'api-keys'] as const;

/** The organisation's API keys (api.md, Integrations): made by its admin, shown once, revoked at once. */
export function ApiKeysPage() {
  const { t } = useTranslation();
  const me = useMe();
  if (!me.data) {
    return null;
  }
  return (
    <Stack>
      <Title order={1}>{t('apiKeys.title')}</Title>
      <Text c="dimmed">{t('apiKeys.intro')}</Text>
      <CreateKey me={me.data} />
      <KeyList organizationId={me.data.organizationId} />
    </Stack>
  );
}

function CreateKey({ me }: { me: Me }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const create = useMutation({
    mutationFn: () => api.post<CreatedApiKey>(`/organizations/${me.organizationId}/api-keys`, { name, roles }),
    onSuccess: async () => {
      setName('');
      setRoles([]);
      await client.invalidateQueries({ queryKey: keysKey(me.organizationId) });
    },
  });
  const errors = fieldErrors(create.error);
  return (
    <Paper withBorder p="md">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate();
        }}
      >
        <Stack>
          <Title order={2} size="h4">
            {t('apiKeys.create')}
          </Title>
          <TextInput
            label={t('apiKeys.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            required
            w={360}
          />
          <Checkbox.Group
            label={t('apiKeys.roles')}
            description={t('apiKeys.rolesHint')}
            value={roles}
            onChange={setRoles}
            error={errors.roles}
          >
            <Group mt="xs">
              {me.roles.map((role) => (
                <Checkbox key={role} value={role} label={t(`roles.${role}`)} />
              ))}
            </Group>
          </Checkbox.Group>
          {create.error && Object.keys(errors).length === 0 ? <ProblemAlert error={create.error} /> : null}
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('apiKeys.create')}
            </Button>
          </Group>
          {create.data ? (
            <Alert color="yellow" title={t('apiKeys.tokenOnce', { name: create.data.name })}>
              <Code block>{create.data.token}</Code>
            </Alert>
          ) : null}
        </Stack>
      </form>
    </Paper>
  );
}

function KeyList({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const client = useQueryClient();
  const keys = useQuery({
    queryKey: keysKey(organizationId),
    queryFn: () => api.get<{ items: ApiKey[] }>(`/organizations/${organizationId}/api-keys`),
  });
  const revoke = useMutation({
    mutationFn: (key: ApiKey) => api.delete<null>(`/organizations/${organizationId}/api-keys/${key.id}`),
    onSuccess: async (_, key) => {
      notifySuccess(t('apiKeys.revoked', { name: key.name }));
      await client.invalidateQueries({ queryKey: keysKey(organizationId) });
    },
  });
  return (
    <QueryState query={keys}>
      {(page) =>
        page.items.length === 0 ? (
          <Text c="dimmed">{t('apiKeys.empty')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('apiKeys.name')}</Table.Th>
                  <Table.Th>{t('apiKeys.roles')}</Table.Th>
                  <Table.Th>{t('apiKeys.prefix')}</Table.Th>
                  <Table.Th>{t('apiKeys.lastUsed')}</Table.Th>
                  <Table.Th>{t('common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.items.map((key) => (
                  <Table.Tr key={key.id}>
                    <Table.Td>
                      {key.name}
                      <Text size="xs" c="dimmed">
                        {t('apiKeys.createdOn', { date: format.date(key.createdAt) })}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {key.roles.map((role) => (
                          <Badge key={role} variant="outline">
                            {t(`roles.${role}`)}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Code>{key.tokenPrefix}…</Code>
                    </Table.Td>
                    <Table.Td>{key.lastUsedAt ? format.dateTime(key.lastUsedAt) : t('apiKeys.never')}</Table.Td>
                    <Table.Td>
                      {key.revokedAt ? (
                        <Badge color="gray" variant="light">
                          {t('apiKeys.revokedOn', { date: format.date(key.revokedAt) })}
                        </Badge>
                      ) : (
                        <ConfirmButton
                          size="xs"
                          variant="light"
                          label={t('apiKeys.revoke')}
                          aria-label={t('apiKeys.revokeOne', { name: key.name })}
                          title={t('apiKeys.revokeTitle', { name: key.name })}
                          message={t('apiKeys.revokeConfirm')}
                          confirmLabel={t('apiKeys.revoke')}
                          loading={revoke.isPending && revoke.variables?.id === key.id}
                          onConfirm={() => revoke.mutate(key)}
                        />
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )
      }
    </QueryState>
  );
}
