import { Button, Paper, Select, Stack, Switch, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import type { Preferences } from '../../lib/types';
import { notifyError, notifySuccess, QueryState } from '../../lib/ui';

/** The profile's preferences: the language of e-mails, and reminder e-mails on or off. */
export function PreferencesPanel() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const saved = useQuery({ queryKey: ['me', 'preferences'], queryFn: () => api.get<Preferences>('/me/preferences') });
  const [draft, setDraft] = useState<Preferences | null>(null);
  useEffect(() => {
    if (saved.data) {
      setDraft(saved.data);
    }
  }, [saved.data]);
  const save = useMutation({
    mutationFn: (body: Preferences) => api.put<Preferences>('/me/preferences', body),
    onSuccess: (result) => {
      client.setQueryData(['me', 'preferences'], result);
      notifySuccess(t('preferences.saved'));
    },
    onError: notifyError,
  });
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        {t('preferences.title')}
      </Title>
      <QueryState query={saved}>
        {() =>
          draft ? (
            <Stack maw={400}>
              <Select
                label={t('preferences.language')}
                value={draft.language}
                allowDeselect={false}
                data={[
                  { value: 'en', label: 'English' },
                  { value: 'fr', label: 'Français' },
                ]}
                onChange={(value) => setDraft({ ...draft, language: value === 'fr' ? 'fr' : 'en' })}
              />
              <Switch
                label={t('preferences.emailReminders')}
                description={t('preferences.emailRemindersHelp')}
                checked={draft.emailReminders}
                onChange={(event) => setDraft({ ...draft, emailReminders: event.currentTarget.checked })}
              />
              <Button w="fit-content" onClick={() => save.mutate(draft)} loading={save.isPending}>
                {t('preferences.save')}
              </Button>
            </Stack>
          ) : null
        }
      </QueryState>
    </Paper>
  );
}
