import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { request } from '../../lib/api';
import { ProblemAlert } from '../../lib/ui';
import { AuthFrame } from './auth-frame';

/**
 * "Forgot your password?": the server answers the same whether or not the e-mail has an
 * account, so the page does too.
 */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const ask = useMutation({
    // 202 with no body to read.
    mutationFn: () => request<unknown>('POST', '/auth/password-reset', { email }).then(() => undefined),
  });

  return (
    <AuthFrame title={t('passwordReset.forgotTitle')}>
      {ask.isSuccess ? (
        <Stack>
          <Alert color="green" role="status">
            {t('passwordReset.sent', { email })}
          </Alert>
          <Anchor component={Link} to="/sign-in">
            {t('invitation.toSignIn')}
          </Anchor>
        </Stack>
      ) : (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            ask.mutate();
          }}
        >
          <Stack>
            <Text size="sm">{t('passwordReset.forgotIntro')}</Text>
            <TextInput
              label={t('auth.email')}
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
            {ask.error ? <ProblemAlert error={ask.error} /> : null}
            <Button type="submit" loading={ask.isPending} disabled={email.trim() === ''} fullWidth>
              {t('passwordReset.send')}
            </Button>
            <Anchor component={Link} to="/sign-in" size="sm">
              {t('passwordReset.backToSignIn')}
            </Anchor>
          </Stack>
        </form>
      )}
    </AuthFrame>
  );
}
