import { Alert, Button, Code, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, fieldErrors } from '../../lib/api';
import { useFormat } from '../../lib/format';
import type { AuditChainState, AuditEvent } from '../../lib/types';
import { ListPager, ListTable } from '../../lib/paged-list';
import { Empty, ProblemAlert, QueryState, usePagedList } from '../../lib/ui';
import { ExportCsvButton } from '../../lib/export-button';

function json(value: unknown): string {
  return value === null || value === undefined ? '—' : JSON.stringify(value, null, 2);
}

/** The tamper-evident chain (decision 021), verified when the page opens. */
function ChainState() {
  const { t } = useTranslation();
  const format = useFormat();
  const chain = useQuery({
    queryKey: ['admin', 'audit-chain'],
    queryFn: () => api.get<AuditChainState>('/admin/audit-chain'),
  });
  if (!chain.data) {
    return chain.error ? <ProblemAlert error={chain.error} /> : null;
  }
  const state = chain.data;
  return state.status === 'intact' ? (
    <Alert color="green" title={t('audit.chainIntact')}>
      {t('audit.chainIntactDetail', {
        sealed: format.number(state.sealed),
        unsealed: format.number(state.unsealed),
        at: format.dateTime(state.verifiedAt),
      })}
    </Alert>
  ) : (
    <Alert color="red" title={t('audit.chainBroken')}>
      {t('audit.chainBrokenDetail', {
        id: state.firstBreak?.auditEventId ?? '?',
        sealed: format.number(state.sealed),
        unsealed: format.number(state.unsealed),
      })}
      <Text size="sm">{state.firstBreak?.detail}</Text>
    </Alert>
  );
}

/** Audit records, newest first, by entity and by actor (`GET /audit-events`, cursor-paginated). */
export function AuditPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [q, setQ] = useState('');
  const [entityId, setEntityId] = useState('');
  const [actorId, setActorId] = useState('');
  const [filters, setFilters] = useState({ q: '', entityId: '', actorId: '' });
  const list = usePagedList<AuditEvent>(['audit-events'], '/audit-events', filters, 50);
  const errors = fieldErrors(list.query.error);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('audit.title')}</Title>
        <ExportCsvButton path="/exports/audit-events.csv" filters={filters} />
      </Group>
      <Text c="dimmed">{t('audit.intro')}</Text>
      <ChainState />
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setFilters({ q: q.trim(), entityId: entityId.trim(), actorId: actorId.trim() });
        }}
      >
        <Group align="flex-start">
          <TextInput
            label={t('audit.q')}
            description={t('audit.qHint')}
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            error={errors.q}
            w={340}
          />
          <TextInput
            label={t('audit.entityId')}
            description={t('audit.entityIdHint')}
            value={entityId}
            onChange={(e) => setEntityId(e.currentTarget.value)}
            error={errors.entityId}
            w={340}
          />
          <TextInput
            label={t('audit.actorId')}
            description={t('audit.actorIdHint')}
            value={actorId}
            onChange={(e) => setActorId(e.currentTarget.value)}
            error={errors.actorId}
            w={340}
          />
          <Button type="submit" mt={46}>
            {t('audit.search')}
          </Button>
        </Group>
      </form>
      {Object.keys(errors).length > 0 ? null : (
        <QueryState query={list.query}>
          {(page) =>
            page.items.length === 0 ? (
              <Empty>{t('audit.empty')}</Empty>
            ) : (
              <ListTable
                items={page.items}
                minWidth={900}
                striped
                verticalSpacing="xs"
                head={
                  <>
                    <Table.Th>{t('audit.at')}</Table.Th>
                    <Table.Th>{t('audit.action')}</Table.Th>
                    <Table.Th>{t('audit.entity')}</Table.Th>
                    <Table.Th>{t('audit.actor')}</Table.Th>
                    <Table.Th>{t('audit.changes')}</Table.Th>
                  </>
                }
                row={(event) => (
                  <Table.Tr key={event.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.dateTime(event.at)}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{t(`auditActions.${event.action}`, { defaultValue: event.action })}</Text>
                      {event.organizationNames.length > 0 ? (
                        <Text size="xs" c="dimmed">
                          {event.organizationNames.join(', ')}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {t(`auditEntities.${event.entityType}`, { defaultValue: event.entityType })}
                        {event.entityLabel ? (
                          <>
                            {': '}
                            <span className="saps-code">{event.entityLabel}</span>
                          </>
                        ) : null}
                      </Text>
                      <Button
                        variant="subtle"
                        size="compact-xs"
                        ff="monospace"
                        onClick={() => {
                          setEntityId(event.entityId);
                          setFilters((f) => ({ ...f, entityId: event.entityId }));
                          setEntityId(event.entityId);
                        }}
                        aria-label={t('audit.filterEntity', { id: event.entityId })}
                      >
                        {event.entityId}
                      </Button>
                    </Table.Td>
                    <Table.Td>
                      {event.actorId ? (
                        <Button
                          variant="subtle"
                          size="compact-xs"

                          onClick={() => {
                            setActorId(event.actorId ?? '');
                            setFilters((f) => ({ ...f, actorId: event.actorId ?? '' }));
                          }}
                          aria-label={t('audit.filterActor', { id: event.actorName ?? event.actorId })}
                        >
                          {event.actorName ?? event.actorId}
                        </Button>
                      ) : (
                        <Text size="sm" c="dimmed">
                          {t('audit.system')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <details>
                        <summary>{t('audit.showChanges')}</summary>
                        <Group align="flex-start" wrap="nowrap" gap="xs" mt="xs">
                          <Stack gap={2}>
                            <Text size="xs" fw={700}>
                              {t('audit.before')}
                            </Text>
                            <Code block>{json(event.before)}</Code>
                          </Stack>
                          <Stack gap={2}>
                            <Text size="xs" fw={700}>
                              {t('audit.after')}
                            </Text>
                            <Code block>{json(event.after)}</Code>
                          </Stack>
                        </Group>
                      </details>
                    </Table.Td>
                  </Table.Tr>
                )}
              />
            )
          }
        </QueryState>
      )}
      {list.query.isError && Object.keys(errors).length > 0 ? null : <ListPager list={list} />}
      {Object.keys(errors).length > 0 && !errors.entityId && !errors.actorId ? (
        <ProblemAlert error={list.query.error} />
      ) : null}
    </Stack>
  );
}
