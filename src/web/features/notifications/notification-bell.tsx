import { ActionIcon, Indicator } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../lib/api';
import type { NotificationPage } from '../../lib/types';

export const notificationsKey = ['notifications'] as const;

/** The bell in the header: the unread count, a link to the notifications page. */
export function NotificationBell() {
  const { t } = useTranslation();
  const unread = useQuery({
    queryKey: [...notificationsKey, 'unread-count'],
    queryFn: () => api.get<NotificationPage>('/notifications', { unread: 'true', limit: 1 }),
    refetchInterval: 30_000,
  });
  const count = unread.data?.unreadCount ?? 0;
  return (
    <Indicator label={count} size={16} disabled={count === 0} color="red.8">
      <ActionIcon
        component={Link}
        to="/notifications"
        variant="default"
        size="lg"
        aria-label={t('notifications.bell', { count })}
      >
        <svg
          width="18"
          height="18"
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          aria-hidden="true"
        >
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
          <path d="M13.73 21a2 2 0 0 1-3.46 0" />
        </svg>
      </ActionIcon>
    </Indicator>
  );
}
