import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { paymentActionsOf, type PaymentRequestAction } from '../../lib/actions';
import { useFormat } from '../../lib/format';
import { useMe } from '../../lib/session';
import type { Money, PaymentRequest } from '../../lib/types';
import { notifySuccess, ProblemAlert } from '../../lib/ui';

/** Σ of the requests' totals, one sum per currency. */
export function totals(requests: readonly PaymentRequest[]): Money[] {
  const sums = new Map<string, number>();
  for (const r of requests) {
    sums.set(r.total.currency, (sums.get(r.total.currency) ?? 0) + r.total.amountMinor);
  }
  return [...sums].map(([currency, amountMinor]) => ({ currency, amountMinor }));
}

/**
 * Approve, or mark paid, several requests at once (issue 12, finance review), after one
 * confirmation that states how many and the total. Each request is its own call (and its own
 * audit record); one that fails is named and stays selected, the others go through.
 */
export function BulkReview({
  selected,
  onDone,
}: {
  selected: readonly PaymentRequest[];
  onDone: (remaining: string[]) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useMe();
  const client = useQueryClient();
  const [action, setAction] = useState<'approve' | 'pay' | null>(null);
  const [paymentReference, setPaymentReference] = useState('');
  const [paidOn, setPaidOn] = useState('');
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<{ reference: string; error: unknown } | null>(null);
  const all = (a: PaymentRequestAction) =>
    selected.length > 0 && selected.every((r) => paymentActionsOf(r, me.data).includes(a));
  const canApprove = all('approve');
  const canPay = all('pay');
  if (!canApprove && !canPay && selected.length === 0) {
    return null;
  }
  const total = totals(selected)
    .map((m) => format.money(m))
    .join(' + ');

  const run = async () => {
    if (!action) {
      return;
    }
    setRunning(true);
    setFailure(null);
    const remaining: string[] = [];
    let done = 0;
    for (const request of selected) {
      try {
        if (action === 'approve') {
          await api.post(`/payment-requests/${request.id}/approval`);
        } else {
          await api.post(`/payment-requests/${request.id}/payment`, { paymentReference, paidOn });
        }
        done += 1;
      } catch (error) {
        remaining.push(request.id);
        setFailure((f) => f ?? { reference: request.reference, error });
      }
    }
    setRunning(false);
    await client.invalidateQueries({ queryKey: ['payment-requests'] });
    await client.invalidateQueries({ queryKey: ['admin', 'dashboard'] });
    if (done > 0) {
      notifySuccess(t(action === 'approve' ? 'bulk.approved' : 'bulk.paid', { count: done }));
    }
    if (remaining.length === 0) {
      setAction(null);
    }
    onDone(remaining);
  };

  return (
    <Group>
      <Text size="sm" fw={600}>
        {t('bulk.selected', { count: selected.length, total: total || '—' })}
      </Text>
      <Button color="teal.9" disabled={!canApprove} onClick={() => setAction('approve')}>
        {t('bulk.approve', { count: selected.length })}
      </Button>
      <Button color="teal.9" variant="outline" disabled={!canPay} onClick={() => setAction('pay')}>
        {t('bulk.markPaid', { count: selected.length })}
      </Button>
      <Modal
        opened={action !== null}
        onClose={() => setAction(null)}
        title={action === 'pay' ? t('bulk.payTitle') : t('bulk.approveTitle')}
        centered
      >
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void run();
          }}
        >
          <Stack>
            <Text>
              {t(action === 'pay' ? 'bulk.payConfirm' : 'bulk.approveConfirm', {
                count: selected.length,
                total,
              })}
            </Text>
            {action === 'pay' ? (
              <>
                <TextInput
                  label={t('review.paymentReference')}
                  description={t('bulk.referenceHint')}
                  required
                  value={paymentReference}
                  onChange={(e) => setPaymentReference(e.currentTarget.value)}
                />
                <TextInput
                  type="date"
                  label={t('review.paidOn')}
                  required
                  value={paidOn}
                  onChange={(e) => setPaidOn(e.currentTarget.value)}
                />
              </>
            ) : null}
            {failure ? (
              <Stack gap={4}>
                <Text size="sm" fw={600}>
                  {t('bulk.failed', { reference: failure.reference })}
                </Text>
                <ProblemAlert error={failure.error} />
              </Stack>
            ) : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAction(null)}>
                {t('common.cancel')}
              </Button>
              <Button
                type="submit"
                color="teal.9"
                loading={running}
                disabled={action === 'pay' && (!paymentReference.trim() || !paidOn)}
              >
                {action === 'pay' ? t('bulk.payConfirmButton', { total }) : t('bulk.approveConfirmButton', { total })}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Group>
  );
}
