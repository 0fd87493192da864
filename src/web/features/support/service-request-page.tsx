import { Anchor, Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, fieldErrors } from '../../lib/api';
import { useFormat } from '../../lib/format';
import type { ServiceRequest } from '../../lib/types';
import { notifyError, QueryState, StatusBadge } from '../../lib/ui';

export function ServiceRequestPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id = '' } = useParams();
  const client = useQueryClient();
  const key = ['service-requests', id];
  const request = useQuery({ queryKey: key, queryFn: () => api.get<ServiceRequest>(`/service-requests/${id}`) });
  const [message, setMessage] = useState('');
  const done = async (result: ServiceRequest) => {
    client.setQueryData(key, result);
    await client.invalidateQueries({ queryKey: ['service-requests'], exact: true });
  };
  const reply = useMutation({
    mutationFn: () => api.post<ServiceRequest>(`/service-requests/${id}/replies`, { message }),
    onSuccess: async (result) => {
      setMessage('');
      await done(result);
    },
    onError: notifyError,
  });
  const close = useMutation({
    mutationFn: () => api.post<ServiceRequest>(`/service-requests/${id}/closure`),
    onSuccess: done,
    onError: notifyError,
  });
  return (
    <Stack>
      <Anchor component={Link} to="/service-requests" size="sm">
        {t('support.back')}
      </Anchor>
      <QueryState query={request}>
        {(r) => (
          <Stack>
            <Group>
              <Title order={1}>
                {r.reference}: {r.subject}
              </Title>
              <StatusBadge status={r.status} />
            </Group>
            <Paper withBorder p="md">
              <Text size="sm" c="dimmed">
                {r.requesterName}, {format.dateTime(r.createdAt)}
              </Text>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{r.message}</Text>
            </Paper>
            {(r.replies ?? []).map((reply) => (
              <Paper key={reply.id} withBorder p="md" ml={reply.fromOperator ? 0 : 'xl'}>
                <Text size="sm" c="dimmed">
                  {reply.authorName}
                  {reply.fromOperator ? ` (${t('support.operations')})` : ''}, {format.dateTime(reply.at)}
                </Text>
                <Text style={{ whiteSpace: 'pre-wrap' }}>{reply.message}</Text>
              </Paper>
            ))}
            {r.status === 'closed' ? (
              <Text>{t('support.closed')}</Text>
            ) : (
              <form
                onSubmit={(event) => {
                  event.preventDefault();
                  reply.mutate();
                }}
              >
                <Stack maw={600}>
                  <Textarea
                    label={t('support.reply')}
                    value={message}
                    onChange={(e) => setMessage(e.currentTarget.value)}
                    error={fieldErrors(reply.error)['body.message']}
                    autosize
                    minRows={3}
                    required
                  />
                  <Group>
                    <Button type="submit" loading={reply.isPending}>
                      {t('support.sendReply')}
                    </Button>
                    <Button variant="default" onClick={() => close.mutate()} loading={close.isPending}>
                      {t('support.close')}
                    </Button>
                  </Group>
                </Stack>
              </form>
            )}
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}
