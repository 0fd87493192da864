import { Alert, Anchor, Button, PasswordInput, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, fieldErrors, unplacedErrors } from '../../lib/api';
import { notifySuccess, ProblemAlert } from '../../lib/ui';
import { AuthFrame } from './auth-frame';

export function AcceptInvitationPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [mismatch, setMismatch] = useState(false);

  const accept = useMutation({
    mutationFn: () => api.post<void>('/auth/invitations/accept', { token, password }),
    onSuccess: async () => {
      notifySuccess(t('invitation.accepted'));
      await navigate('/sign-in', { replace: true });
    },
  });

  if (!token) {
    return (
      <AuthFrame title={t('invitation.title')}>
        <Stack>
          <Alert color="red" role="alert">
            {t('invitation.missingToken')}
          </Alert>
          <Anchor component={Link} to="/sign-in">
            {t('invitation.toSignIn')}
          </Anchor>
        </Stack>
      </AuthFrame>
    );
  }

  const errors = fieldErrors(accept.error);
  const rest = unplacedErrors(accept.error, ['password']);
  return (
    <AuthFrame title={t('invitation.title')}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (password !== confirmation) {
            setMismatch(true);
            return;
          }
          setMismatch(false);
          accept.mutate();
        }}
      >
        <Stack>
          <Text size="sm">{t('invitation.body')}</Text>
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
          {accept.error && (rest.length > 0 || !errors.password) ? <ProblemAlert error={accept.error} /> : null}
          <Button type="submit" loading={accept.isPending} fullWidth>
            {t('invitation.submit')}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
