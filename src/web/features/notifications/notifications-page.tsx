import { Anchor, Badge, Button, Group, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { PagedItems } from '../../lib/paged-list';
import type { NotificationItem } from '../../lib/types';
import { notifyError, usePagedList } from '../../lib/ui';
import { notificationsKey } from './notification-bell';

export function NotificationsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const client = useQueryClient();
  const [show, setShow] = useState<'all' | 'unread'>('all');
  const list = usePagedList<NotificationItem>(
    [...notificationsKey, 'list'],
    '/notifications',
    show === 'unread' ? { unread: 'true' } : {},
  );
  const refresh = () => client.invalidateQueries({ queryKey: notificationsKey });
  const read = useMutation({
    mutationFn: (id: string) => api.post(`/notifications/${id}/read`),
    onSuccess: refresh,
    onError: notifyError,
  });
  const readAll = useMutation({
    mutationFn: () => api.post('/notifications/read-all'),
    onSuccess: refresh,
    onError: notifyError,
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('notifications.title')}</Title>
        <Button variant="default" onClick={() => readAll.mutate()} loading={readAll.isPending}>
          {t('notifications.readAll')}
        </Button>
      </Group>
      <SegmentedControl
        w="fit-content"
        value={show}
        onChange={(value) => setShow(value)}
        data={[
          { value: 'all', label: t('notifications.all') },
          { value: 'unread', label: t('notifications.unread') },
        ]}
        aria-label={t('notifications.show')}
      />
      <PagedItems list={list} empty={t('notifications.empty')}>
        {(items) => (
          <Stack gap="xs">
            {items.map((n) => (
              <Paper key={n.id} withBorder p="sm">
                <Group justify="space-between" align="flex-start" wrap="nowrap">
                  <Stack gap={2}>
                    <Group gap="xs">
                      {n.readAt ? null : <Badge color="red.8">{t('notifications.new')}</Badge>}
                      <Anchor component={Link} to={n.link} fw={600} onClick={() => !n.readAt && read.mutate(n.id)}>
                        {n.title}
                      </Anchor>
                    </Group>
                    <Text size="sm">{n.body}</Text>
                    <Text size="xs" c="dimmed">
                      {format.dateTime(n.at)}
                    </Text>
                  </Stack>
                  {n.readAt ? null : (
                    <Button size="xs" variant="default" onClick={() => read.mutate(n.id)}>
                      {t('notifications.markRead')}
                    </Button>
                  )}
                </Group>
              </Paper>
            ))}
          </Stack>
        )}
      </PagedItems>
    </Stack>
  );
}
