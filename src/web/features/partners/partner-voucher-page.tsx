import { Anchor, Button, Group, Paper, SimpleGrid, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, fieldErrors, unplacedErrors, type UploadedFile } from '../../lib/api';
import { actionsOf } from '../../lib/actions';
import { hasRole, useMe } from '../../lib/session';
import { useClock } from '../../shell/clock-banner';
import { VoucherParties } from '../vouchers/parties';
import { usePayable } from '../payments/payment-facts';
import type { Voucher } from '../../lib/types';
import { ConfirmButton, notifyError, notifySuccess, ProblemAlert, QueryState } from '../../lib/ui';
import { useEngagementTypeIndex } from '../vouchers/catalog-names';
import { ConsultantPicker } from '../vouchers/consultant-picker';
import {
  VoucherCompletionReport,
  VoucherDeadlines,
  VoucherReservation,
  VoucherStateTimeline,
  VoucherSummary,
  VoucherTitle,
} from '../vouchers/voucher-details';
import { ClosedActions } from '../vouchers/closed-actions';
import { useVoucher } from '../vouchers/voucher-page';
import { FileDrop } from './file-drop';

export function PartnerVoucherPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const me = useMe();
  const client = useQueryClient();
  const voucher = useVoucher(id);
  const types = useEngagementTypeIndex();
  const clock = useClock();
  const payable = usePayable(me.data, clock.data?.now);

  const done = async (result: Voucher, message: string) => {
    client.setQueryData(['vouchers', id], result);
    notifySuccess(message);
    await client.invalidateQueries({ queryKey: ['vouchers'] });
  };
  const release = useMutation({
    mutationFn: () => api.delete<Voucher>(`/vouchers/${id}/reservation`),
    onSuccess: (result) => done(result, t('partnerVoucher.released', { code: result.code })),
    onError: notifyError,
  });
  const redeem = useMutation({
    mutationFn: () => api.post<Voucher>(`/vouchers/${id}/redemption`),
    onSuccess: (result) => done(result, t('partnerVoucher.redeemed', { code: result.code })),
    onError: notifyError,
  });

  return (
    <Stack>
      <Anchor component={Link} to="/partner/vouchers" size="sm">
        {t('partnerVoucher.back')}
      </Anchor>
      <QueryState query={voucher}>
        {(v) => {
          const actions = actionsOf(v, me.data, clock.data?.now);
          return (
            <Stack>
              <Group justify="space-between">
                <VoucherTitle code={v.code} />
                <Group>
                  {payable.payable(v) ? (
                    <Button component={Link} to="/payment-requests/new" data-action="requestPayment">
                      {t('partnerVoucher.requestPayment')}
                    </Button>
                  ) : null}
                  {actions.includes('release') ? (
                    <ConfirmButton
                      data-action="release"
                      variant="outline"
                      label={t('partnerVoucher.release')}
                      title={t('partnerVoucher.release')}
                      message={t('partnerVoucher.releaseConfirm', { code: v.code })}
                      confirmLabel={t('partnerVoucher.release')}
                      loading={release.isPending}
                      onConfirm={() => release.mutate()}
                    />
                  ) : null}
                  {actions.includes('redeem') ? (
                    <ConfirmButton
                      data-action="redeem"
                      color="teal.9"
                      label={t('partnerVoucher.redeem')}
                      title={t('partnerVoucher.redeem')}
                      message={t('partnerVoucher.redeemConfirm', { code: v.code, count: v.days })}
                      confirmLabel={t('partnerVoucher.redeem')}
                      loading={redeem.isPending}
                      onConfirm={() => redeem.mutate()}
                    />
                  ) : null}
                </Group>
              </Group>
              <ClosedActions voucher={v} now={clock.data?.now} />
              <VoucherSummary voucher={v} typeName={types.get(v.engagementTypeId)?.name} />
              <VoucherParties voucher={v} />
              <SimpleGrid cols={{ base: 1, md: 2 }}>
                <Paper withBorder p="md">
                  <Title order={2} size="h4" mb="sm">
                    {t('voucher.timeline')}
                  </Title>
                  <VoucherStateTimeline voucher={v} />
                </Paper>
                <Paper withBorder p="md">
                  <Title order={2} size="h4" mb="sm">
                    {t('voucher.deadlines')}
                  </Title>
                  <VoucherDeadlines voucher={v} />
                </Paper>
              </SimpleGrid>
              <Paper withBorder p="md">
                <Title order={2} size="h4" mb="sm">
                  {t('voucher.reservation')}
                </Title>
                <VoucherReservation voucher={v} />
              </Paper>
              <Paper withBorder p="md" id="report">
                <Title order={2} size="h4" mb="sm">
                  {t('voucher.completionReport')}
                </Title>
                {actions.includes('complete') ? (
                  <CompletionReportForm
                    voucher={v}
                    onDone={(result) => done(result, t('report.submitted', { code: result.code }))}
                  />
                ) : (
                  <VoucherCompletionReport voucher={v} />
                )}
              </Paper>
            </Stack>
          );
        }}
      </QueryState>
    </Stack>
  );
}

