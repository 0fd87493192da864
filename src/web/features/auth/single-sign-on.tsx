import { Alert, Button, Divider, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, apiBase } from '../../lib/api';
import type { AuthProviders, SingleSignOnRefusal } from '../../lib/types';

/** Every refusal of the server (decision 027) has its sentence: the compiler checks the list. */
const refusalMessages: Record<SingleSignOnRefusal, string> = {
  state: 'auth.sso.state',
  nonce: 'auth.sso.nonce',
  'provider-refused': 'auth.sso.provider-refused',
  unavailable: 'auth.sso.unavailable',
  failed: 'auth.sso.failed',
  'no-email': 'auth.sso.no-email',
  'unverified-email': 'auth.sso.unverified-email',
  'unknown-email': 'auth.sso.unknown-email',
  'not-operator-staff': 'auth.sso.not-operator-staff',
  inactive: 'auth.sso.inactive',
};

function isRefusal(value: string): value is SingleSignOnRefusal {
  return Object.hasOwn(refusalMessages, value);
}

/**
 * "Sign in with single sign-on", offered only when the server has an identity provider
 * (`GET /auth/providers`). Until the server has answered, or if it could not, nothing is shown:
 * the password form works either way.
 */
export function SingleSignOnButton({ next }: { next: string | null }) {
  const { t } = useTranslation();
  const providers = useQuery({
    queryKey: ['auth-providers'],
    queryFn: () => api.get<AuthProviders>('/auth/providers'),
    staleTime: Infinity,
  });
  if (!providers.data?.singleSignOn) {
    return null;
  }
  // A navigation, not a fetch: the server redirects the browser to the identity provider.
  const href = `${apiBase}/auth/oidc/start${next ? `?next=${encodeURIComponent(next)}` : ''}`;
  return (
    <Stack gap="xs">
      <Divider label={t('auth.or')} labelPosition="center" />
      {/* The label may wrap: some languages' words for it are long (a cut label hides its end). */}
      <Button
        component="a"
        href={href}
        variant="default"
        fullWidth
        h="auto"
        mih={36}
        py={6}
        styles={{ label: { whiteSpace: 'normal', textAlign: 'center' } }}
      >
        {t('auth.singleSignOn')}
      </Button>
      <Text size="xs" c="dimmed" ta="center">
        {t('auth.singleSignOnHint')}
      </Text>
    </Stack>
  );
}

/** Why the last single sign-on was refused (`/sign-in?sso=<reason>`), in the reader's language. */
export function SingleSignOnRefusalAlert({ reason }: { reason: string | null }) {
  const { t } = useTranslation();
  if (!reason) {
    return null;
  }
  return (
    <Alert color="red" title={t('auth.sso.title')} role="alert">
      <Text size="sm">{t(isRefusal(reason) ? refusalMessages[reason] : refusalMessages.failed)}</Text>
    </Alert>
  );
}
