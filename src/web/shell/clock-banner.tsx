import { Alert, Button, Checkbox, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, fieldErrors } from '../lib/api';
import { useFormat } from '../lib/format';
import { hasRole } from '../lib/session';
import type { Clock, Me } from '../lib/types';
import { calendarEntries, usePrograms } from '../lib/program';
import { notifyError, notifySuccess, ProblemAlert } from '../lib/ui';

export const clockKey = ['clock'] as const;

export function useClock() {
  return useQuery({
    queryKey: clockKey,
    queryFn: () => api.get<Clock>('/clock'),
    refetchInterval: 60_000,
    staleTime: 30_000,
  });
}

/** `YYYY-MM-DDTHH:mm` of an instant, in UTC, for a datetime-local input. */
function toInputValue(iso: string): string {
  return iso.slice(0, 16);
}

/** The next whole minute after an instant: the dialog's starting value, never behind the clock. */
function nextMinute(iso: string): string {
  return new Date(Math.floor(new Date(iso).getTime() / 60_000) * 60_000 + 60_000).toISOString();
}

/**
 * The calendar's key dates as presets (issue 12): each rule's day, and for a last-day rule the
 * day after too, at 10:00 UTC, so a demo can stand on either side of every boundary.
 */
function ClockPresets({ onPick }: { onPick: (value: string) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const programs = usePrograms();
  const program = programs.data?.items[0];
  if (!program) {
    return null;
  }
  const presets = calendarEntries(program.calendar).flatMap((entry) => {
    const day = { key: entry.rule, date: entry.date, label: t(`calendar.${entry.rule}`) };
    return entry.kind === 'until'
      ? [
          day,
          { key: `${entry.rule}-after`, date: dayAfter(entry.date), label: t('clock.dayAfter', { rule: day.label }) },
        ]
      : [day];
  });
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {t('clock.presets')}
      </Text>
      <Group gap={6}>
        {presets.map((preset) => (
          <Button key={preset.key} size="compact-xs" variant="default" onClick={() => onPick(`${preset.date}T10:00`)}>
            {format.date(preset.date)} · {preset.label}
          </Button>
        ))}
      </Group>
    </Stack>
  );
}

function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Shown only when the server runs on a simulated program date (demo and test setups). */
export function ClockBanner({ me }: { me: Me }) {
  const { t } = useTranslation();
  const format = useFormat();
  const clock = useClock();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState('');
  const [confirmBack, setConfirmBack] = useState(false);

  const setClock = useMutation({
    mutationFn: (body: { now: string; allowBackwards?: boolean }) => api.put<Clock>('/clock', body),
    onSuccess: async (result) => {
      client.setQueryData(clockKey, result);
      setOpen(false);
      notifySuccess(t('clock.set', { date: format.dateTime(result.now) }));
      await client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'clock' && q.queryKey[0] !== 'me' });
    },
    onError: notifyError,
  });

  if (!clock.data?.simulated) {
    return null;
  }
  const canSet = hasRole(me, 'operator_admin');
  const errors = fieldErrors(setClock.error);
  // The clock ran on since it was fetched: compare with where it stands now.
  const standsAt = new Date(new Date(clock.data.now).getTime() + (Date.now() - clock.dataUpdatedAt));
  const chosen = value ? new Date(`${value}:00Z`) : null;
  // Moving back revives expired invitations and vouchers: the server refuses it unless asked
  // (decision 017), so the dialog says so and asks for a confirmation first.
  const backwards = chosen !== null && !Number.isNaN(chosen.getTime()) && chosen < standsAt;
  return (
    <>
      <Alert color="yellow" variant="light" mb="md" title={t('clock.simulatedTitle')} role="status">
        <Group justify="space-between">
          <Text size="sm">{t('clock.simulatedBody', { date: format.dateTime(clock.data.now) })}</Text>
          {canSet ? (
            <Button
              size="xs"
              variant="white"
              color="dark"
              onClick={() => {
                setValue(toInputValue(nextMinute(standsAt.toISOString())));
                setConfirmBack(false);
                setOpen(true);
              }}
            >
              {t('clock.change')}
            </Button>
          ) : null}
        </Group>
      </Alert>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('clock.dialogTitle')} centered>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (chosen && (!backwards || confirmBack)) {
              setClock.mutate(
                backwards ? { now: chosen.toISOString(), allowBackwards: true } : { now: chosen.toISOString() },
              );
            }
          }}
        >
          <Stack>
            <Text size="sm">{t('clock.dialogBody')}</Text>
            <ClockPresets onPick={setValue} />
            <TextInput
              type="datetime-local"
              label={t('clock.newDate')}
              description={t('clock.utc')}
              value={value}
              onChange={(e) => setValue(e.currentTarget.value)}
              error={errors.now}
              required
            />
            {backwards ? (
              <Alert color="red" variant="light" title={t('clock.backwardsTitle')} role="alert">
                <Stack gap="xs">
                  <Text size="sm">
                    {t('clock.backwardsBody', {
                      from: format.dateTime(standsAt.toISOString()),
                      to: format.dateTime(chosen.toISOString()),
                    })}
                  </Text>
                  <Checkbox
                    label={t('clock.backwardsConfirm')}
                    checked={confirmBack}
                    onChange={(e) => setConfirmBack(e.currentTarget.checked)}
                  />
                </Stack>
              </Alert>
            ) : null}
            {setClock.error && !errors.now ? <ProblemAlert error={setClock.error} /> : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(false)}>
                {t('common.cancel')}
              </Button>
              <Button
                type="submit"
                color={backwards ? 'red' : undefined}
                disabled={backwards && !confirmBack}
                loading={setClock.isPending}
              >
                {backwards ? t('clock.applyBackwards') : t('clock.apply')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
