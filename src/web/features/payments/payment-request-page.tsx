import {
  Alert,
  Anchor,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, fieldErrors, unplacedErrors } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { paymentActionsOf, type PaymentRequestAction } from '../../lib/actions';
import { useMe } from '../../lib/session';
import { denialReasons, type DenialReason, type PaymentRequest, type Voucher } from '../../lib/types';
import { ConfirmButton, notifyError, notifySuccess, ProblemAlert, QueryState, StatusBadge } from '../../lib/ui';

const steps = ['submitted', 'approved', 'paid'] as const;

export const paymentRequestKey = (id: string) => ['payment-requests', id] as const;

export function PaymentRequestPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const request = useQuery({
    queryKey: paymentRequestKey(id),
    queryFn: () => api.get<PaymentRequest>(`/payment-requests/${id}`),
  });
  return (
    <Stack>
      <Anchor component={Link} to="/payment-requests" size="sm">
        {t('payments.back')}
      </Anchor>
      <QueryState query={request}>{(r) => <PaymentRequestDetail request={r} />}</QueryState>
    </Stack>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fw={600}>{children}</Text>
    </Paper>
  );
}

function PaymentRequestDetail({ request: r }: { request: PaymentRequest }) {
  const { t } = useTranslation();
  const format = useFormat();
  const client = useQueryClient();
  const done = async (result: PaymentRequest, message: string) => {
    client.setQueryData(paymentRequestKey(result.id), result);
    notifySuccess(message);
    await client.invalidateQueries({ queryKey: ['payment-requests'] });
    await client.invalidateQueries({ queryKey: ['admin', 'dashboard'] });
  };
  const approve = useMutation({
    mutationFn: () => api.post<PaymentRequest>(`/payment-requests/${r.id}/approval`),
    onSuccess: (result) => done(result, t('review.approved', { reference: result.reference })),
    onError: notifyError,
  });
  const me = useMe();
  const actions = paymentActionsOf(r, me.data);
  const can = (action: PaymentRequestAction) => actions.includes(action);
  const isOperator = me.data?.organizationKind === 'operator';

  return (
    <Stack>
      <Group justify="space-between">
        <Group>
          <Title order={1}>{t('payments.titleOne', { reference: r.reference })}</Title>
          <StatusBadge status={r.status} />
          {r.overdue ? (
            <Text c="red.9" fw={700} size="sm">
              {t('review.overdue')}
            </Text>
          ) : null}
        </Group>
        <Group>
          {can('approve') ? (
            <ConfirmButton
              data-action="approve"
              color="teal.9"
              label={t('review.approve')}
              title={t('review.approve')}
              message={t('review.approveConfirm', { reference: r.reference, total: format.money(r.total) })}
              confirmLabel={t('review.approve')}
              loading={approve.isPending}
              onConfirm={() => approve.mutate()}
            />
          ) : null}
          {can('deny') ? <DenyButton request={r} onDone={done} /> : null}
          {can('pay') ? <PayButton request={r} onDone={done} /> : null}
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
        <Fact label={t('payments.total')}>{format.money(r.total)}</Fact>
        <Fact label={t('payments.invoiceNumber')}>{r.invoiceNumber}</Fact>
        <Fact label={t('payments.invoiceDate')}>{format.date(r.invoiceDate)}</Fact>
        <Fact label={t('review.deliveryCountry')}>{format.country(r.deliveryCountry)}</Fact>
        <Fact label={t('review.submittedAt')}>{format.dateTime(r.createdAt)}</Fact>
        <Fact label={t('review.payBy')}>{format.date(r.payBy)}</Fact>
        {r.paidOn ? <Fact label={t('review.paidOn')}>{format.date(r.paidOn)}</Fact> : null}
        {r.paymentReference ? <Fact label={t('review.paymentReference')}>{r.paymentReference}</Fact> : null}
      </SimpleGrid>
      {r.status === 'denied' ? (
        <Alert color="red" title={t('review.deniedTitle')}>
          <Text size="sm" fw={600}>
            {t('payments.deniedBecause', {
              reason: r.denialReason ? t(`denialReasons.${r.denialReason}`) : '—',
            })}
          </Text>
          {r.denialDetail ? <Text size="sm">{r.denialDetail}</Text> : null}
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="sm">
            {t('payments.vouchers')}
          </Title>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('vouchers.code')}</Table.Th>
                <Table.Th>{t('review.evidence')}</Table.Th>
                <Table.Th ta="right">{t('vouchers.days')}</Table.Th>
                <Table.Th ta="right">{t('review.amount')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.vouchers.map((v) => (
                <Table.Tr key={v.voucherId}>
                  <Table.Td>
                    <Anchor
                      component={Link}
                      to={isOperator ? `/vouchers/${v.voucherId}#report` : `/partner/vouchers/${v.voucherId}#report`}
                      className="saps-code"
                      size="sm"
                    >
                      {v.code}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <VoucherEvidence voucherId={v.voucherId} />
                  </Table.Td>
                  <Table.Td ta="right">{format.number(v.days)}</Table.Td>
                  <Table.Td ta="right">
                    {format.money({ amountMinor: v.amountMinor, currency: r.total.currency })}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="sm">
            {t('payments.progress')}
          </Title>
          {r.status === 'denied' ? (
            <Timeline active={1} bulletSize={18}>
              <Timeline.Item title={t('status.submitted')}>
                <Text size="sm" c="dimmed">
                  {format.dateTime(r.createdAt)}
                </Text>
              </Timeline.Item>
              <Timeline.Item title={t('status.denied')} color="red">
                <Text size="sm" c="dimmed">
                  {format.dateTime(r.deniedAt)}
                </Text>
              </Timeline.Item>
            </Timeline>
          ) : (
            <Timeline active={steps.indexOf(r.status)} bulletSize={18}>
              {steps.map((step) => {
                const at = { submitted: r.createdAt, approved: r.approvedAt, paid: r.paidAt }[step];
                return (
                  <Timeline.Item key={step} title={t(`status.${step}`)}>
                    <Text size="sm" c="dimmed">
                      {at ? format.dateTime(at) : t('voucher.notYet')}
                    </Text>
                  </Timeline.Item>
                );
              })}
            </Timeline>
          )}
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}

/**
 * The completion report and deliverables behind one voucher of a request (issue 12, finance
 * review): finance checks them before approving.
 */
function VoucherEvidence({ voucherId }: { voucherId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const voucher = useQuery({
    queryKey: ['vouchers', voucherId],
    queryFn: () => api.get<Voucher>(`/vouchers/${voucherId}`),
  });
  const report = voucher.data?.completionReport;
  if (!voucher.data) {
    return null;
  }
  if (!report) {
    return (
      <Text size="sm" c="red.9">
        {t('review.noReport')}
      </Text>
    );
  }
  return (
    <Stack gap={2}>
      <Text size="sm">{t('review.reportFiled', { date: format.date(report.submittedAt) })}</Text>
      {report.deliverableFileIds.map((fileId, index) => (
        <Anchor key={fileId} href={`/api/v1/files/${fileId}/content`} size="sm">
          {t('review.deliverableN', { n: index + 1 })}
        </Anchor>
      ))}
    </Stack>
  );
}

type Done = (result: PaymentRequest, message: string) => Promise<void>;

/** Deny with a reason from the program's list and a detail for the partner; asks before sending. */
function DenyButton({ request, onDone }: { request: PaymentRequest; onDone: Done }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<DenialReason | null>(null);
  const [detail, setDetail] = useState('');
  const deny = useMutation({
    mutationFn: () => api.post<PaymentRequest>(`/payment-requests/${request.id}/denial`, { reason, detail }),
    onSuccess: async (result) => {
      setOpen(false);
      await onDone(result, t('review.denied', { reference: result.reference }));
    },
  });
  const errors = fieldErrors(deny.error);
  const rest = unplacedErrors(deny.error, ['reason', 'detail']);
  return (
    <>
      <Button data-action="deny" color="red" variant="outline" onClick={() => setOpen(true)}>
        {t('review.deny')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('review.denyTitle')} centered>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            deny.mutate();
          }}
        >
          <Stack>
            <Text size="sm">{t('review.denyBody', { reference: request.reference })}</Text>
            <Select
              label={t('review.reason')}
              required
              data={denialReasons.map((value) => ({ value, label: t(`denialReasons.${value}`) }))}
              value={reason}
              onChange={setReason}
              error={errors.reason}
              comboboxProps={{ withinPortal: false }}
            />
            <Textarea
              label={t('review.detail')}
              description={t('review.detailHint')}
              required
              autosize
              minRows={3}
              value={detail}
              onChange={(e) => setDetail(e.currentTarget.value)}
              error={errors.detail}
            />
            {deny.error && (rest.length > 0 || Object.keys(errors).length === 0) ? (
              <ProblemAlert error={deny.error} />
            ) : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(false)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" color="red" loading={deny.isPending} disabled={!reason || !detail.trim()}>
                {t('review.denyConfirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

/** Record the payment (reference and the day it was paid); asks before sending. */
function PayButton({ request, onDone }: { request: PaymentRequest; onDone: Done }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [open, setOpen] = useState(false);
  const [paymentReference, setPaymentReference] = useState('');
  const [paidOn, setPaidOn] = useState('');
  const pay = useMutation({
    mutationFn: () => api.post<PaymentRequest>(`/payment-requests/${request.id}/payment`, { paymentReference, paidOn }),
    onSuccess: async (result) => {
      setOpen(false);
      await onDone(result, t('review.paid', { reference: result.reference, total: format.money(result.total) }));
    },
  });
  const errors = fieldErrors(pay.error);
  const rest = unplacedErrors(pay.error, ['paymentReference', 'paidOn']);
  return (
    <>
      <Button data-action="pay" color="teal.9" onClick={() => setOpen(true)}>
        {t('review.markPaid')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('review.payTitle')} centered>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            pay.mutate();
          }}
        >
          <Stack>
            <Text size="sm">
              {t('review.payBody', { reference: request.reference, total: format.money(request.total) })}
            </Text>
            <TextInput
              label={t('review.paymentReference')}
              required
              value={paymentReference}
              onChange={(e) => setPaymentReference(e.currentTarget.value)}
              error={errors.paymentReference}
            />
            <TextInput
              type="date"
              label={t('review.paidOn')}
              required
              value={paidOn}
              onChange={(e) => setPaidOn(e.currentTarget.value)}
              error={errors.paidOn}
            />
            {pay.error && (rest.length > 0 || Object.keys(errors).length === 0) ? (
              <ProblemAlert error={pay.error} />
            ) : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(false)}>
                {t('common.cancel')}
              </Button>
              <Button
                type="submit"
                color="teal.9"
                loading={pay.isPending}
                disabled={!paymentReference.trim() || !paidOn}
              >
                {t('review.payConfirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
