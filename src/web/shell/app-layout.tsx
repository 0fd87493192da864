import { Anchor, AppShell, Box, Burger, Button, Group, NavLink, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useMutation } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink as RouterNavLink, useLocation, useNavigate } from 'react-router';
import { api } from '../lib/api';
import { meKey, useSessionExpiry } from '../lib/session';
import type { Me } from '../lib/types';
import { notifyError, notifySuccess } from '../lib/ui';
import { NotificationBell } from '../features/notifications/notification-bell';
import { HelpMenu } from '../features/support/help-menu';
import { ClockBanner } from './clock-banner';
import { LanguageSwitch } from './language-switch';
import { useVoucherCreation } from '../features/vouchers/voucher-creation';
import { navFor } from './navigation';

export function AppLayout({ me, children }: { me: Me; children: ReactNode }) {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const navigate = useNavigate();
  const client = useQueryClient();
  useSessionExpiry();

  const signOut = useMutation({
    mutationFn: () => api.post<void>('/auth/logout'),
    onSuccess: async () => {
      client.setQueryData(meKey, null);
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' && q.queryKey[0] !== 'clock' });
      notifySuccess(t('auth.signedOut'));
      await navigate('/sign-in');
    },
    onError: notifyError,
  });
  // In the header from Mantine's sm breakpoint (48em), in the navigation below it (issue 12: at
  // 390 px the header has no room left).
  const signOutButton = (visibility: { visibleFrom: 'sm' } | { hiddenFrom: 'sm' }) => (
    <Button variant="default" size="xs" {...visibility} loading={signOut.isPending} onClick={() => signOut.mutate()}>
      {t('auth.signOut')}
    </Button>
  );

  const creation = useVoucherCreation();
  // No "Create a voucher" once the last voucher day has passed (issue 12, M5).
  const items = navFor(me).filter((item) => item.to !== '/vouchers/new' || !creation.known || creation.open);
  // The most specific item that matches the current page is the active one.
  const active = items
    .filter((item) => location.pathname === item.to || location.pathname.startsWith(`${item.to}/`))
    .sort((a, b) => b.to.length - a.to.length)[0];

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <a href="#main" className="saps-skip-link">
          {t('shell.skipToContent')}
        </a>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('shell.menu')} />
            <Anchor component={Link} to="/" underline="never" c="inherit">
              <Title order={2} size="h4">
                {t('shell.brand')}
              </Title>
            </Anchor>
            <Text size="sm" c="dimmed" visibleFrom="md">
              {t('shell.programName')}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <NotificationBell />
            <HelpMenu />
            <LanguageSwitch />
            {/* At 390 px the header has no room left for it: it is in the menu there (issue 12). */}
            {signOutButton({ visibleFrom: 'sm' })}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label={t('shell.navigation')} component="nav">
        <Stack gap={4} justify="space-between" h="100%">
          <Box>
            {items.map((item) => (
              <NavLink
                key={item.to}
                component={RouterNavLink}
                to={item.to}
                end
                label={t(item.label)}
                active={active?.to === item.to}
                onClick={close}
              />
            ))}
          </Box>
          <Stack gap="xs">
            <NavLink
              component={RouterNavLink}
              to="/profile"
              label={me.name}
              description={t(`roles.${me.roles[0] ?? 'none'}`)}
              active={location.pathname === '/profile'}
              onClick={close}
            />
            {signOutButton({ hiddenFrom: 'sm' })}
          </Stack>
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>
        <ClockBanner me={me} />
        {/* AppShell.Main is the page's one <main> landmark; this is the skip link's target. */}
        <Box id="main" tabIndex={-1} maw={1200}>
          {children}
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