function CompletionReportForm({ voucher, onDone }: { voucher: Voucher; onDone: (v: Voucher) => Promise<void> }) {
  const { t } = useTranslation();
  const me = useMe();
  const clock = useClock();
  // The delivery dates are never in the future: the planned dates are offered only once they
  // have come (issue 12: a pre-filled future date made the first submit fail).
  const today = clock.data?.now.slice(0, 10) ?? '';
  const past = (date: string | undefined) => (date && today && date <= today ? date : '');
  const [deliveredFrom, setDeliveredFrom] = useState(past(voucher.reservation?.plannedStart));
  const [deliveredTo, setDeliveredTo] = useState(past(voucher.reservation?.plannedEnd));
  const [consultantIds, setConsultantIds] = useState<string[]>(
    hasRole(me.data, 'consultant') && me.data ? [me.data.id] : [],
  );
  const [summary, setSummary] = useState('');
  const [nextSteps, setNextSteps] = useState('');
  const [files, setFiles] = useState<UploadedFile[]>([]);

  const submit = useMutation({
    mutationFn: () =>
      api.post<Voucher>(`/vouchers/${voucher.id}/completion-report`, {
        deliveredFrom,
        deliveredTo,
        consultantIds,
        summary,
        nextSteps,
        deliverableFileIds: files.map((f) => f.id),
      }),
    onSuccess: onDone,
  });
  const errors = fieldErrors(submit.error);
  const fields = ['deliveredFrom', 'deliveredTo', 'consultantIds', 'summary', 'nextSteps', 'deliverableFileIds'];
  const rest = unplacedErrors(submit.error, fields);
  return (
    <form
      data-action="complete"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit.mutate();
      }}
    >
      <Stack>
        <Group grow align="flex-start">
          <TextInput
            type="date"
            label={t('report.deliveredFrom')}
            required
            value={deliveredFrom}
            max={today || undefined}
            onChange={(e) => setDeliveredFrom(e.currentTarget.value)}
            error={errors.deliveredFrom}
          />
          <TextInput
            type="date"
            label={t('report.deliveredTo')}
            required
            value={deliveredTo}
            min={deliveredFrom || undefined}
            max={today || undefined}
            onChange={(e) => setDeliveredTo(e.currentTarget.value)}
            error={errors.deliveredTo}
          />
        </Group>
        <ConsultantPicker
          partnerId={voucher.reservation?.partnerId ?? me.data?.organizationId}
          value={consultantIds}
          onChange={setConsultantIds}
          error={errors.consultantIds}
        />
        <Textarea
          label={t('report.summary')}
          required
          autosize
          minRows={3}
          value={summary}
          onChange={(e) => setSummary(e.currentTarget.value)}
          error={errors.summary}
        />
        <Textarea
          label={t('report.nextSteps')}
          required
          autosize
          minRows={2}
          value={nextSteps}
          onChange={(e) => setNextSteps(e.currentTarget.value)}
          error={errors.nextSteps}
        />
        <FileDrop
          onChange={setFiles}
          label={t('report.deliverablesLabel')}
          required
          error={errors.deliverableFileIds}
        />
        {submit.error && (rest.length > 0 || Object.keys(errors).length === 0) ? (
          <ProblemAlert error={submit.error} />
        ) : null}
        <Group justify="flex-end">
          <Button type="submit" loading={submit.isPending}>
            {t('report.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
