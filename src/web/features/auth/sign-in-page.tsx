import { Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, ApiError, fieldErrors } from '../../lib/api';
import { meKey, useMe } from '../../lib/session';
import type { LoginResponse, Me } from '../../lib/types';
import { Loading, ProblemAlert } from '../../lib/ui';
import { homeFor } from '../../shell/navigation';
import { AuthFrame } from './auth-frame';
import { DemoLogins, demoPassword } from './demo-logins';
import { SingleSignOnButton, SingleSignOnRefusalAlert } from './single-sign-on';

/** Only paths of this app, never another site. */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : null;
}

export function SignInPage() {
  const { t } = useTranslation();
  const me = useMe();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const signIn = useMutation({
    mutationFn: () => api.post<LoginResponse>('/auth/login', { email, password }),
    onSuccess: async (result) => {
      const user: Me = {
        id: result.user.id,
        email: result.user.email,
        name: result.user.name,
        organizationId: result.user.organizationId,
        organizationKind: result.user.organizationKind,
        roles: result.user.roles,
      };
      client.setQueryData(meKey, user);
      await navigate(safeNext(params.get('next')) ?? homeFor(user), { replace: true });
    },
  });

  if (me.isPending) {
    return <Loading />;
  }
  if (me.data && !signIn.isSuccess) {
    return <Navigate to={homeFor(me.data)} replace />;
  }

  const errors = fieldErrors(signIn.error);
  const wrongCredentials = signIn.error instanceof ApiError && signIn.error.slug === 'unauthenticated';
  const otherError = signIn.error && !wrongCredentials && Object.keys(errors).length === 0;
  return (
    <AuthFrame title={t('auth.signInTitle')}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          signIn.mutate();
        }}
      >
        <Stack>
          <SingleSignOnRefusalAlert reason={signIn.isIdle ? params.get('sso') : null} />
          <TextInput
            label={t('auth.email')}
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={errors.email}
          />
          <PasswordInput
            label={t('auth.password')}
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors.password ?? (wrongCredentials ? t('auth.wrongCredentials') : undefined)}
          />
          {otherError ? <ProblemAlert error={signIn.error} /> : null}
          <Button type="submit" loading={signIn.isPending} fullWidth>
            {t('auth.signIn')}
          </Button>
          <Anchor component={Link} to="/forgot-password" size="sm" ta="center">
            {t('auth.forgotPassword')}
          </Anchor>
          <SingleSignOnButton next={safeNext(params.get('next'))} />
          <DemoLogins
            onPick={(login) => {
              setEmail(login);
              setPassword(demoPassword);
            }}
          />
        </Stack>
      </form>
    </AuthFrame>
  );
}
