import { Anchor, Button, Menu, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../lib/api';
import type { Page, Program, SupportContactList } from '../../lib/types';

/** The program the help menu is about: the first one (the seeded program on most installs). */
export function useFirstProgram() {
  return useQuery({
    queryKey: ['programs', 'first'],
    queryFn: async () => (await api.get<Page<Program>>('/programs', { limit: 1 })).items[0] ?? null,
    staleTime: 10 * 60_000,
  });
}

/** Every page's help menu: the caller's regional support contact and their service requests. */
export function HelpMenu() {
  const { t } = useTranslation();
  const program = useFirstProgram();
  const programId = program.data?.id;
  const contacts = useQuery({
    queryKey: ['support-contacts', programId],
    queryFn: () => api.get<SupportContactList>(`/programs/${programId}/support-contacts`),
    enabled: Boolean(programId),
    staleTime: 10 * 60_000,
  });
  const regional = contacts.data?.items.find((c) => c.id === contacts.data?.regionalContactId);
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" size="xs">
          {t('support.help')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown maw={320}>
        <Menu.Label>{t('support.yourContact')}</Menu.Label>
        {regional ? (
          <Menu.Item component="div" closeMenuOnClick={false}>
            <Text size="sm" fw={600}>
              {regional.name}
            </Text>
            {regional.email ? (
              <Anchor size="sm" href={`mailto:${regional.email}`}>
                {regional.email}
              </Anchor>
            ) : null}
            {regional.url && !regional.url.startsWith('/') ? (
              <Anchor size="sm" href={regional.url}>
                {regional.url}
              </Anchor>
            ) : null}
          </Menu.Item>
        ) : (
          <Menu.Item disabled>{t('support.noContact')}</Menu.Item>
        )}
        <Menu.Divider />
        <Menu.Item component={Link} to="/service-requests">
          {t('support.serviceRequests')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
