import { Alert, Anchor, Checkbox, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, fieldErrors, unplacedErrors } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { useMe } from '../../lib/session';
import type { Location, Money, Page, PaymentRequest, Program, Rate, Voucher } from '../../lib/types';
import { PagedTable } from '../../lib/paged-list';
import { ConfirmButton, notifySuccess, ProblemAlert, usePagedList } from '../../lib/ui';
import { useEngagementTypeIndex } from '../vouchers/catalog-names';
import { useLocations } from '../partners/use-locations';
import { useClock } from '../../shell/clock-banner';
import { VoucherCard } from '../vouchers/voucher-card';
import { usePayable } from './payment-facts';

/**
 * The expected total: days × the daily rate of the delivery country (the rate card). The server
 * computes the amount it pays; this is shown so the partner sees it before submitting.
 */
function useRateIndex(): Map<string, Rate> & { programId?: string } {
  const programs = useQuery({
    queryKey: ['programs', 'all'],
    queryFn: () => api.get<Page<Program>>('/programs', { limit: 200 }),
    staleTime: 5 * 60_000,
  });
  const programId = programs.data?.items[0]?.id;
  const rates = useQuery({
    queryKey: ['programs', programId, 'rates'],
    queryFn: () => api.get<Page<Rate>>(`/programs/${programId}/rates`),
    enabled: !!programId,
  });
  const index: Map<string, Rate> & { programId?: string } = new Map(
    (rates.data?.items ?? []).map((r) => [r.country, r]),
  );
  if (programId) {
    index.programId = programId;
  }
  return index;
}

function expectedTotal(vouchers: Voucher[], locations: Map<string, Location>, rates: Map<string, Rate>): Money | null {
  let total = null as Money | null;
  for (const voucher of vouchers) {
    const country = locations.get(voucher.reservation?.locationId ?? '')?.country;
    const rate = country ? rates.get(country) : undefined;
    if (!rate) {
      return null;
    }
    if (total && total.currency !== rate.currency) {
      return null;
    }
    total = { amountMinor: (total?.amountMinor ?? 0) + rate.amountMinor * voucher.days, currency: rate.currency };
  }
  return total;
}

