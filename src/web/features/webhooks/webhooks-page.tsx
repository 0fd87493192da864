import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  MultiSelect,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, fieldErrors } from '../../lib/api';
import { useFormat } from '../../lib/format';
import type { CreatedWebhookEndpoint, WebhookDelivery, WebhookEndpoint, WebhookEventType } from '../../lib/types';
import { ConfirmButton, notifySuccess, ProblemAlert, QueryState } from '../../lib/ui';

const endpointsKey = ['webhook-endpoints'] as const;

/** api.md's event types (the schema's enum checks this list at build time). */
const webhookEventTypes: WebhookEventType[] = [
  'voucher.created',
  'voucher.reserved',
  'voucher.released',
  'voucher.completed',
  'voucher.redeemed',
  'voucher.cancelled',
  'voucher.expired',
  'payment_request.submitted',
  'payment_request.approved',
  'payment_request.denied',
  'payment_request.paid',
  'agreement.days_removed',
];

/** The organisation's webhook endpoints and their delivery log (api.md, Integrations). */
export function WebhooksPage() {
  const { t } = useTranslation();
  const endpoints = useQuery({
    queryKey: endpointsKey,
    queryFn: () => api.get<{ items: WebhookEndpoint[] }>('/webhook-endpoints'),
  });
  return (
    <Stack>
      <Title order={1}>{t('webhooks.title')}</Title>
      <Text c="dimmed">{t('webhooks.intro')}</Text>
      <CreateEndpoint />
      <QueryState query={endpoints}>
        {(page) =>
          page.items.length === 0 ? (
            <Text c="dimmed">{t('webhooks.empty')}</Text>
          ) : (
            <Stack>
              {page.items.map((endpoint) => (
                <Endpoint key={endpoint.id} endpoint={endpoint} />
              ))}
            </Stack>
          )
        }
      </QueryState>
    </Stack>
  );
}

function CreateEndpoint() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  const create = useMutation({
    mutationFn: () => api.post<CreatedWebhookEndpoint>('/webhook-endpoints', { url, events }),
    onSuccess: async () => {
      setUrl('');
      setEvents([]);
      await client.invalidateQueries({ queryKey: endpointsKey });
    },
  });
  const errors = fieldErrors(create.error);
  return (
    <Paper withBorder p="md">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate();
        }}
      >
        <Stack>
          <Title order={2} size="h4">
            {t('webhooks.create')}
          </Title>
          <TextInput
            label={t('webhooks.url')}
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            error={errors.url}
            required
          />
          <MultiSelect
            label={t('webhooks.events')}
            data={webhookEventTypes}
            value={events}
            onChange={setEvents}
            error={errors.events}
          />
          {create.error && Object.keys(errors).length === 0 ? <ProblemAlert error={create.error} /> : null}
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('webhooks.create')}
            </Button>
          </Group>
          {create.data ? (
            <Alert color="yellow" title={t('webhooks.secretOnce')}>
              <Code block>{create.data.secret}</Code>
            </Alert>
          ) : null}
        </Stack>
      </form>
    </Paper>
  );
}

function Endpoint({ endpoint }: { endpoint: WebhookEndpoint }) {
  const { t } = useTranslation();
  const format = useFormat();
  const client = useQueryClient();
  const deliveriesKey = ['webhook-endpoints', endpoint.id, 'deliveries'];
  const deliveries = useQuery({
    queryKey: deliveriesKey,
    queryFn: () => api.get<{ items: WebhookDelivery[] }>(`/webhook-endpoints/${endpoint.id}/deliveries`),
  });
  const rotate = useMutation({
    mutationFn: () => api.post<{ secret: string }>(`/webhook-endpoints/${endpoint.id}/secret-rotation`),
  });
  const remove = useMutation({
    mutationFn: () => api.delete<null>(`/webhook-endpoints/${endpoint.id}`),
    onSuccess: async () => {
      notifySuccess(t('webhooks.deleted'));
      await client.invalidateQueries({ queryKey: endpointsKey });
    },
  });
  const retry = useMutation({
    mutationFn: (delivery: WebhookDelivery) =>
      api.post<WebhookDelivery>(`/webhook-endpoints/${endpoint.id}/deliveries/${delivery.id}/retry`),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: deliveriesKey });
    },
  });
  return (
    <Paper withBorder p="md">
      <Stack>
        <Group justify="space-between">
          <div>
            <Text fw={600}>{endpoint.url}</Text>
            <Text size="sm" c="dimmed">
              {endpoint.events.join(', ')}
            </Text>
          </div>
          <Group>
            {endpoint.disabledAt ? <Badge color="red">{t('webhooks.disabled')}</Badge> : null}
            <Button variant="default" size="xs" onClick={() => rotate.mutate()} loading={rotate.isPending}>
              {t('webhooks.rotate')}
            </Button>
            <ConfirmButton
              size="xs"
              variant="light"
              label={t('webhooks.delete')}
              title={t('webhooks.deleteTitle')}
              message={t('webhooks.deleteConfirm')}
              confirmLabel={t('webhooks.delete')}
              loading={remove.isPending}
              onConfirm={() => remove.mutate()}
            />
          </Group>
        </Group>
        {endpoint.disabledReason ? <Alert color="red">{endpoint.disabledReason}</Alert> : null}
        {rotate.data ? (
          <Alert color="yellow" title={t('webhooks.rotated')}>
            <Code block>{rotate.data.secret}</Code>
          </Alert>
        ) : null}
        <QueryState query={deliveries}>
          {(page) =>
            page.items.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('webhooks.noDeliveries')}
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={700}>
                <Table striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('webhooks.event')}</Table.Th>
                      <Table.Th>{t('webhooks.status')}</Table.Th>
                      <Table.Th ta="right">{t('webhooks.attempts')}</Table.Th>
                      <Table.Th>{t('webhooks.lastAttempt')}</Table.Th>
                      <Table.Th>{t('webhooks.response')}</Table.Th>
                      <Table.Th>{t('common.actions')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {page.items.map((delivery) => (
                      <Table.Tr key={delivery.id}>
                        <Table.Td>
                          {delivery.eventType}
                          <Text size="xs" c="dimmed" ff="monospace">
                            {delivery.webhookId}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Badge
                            variant="light"
                            color={
                              delivery.status === 'succeeded'
                                ? 'green'
                                : delivery.status === 'failed'
                                  ? 'red'
                                  : 'yellow'
                            }
                          >
                            {t(`webhooks.statuses.${delivery.status}`)}
                          </Badge>
                        </Table.Td>
                        <Table.Td ta="right">{format.number(delivery.attempts)}</Table.Td>
                        <Table.Td>{delivery.lastAttemptAt ? format.dateTime(delivery.lastAttemptAt) : '—'}</Table.Td>
                        <Table.Td>
                          {delivery.responseStatus ?? delivery.lastError ?? '—'}
                          {delivery.latencyMs !== null ? ` (${format.number(delivery.latencyMs)} ms)` : ''}
                        </Table.Td>
                        <Table.Td>
                          <Button
                            size="xs"
                            variant="default"
                            disabled={Boolean(endpoint.disabledAt)}
                            loading={retry.isPending && retry.variables?.id === delivery.id}
                            onClick={() => retry.mutate(delivery)}
                          >
                            {t('webhooks.retry')}
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )
          }
        </QueryState>
      </Stack>
    </Paper>
  );
}
