import {
  Alert,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Modal,
  Stack,
  Text,
  type ButtonProps,
  type MantineColor,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, setFieldMessageHumanizer, type Query } from './api';
import { i18n } from './i18n';
import type { Page } from './types';

/** "about 15 minutes": a human wait, never a count of seconds (issue 12). */
export function humanWait(seconds: number): string {
  if (seconds < 60) {
    return i18n.t('wait.underMinute');
  }
  if (seconds < 3600) {
    return i18n.t('wait.minutes', { count: Math.ceil(seconds / 60) });
  }
  return i18n.t('wait.hours', { count: Math.round(seconds / 3600) });
}

/**
 * Server text with the API's own names replaced by words people use (issue 12): field names
 * (`plannedStart`), "ISO 3166-1 alpha-2 country code", role keys (`global_admin`).
 */
export function humanize(text: string): string {
  return text
    .replace(/(an )?ISO 3166-1 alpha-2 country code/g, () => i18n.t('apiNames.countryCode'))
    .replace(/\b(plannedStart|plannedEnd|deliveredFrom|deliveredTo|invoiceDate|paidOn)\b/g, (name) =>
      i18n.t(`apiNames.${name}`),
    )
    .replace(
      /\b(operator_admin|finance|global_admin|partner_admin|consultant|benefit_admin|project_manager)\b/g,
      (role) => i18n.t(`roles.${role}`),
    );
}

setFieldMessageHumanizer(humanize);

/** The translated title of a problem type, with the server's detail. */
export function problemMessage(error: unknown): { title: string; detail: string } {
  if (error instanceof ApiError) {
    const key = `problems.${error.slug}`;
    const title = i18n.exists(key) ? i18n.t(key) : i18n.t('problems.unknown');
    if (error.slug === 'rate-limited' && error.retryAfterSeconds !== undefined) {
      return { title, detail: i18n.t('wait.retryIn', { wait: humanWait(error.retryAfterSeconds) }) };
    }
    return { title, detail: humanize(error.detail) };
  }
  return { title: i18n.t('problems.unknown'), detail: error instanceof Error ? error.message : String(error) };
}

export function ProblemAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (!error) {
    return null;
  }
  const { title, detail } = problemMessage(error);
  return (
    <Alert color="red" title={title} role="alert">
      <Stack gap="xs">
        {detail ? <Text size="sm">{detail}</Text> : null}
        {onRetry ? (
          <Group>
            <Button size="xs" variant="light" color="red" onClick={onRetry}>
              {t('common.retry')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Alert>
  );
}

export function notifySuccess(message: string): void {
  notifications.show({ color: 'green', message, withBorder: true });
}

export function notifyError(error: unknown): void {
  const { title, detail } = problemMessage(error);
  notifications.show({ color: 'red', title, message: detail || title, withBorder: true, autoClose: 8000 });
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Group gap="sm">
        <Loader size="sm" />
        <Text c="dimmed">{t('common.loading')}</Text>
      </Group>
    </Center>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <Center py="xl">
      <Text c="dimmed">{children}</Text>
    </Center>
  );
}

/** Loading, error and data states of one query. */
export function QueryState<T>({ query, children }: { query: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  if (query.isPending) {
    return <Loading />;
  }
  if (query.isError) {
    return <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />;
  }
  return <>{children(query.data)}</>;
}

/** A cursor-paginated list: `GET path?limit&cursor&…filters`, page by page. */
export function usePagedList<T>(key: readonly unknown[], path: string, filters: Query = {}, limit = 25) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const filterKey = JSON.stringify(filters);
  const [lastFilterKey, setLastFilterKey] = useState(filterKey);
  if (filterKey !== lastFilterKey) {
    setLastFilterKey(filterKey);
    setCursors([null]);
  }
  const cursor = cursors[cursors.length - 1] ?? null;
  const query = useQuery({
    queryKey: [...key, filters, cursor, limit],
    queryFn: () => api.get<Page<T>>(path, { ...filters, limit, cursor }),
    placeholderData: keepPreviousData,
  });
  const nextCursor = query.data?.nextCursor ?? null;
  return {
    query,
    page: cursors.length,
    hasPrevious: cursors.length > 1,
    hasNext: nextCursor !== null,
    next: () => {
      if (nextCursor) {
        setCursors((c) => [...c, nextCursor]);
      }
    },
    previous: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
  };
}

export function Pager({
  page,
  hasPrevious,
  hasNext,
  onPrevious,
  onNext,
}: {
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
}) {
  const { t } = useTranslation();
  if (!hasPrevious && !hasNext) {
    return null;
  }
  return (
    <Group justify="space-between" component="nav" aria-label={t('common.pagination')}>
      <Button variant="default" disabled={!hasPrevious} onClick={onPrevious}>
        {t('common.previous')}
      </Button>
      <Text size="sm" c="dimmed">
        {t('common.page', { page })}
      </Text>
      <Button variant="default" disabled={!hasNext} onClick={onNext}>
        {t('common.next')}
      </Button>
    </Group>
  );
}

/** A button that asks before an action that cannot be undone. */
export function ConfirmButton({
  label,
  title,
  message,
  confirmLabel,
  onConfirm,
  loading,
  color = 'red',
  ...buttonProps
}: {
  label: string;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm: () => void | Promise<void>;
  loading?: boolean;
  color?: MantineColor;
} & Omit<ButtonProps, 'children' | 'onClick' | 'loading' | 'color'>) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button color={color} {...buttonProps} loading={loading} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={title} centered>
        <Stack>
          <Text>{message}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </Button>
            <Button
              color={color}
              onClick={() => {
                setOpen(false);
                void onConfirm();
              }}
            >
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

const statusColors: Record<string, MantineColor> = {
  assigned: 'blue',
  reserved: 'violet',
  completed: 'teal',
  redeemed: 'green',
  cancelled: 'gray',
  expired: 'orange',
  submitted: 'blue',
  approved: 'teal',
  paid: 'green',
  denied: 'red',
};

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColors[status] ?? 'gray'} variant="light">
      {t(`status.${status}`, { defaultValue: status })}
    </Badge>
  );
}