export function NewPaymentRequestPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useMe();
  const navigate = useNavigate();
  const client = useQueryClient();
  const types = useEngagementTypeIndex();
  const locations = useLocations(me.data?.organizationId);
  const rates = useRateIndex();
  const clock = useClock();
  const payable = usePayable(me.data, clock.data?.now);
  const list = usePagedList<Voucher>(['vouchers', 'redeemed'], '/vouchers', { status: 'redeemed' }, 200);
  const programId = list.query.data?.items[0]?.programId ?? rates.programId;
  const unregistered = payable.ready && !!programId && !payable.registered.has(programId);
  const [selected, setSelected] = useState<Map<string, Voucher>>(new Map());
  const [invoiceNumber, setInvoiceNumber] = useState('');
  const [invoiceDate, setInvoiceDate] = useState('');

  const submit = useMutation({
    mutationFn: () =>
      api.post<PaymentRequest>('/payment-requests', {
        voucherIds: [...selected.keys()],
        invoiceNumber,
        invoiceDate,
      }),
    onSuccess: async (request) => {
      notifySuccess(t('payments.submitted', { reference: request.reference, total: format.money(request.total) }));
      await client.invalidateQueries({ queryKey: ['payment-requests'] });
      await client.invalidateQueries({ queryKey: ['vouchers'] });
      await navigate(`/payment-requests/${request.id}`);
    },
  });
  const errors = fieldErrors(submit.error);
  const rest = unplacedErrors(submit.error, ['invoiceNumber', 'invoiceDate']);
  // Only the vouchers a request can still take (issue 12, M3): a paid or requested voucher, or
  // one whose payment window closed, is not offered. Registration is checked above, not here.
  const offered = (voucher: Voucher) =>
    payable.payable(voucher) ||
    (unregistered && !payable.held.has(voucher.id) && voucher.availableActions.length === 0);
  const payableList = {
    ...list,
    query: {
      ...list.query,
      data: list.query.data ? { ...list.query.data, items: list.query.data.items.filter(offered) } : undefined,
    },
  } as typeof list;
  const locationIndex = new Map((locations.data?.items ?? []).map((l) => [l.id, l]));
  const total = expectedTotal([...selected.values()], locationIndex, rates);
  const toggle = (voucher: Voucher) =>
    setSelected((current) => {
      const next = new Map(current);
      if (next.has(voucher.id)) {
        next.delete(voucher.id);
      } else {
        next.set(voucher.id, voucher);
      }
      return next;
    });

  return (
    <Stack>
      <Anchor component={Link} to="/payment-requests" size="sm">
        {t('payments.back')}
      </Anchor>
      <Title order={1}>{t('payments.newTitle')}</Title>
      <Text c="dimmed">{t('payments.newIntro')}</Text>
      {unregistered ? (
        <Alert color="orange" variant="light" title={t('payments.registerFirstTitle')} role="status">
          <Text size="sm">
            {t('payments.registerFirst')}{' '}
            <Anchor component={Link} to="/partner/onboarding/payments">
              {t('payments.registerLink')}
            </Anchor>
          </Text>
        </Alert>
      ) : null}
      <PagedTable
        list={payableList}
        empty={t('payments.noRedeemed')}
        minWidth={600}
        highlightOnHover
        head={
          <>
            <Table.Th w={40}>
              <span className="saps-visually-hidden">{t('payments.pick')}</span>
            </Table.Th>
            <Table.Th>{t('vouchers.code')}</Table.Th>
            <Table.Th>{t('vouchers.engagementType')}</Table.Th>
            <Table.Th ta="right">{t('vouchers.days')}</Table.Th>
            <Table.Th>{t('voucher.paymentDueBy')}</Table.Th>
          </>
        }
        card={(voucher) => (
          <Group wrap="nowrap" align="flex-start">
            <Checkbox
              aria-label={t('payments.pickVoucher', { code: voucher.code })}
              checked={selected.has(voucher.id)}
              onChange={() => toggle(voucher)}
              mt={4}
            />
            <VoucherCard voucher={voucher} to={`/partner/vouchers/${voucher.id}`} />
          </Group>
        )}
        row={(voucher) => (
          <Table.Tr key={voucher.id}>
            <Table.Td>
              <Checkbox
                aria-label={t('payments.pickVoucher', { code: voucher.code })}
                checked={selected.has(voucher.id)}
                onChange={() => toggle(voucher)}
              />
            </Table.Td>
            <Table.Td>
              <Anchor component={Link} to={`/partner/vouchers/${voucher.id}`} className="saps-code" size="sm">
                {voucher.code}
              </Anchor>
            </Table.Td>
            <Table.Td>{types.get(voucher.engagementTypeId)?.name ?? '—'}</Table.Td>
            <Table.Td ta="right">{format.number(voucher.days)}</Table.Td>
            <Table.Td>{format.date(voucher.paymentDueBy ?? null)}</Table.Td>
          </Table.Tr>
        )}
      />
      <Paper withBorder p="md">
        <Stack>
          <Text fw={600}>
            {t('payments.selected', { count: selected.size })}
            {' · '}
            {total ? t('payments.expectedTotal', { total: format.money(total) }) : t('payments.totalByServer')}
          </Text>
          <Group grow align="flex-start">
            <TextInput
              label={t('payments.invoiceNumber')}
              required
              value={invoiceNumber}
              onChange={(e) => setInvoiceNumber(e.currentTarget.value)}
              error={errors.invoiceNumber}
            />
            <TextInput
              type="date"
              label={t('payments.invoiceDate')}
              required
              value={invoiceDate}
              onChange={(e) => setInvoiceDate(e.currentTarget.value)}
              error={errors.invoiceDate}
            />
          </Group>
          {submit.error && (rest.length > 0 || Object.keys(errors).length === 0) ? (
            <ProblemAlert error={submit.error} />
          ) : null}
          <Group justify="flex-end">
            <ConfirmButton
              color="blue"
              label={t('payments.submit')}
              title={t('payments.submit')}
              message={t('payments.submitConfirm', { count: selected.size })}
              confirmLabel={t('payments.submit')}
              disabled={unregistered || selected.size === 0 || !invoiceNumber || !invoiceDate}
              loading={submit.isPending}
              onConfirm={() => submit.mutate()}
            />
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
