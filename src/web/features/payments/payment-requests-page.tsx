import { Anchor, Button, Checkbox, Group, Select, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { hasRole, useMe } from '../../lib/session';
import { paymentStatuses, type Organization, type Page, type PaymentRequest } from '../../lib/types';
import { PagedTable } from '../../lib/paged-list';
import { StatusBadge, usePagedList } from '../../lib/ui';
import { BulkReview } from './bulk-review';
import { ExportCsvButton } from '../../lib/export-button';
import { SearchBox, useUrlSearch } from '../../lib/search-box';

/** Partner names by id, for operators (who see every partner's requests). */
function usePartnerNames(enabled: boolean): Map<string, string> {
  const partners = useQuery({
    queryKey: ['organizations', 'partner', 'names'],
    queryFn: () => api.get<Page<Organization>>('/organizations', { kind: 'partner', limit: 200 }),
    enabled,
    staleTime: 5 * 60_000,
  });
  return new Map((partners.data?.items ?? []).map((o) => [o.id, o.name]));
}

/**
 * Partners follow their own requests here. For finance it is the review queue: the submitted
 * requests first, and the overdue ones (approved, not paid within the payment SLA) a switch away.
 */
export function PaymentRequestsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useMe();
  const isOperator = me.data?.organizationKind === 'operator';
  const [status, setStatus] = useState<string | null>(isOperator ? 'submitted' : null);
  const [overdue, setOverdue] = useState(false);
  const partnerNames = usePartnerNames(isOperator);
  const search = useUrlSearch();
  const q = search.q || undefined;
  const isFinance = hasRole(me.data, 'finance');
  const [picked, setPicked] = useState<Map<string, PaymentRequest>>(new Map());
  const pick = (request: PaymentRequest) =>
    setPicked((current) => {
      const next = new Map(current);
      if (next.has(request.id)) {
        next.delete(request.id);
      } else {
        next.set(request.id, request);
      }
      return next;
    });
  const list = usePagedList<PaymentRequest>(['payment-requests'], '/payment-requests', {
    status: overdue ? undefined : (status ?? undefined),
    overdue: overdue ? 'true' : undefined,
    q,
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{isOperator ? t('review.title') : t('payments.title')}</Title>
        <Group>
          <ExportCsvButton
            path="/exports/payment-requests.csv"
            filters={{ status: overdue ? undefined : status, overdue: overdue ? 'true' : undefined, q }}
          />
          {hasRole(me.data, 'partner_admin') ? (
            <Button component={Link} to="/payment-requests/new">
              {t('payments.new')}
            </Button>
          ) : null}
        </Group>
      </Group>
      {isOperator ? <Text c="dimmed">{t('review.intro')}</Text> : null}
      <Group align="flex-end">
        <SearchBox label={t('payments.search')} placeholder={t('payments.searchPlaceholder')} box={search.box} />
        <Select
          label={t('payments.filterStatus')}
          placeholder={t('payments.allStatuses')}
          clearable
          disabled={overdue}
          data={paymentStatuses.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          value={overdue ? null : status}
          onChange={setStatus}
          w={240}
        />
        <Switch
          label={t('review.overdueOnly')}
          checked={overdue}
          onChange={(e) => setOverdue(e.currentTarget.checked)}
          mb={8}
        />
      </Group>
      {isFinance ? (
        <BulkReview
          selected={[...picked.values()]}
          onDone={(remaining) => setPicked((current) => new Map([...current].filter(([id]) => remaining.includes(id))))}
        />
      ) : null}
      <PagedTable
        list={list}
        card={(request) => (
          <Stack gap={4}>
            <Group justify="space-between" wrap="nowrap">
              <Group gap="xs" wrap="nowrap">
                {isFinance ? (
                  <Checkbox
                    aria-label={t('bulk.pick', { reference: request.reference })}
                    checked={picked.has(request.id)}
                    onChange={() => pick(request)}
                  />
                ) : null}
                <Anchor component={Link} to={`/payment-requests/${request.id}`} fw={600}>
                  {request.reference}
                </Anchor>
              </Group>
              <StatusBadge status={request.status} />
            </Group>
            <Text size="sm">
              {format.money(request.total)}
              {request.payBy && request.status === 'approved'
                ? ` · ${t('review.payBy')}: ${format.date(request.payBy)}`
                : ''}
            </Text>
          </Stack>
        )}
        empty={overdue ? t('review.noOverdue') : t('payments.empty')}
        minWidth={800}
        striped
        highlightOnHover
        head={
          <>
            {isFinance ? (
              <Table.Th w={40}>
                <span className="saps-visually-hidden">{t('bulk.pickColumn')}</span>
              </Table.Th>
            ) : null}
            <Table.Th>{t('payments.reference')}</Table.Th>
            {isOperator ? <Table.Th>{t('review.partner')}</Table.Th> : null}
            <Table.Th>{t('payments.invoiceNumber')}</Table.Th>
            <Table.Th>{t('review.submittedAt')}</Table.Th>
            <Table.Th ta="right">{t('payments.vouchers')}</Table.Th>
            <Table.Th ta="right">{t('payments.total')}</Table.Th>
            <Table.Th>{t('payments.status')}</Table.Th>
          </>
        }
        row={(request) => (
          <Table.Tr key={request.id}>
            {isFinance ? (
              <Table.Td>
                <Checkbox
                  aria-label={t('bulk.pick', { reference: request.reference })}
                  checked={picked.has(request.id)}
                  onChange={() => pick(request)}
                />
              </Table.Td>
            ) : null}
            <Table.Td>
              <Anchor component={Link} to={`/payment-requests/${request.id}`}>
                {request.reference}
              </Anchor>
            </Table.Td>
            {isOperator ? <Table.Td>{partnerNames.get(request.partnerId) ?? '—'}</Table.Td> : null}
            <Table.Td>{request.invoiceNumber}</Table.Td>
            <Table.Td>{format.dateTime(request.createdAt)}</Table.Td>
            <Table.Td ta="right">{format.number(request.voucherIds.length)}</Table.Td>
            <Table.Td ta="right">{format.money(request.total)}</Table.Td>
            <Table.Td>
              <Group gap="xs" wrap="nowrap">
                <StatusBadge status={request.status} />
                {request.overdue ? (
                  <Text size="xs" c="red.9" fw={700}>
                    {t('review.overdue')}
                  </Text>
                ) : null}
              </Group>
            </Table.Td>
          </Table.Tr>
        )}
      />
    </Stack>
  );
}
