import { Alert, Anchor, Button, PasswordInput, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, ApiError, fieldErrors, unplacedErrors } from '../../lib/api';
import { notifySuccess, ProblemAlert } from '../../lib/ui';
import { AuthFrame } from './auth-frame';

/** The page the reset e-mail links to: `/reset-password?token=…`. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [mismatch, setMismatch] = useState(false);

  const confirm = useMutation({
    mutationFn: () => api.post<void>('/auth/password-reset/confirm', { token, password }),
    onSuccess: async () => {
      notifySuccess(t('passwordReset.done'));
      await navigate('/sign-in', { replace: true });
    },
  });

  if (!token) {
    return (
      <AuthFrame title={t('passwordReset.resetTitle')}>
        <Stack>
          <Alert color="red" role="alert">
            {t('passwordReset.missingToken')}
          </Alert>
          <Anchor component={Link} to="/forgot-password">
            {t('passwordReset.askAgain')}
          </Anchor>
        </Stack>
      </AuthFrame>
    );
  }

  const errors = fieldErrors(confirm.error);
  const rest = unplacedErrors(confirm.error, ['password']);
  // A used or expired link is a 404: say so plainly and offer a new one.
  const deadLink = confirm.error instanceof ApiError && confirm.error.slug === 'not-found';
  return (
    <AuthFrame title={t('passwordReset.resetTitle')}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (password !== confirmation) {
            setMismatch(true);
            return;
          }
          setMismatch(false);
          confirm.mutate();
        }}
      >
        <Stack>
          <Text size="sm">{t('passwordReset.resetIntro')}</Text>
          <PasswordInput
            label={t('invitation.password')}
            description={t('invitation.passwordRule')}
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors.password}
          />
          <PasswordInput
            label={t('invitation.confirm')}
            autoComplete="new-password"
            required
            value={confirmation}
            onChange={(e) => setConfirmation(e.currentTarget.value)}
            error={mismatch ? t('invitation.mismatch') : undefined}
          />
          {deadLink ? (
            <Alert color="red" role="alert">
              <Stack gap="xs">
                <Text size="sm">{t('passwordReset.deadLink')}</Text>
                <Anchor component={Link} to="/forgot-password" size="sm">
                  {t('passwordReset.askAgain')}
                </Anchor>
              </Stack>
            </Alert>
          ) : confirm.error && (rest.length > 0 || !errors.password) ? (
            <ProblemAlert error={confirm.error} />
          ) : null}
          <Button type="submit" loading={confirm.isPending} fullWidth>
            {t('passwordReset.submit')}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
