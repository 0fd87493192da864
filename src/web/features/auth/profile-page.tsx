import { Badge, Group, Paper, Stack, Table, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../lib/session';
import { QueryState } from '../../lib/ui';
import { PreferencesPanel } from '../notifications/preferences-panel';

export function ProfilePage() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <Stack>
      <Title order={1}>{t('profile.title')}</Title>
      <QueryState query={me}>
        {(user) =>
          user ? (
            <Paper withBorder p="md">
              <Table variant="vertical" layout="fixed">
                <Table.Tbody>
                  <Table.Tr>
                    <Table.Th w={200}>{t('profile.name')}</Table.Th>
                    <Table.Td>{user.name}</Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>{t('profile.email')}</Table.Th>
                    <Table.Td>{user.email}</Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>{t('profile.organizationKind')}</Table.Th>
                    <Table.Td>{t(`organizationKinds.${user.organizationKind}`)}</Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>{t('profile.roles')}</Table.Th>
                    <Table.Td>
                      <Group gap="xs">
                        {user.roles.map((role) => (
                          <Badge key={role} variant="outline">
                            {t(`roles.${role}`)}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                </Table.Tbody>
              </Table>
            </Paper>
          ) : null
        }
      </QueryState>
      <PreferencesPanel />
    </Stack>
  );
}
