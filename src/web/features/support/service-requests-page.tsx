import { Anchor, Button, Paper, SegmentedControl, Stack, Table, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, fieldErrors } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { PagedTable } from '../../lib/paged-list';
import { hasRole, useMe } from '../../lib/session';
import type { ServiceRequest } from '../../lib/types';
import { notifyError, StatusBadge, usePagedList } from '../../lib/ui';

type StatusFilter = 'all' | 'open' | 'answered' | 'closed';

/** The requester's list and form; for operators, the queue (open, answered, closed). */
export function ServiceRequestsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useMe();
  const operator = hasRole(me.data, 'operator_admin') || hasRole(me.data, 'finance');
  const [status, setStatus] = useState<StatusFilter>(operator ? 'open' : 'all');
  const list = usePagedList<ServiceRequest>(
    ['service-requests'],
    '/service-requests',
    status === 'all' ? {} : { status },
  );
  return (
    <Stack>
      <Title order={1}>{operator ? t('support.queue') : t('support.serviceRequests')}</Title>
      {operator ? null : <NewServiceRequest />}
      <SegmentedControl
        w="fit-content"
        value={status}
        onChange={(value) => setStatus(value)}
        aria-label={t('support.status')}
        data={(['all', 'open', 'answered', 'closed'] as const).map((value) => ({
          value,
          label: t(`support.statuses.${value}`),
        }))}
      />
      <PagedTable
        list={list}
        empty={t('support.none')}
        minWidth={700}
        head={
          <>
            <Table.Th>{t('support.reference')}</Table.Th>
            <Table.Th>{t('support.subject')}</Table.Th>
            <Table.Th>{t('support.requester')}</Table.Th>
            <Table.Th>{t('support.status')}</Table.Th>
            <Table.Th>{t('support.updated')}</Table.Th>
          </>
        }
        row={(r) => (
          <Table.Tr key={r.id}>
            <Table.Td>
              <Anchor component={Link} to={`/service-requests/${r.id}`}>
                {r.reference}
              </Anchor>
            </Table.Td>
            <Table.Td>{r.subject}</Table.Td>
            <Table.Td>{r.requesterName}</Table.Td>
            <Table.Td>
              <StatusBadge status={r.status} />
            </Table.Td>
            <Table.Td>{format.dateTime(r.updatedAt)}</Table.Td>
          </Table.Tr>
        )}
      />
    </Stack>
  );
}

function NewServiceRequest() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [subject, setSubject] = useState('');
  const [message, setMessage] = useState('');
  const open = useMutation({
    mutationFn: () => api.post<ServiceRequest>('/service-requests', { subject, message }),
    onSuccess: async (created) => {
      await client.invalidateQueries({ queryKey: ['service-requests'] });
      await navigate(`/service-requests/${created.id}`);
    },
    onError: notifyError,
  });
  const errors = fieldErrors(open.error);
  return (
    <Paper withBorder p="md">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          open.mutate();
        }}
      >
        <Stack maw={600}>
          <Title order={2} size="h4">
            {t('support.new')}
          </Title>
          <TextInput
            label={t('support.subject')}
            value={subject}
            onChange={(e) => setSubject(e.currentTarget.value)}
            error={errors['body.subject']}
            required
          />
          <Textarea
            label={t('support.message')}
            value={message}
            onChange={(e) => setMessage(e.currentTarget.value)}
            error={errors['body.message']}
            autosize
            minRows={3}
            required
          />
          <Button type="submit" w="fit-content" loading={open.isPending}>
            {t('support.send')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
