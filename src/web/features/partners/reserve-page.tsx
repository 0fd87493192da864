import {
  Anchor,
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  Stack,
  Stepper,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, fieldErrors } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { lastDayBefore, useMainProgram } from '../../lib/program';
import { useMe } from '../../lib/session';
import type { Voucher, VoucherValidation } from '../../lib/types';
import { notifySuccess, ProblemAlert, StatusBadge } from '../../lib/ui';
import { useEngagementTypeIndex } from '../vouchers/catalog-names';
import { useLocations } from './use-locations';
import { useClock } from '../../shell/clock-banner';

/** Validate and reserve: code + customer e-mail → details → terms, location and planned dates. */
export function ReservePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useMe();
  const navigate = useNavigate();
  const client = useQueryClient();
  const types = useEngagementTypeIndex();
  // The voucher's expiry is shown as its last day, program-local (lastDayBefore).
  const program = useMainProgram();
  const locations = useLocations(me.data?.organizationId);
  const [step, setStep] = useState(0);
  const [code, setCode] = useState('');
  const [customerEmail, setCustomerEmail] = useState('');
  const [locationId, setLocationId] = useState<string | null>(null);
  const [plannedStart, setPlannedStart] = useState('');
  const [plannedEnd, setPlannedEnd] = useState('');
  const [acceptTerms, setAcceptTerms] = useState(false);

  const validate = useMutation({
    mutationFn: () => api.post<VoucherValidation>('/voucher-validations', { code: code.trim(), customerEmail }),
    onSuccess: () => setStep(1),
  });
  const reserve = useMutation({
    mutationFn: () =>
      api.post<Voucher>(`/vouchers/${validate.data?.id ?? ''}/reservation`, {
        code: code.trim(),
        locationId,
        plannedStart,
        plannedEnd,
        acceptTerms,
      }),
    onSuccess: async (voucher) => {
      notifySuccess(t('reserve.reserved', { code: voucher.code }));
      await client.invalidateQueries({ queryKey: ['vouchers'] });
      await navigate(`/partner/vouchers/${voucher.id}`);
    },
  });
  const validateErrors = fieldErrors(validate.error);
  const reserveErrors = fieldErrors(reserve.error);
  const details = validate.data;
  const clock = useClock();
  const today = clock.data?.now.slice(0, 10);
  // The engagement starts today at the earliest (reserve "before the engagement begins") and
  // must be delivered and redeemed by the voucher's last redemption day (issue 12).
  const lastDay = details
    ? details.deadlines.redeemBy.lastDay < details.deadlines.reserveBy.lastDay
      ? details.deadlines.redeemBy.lastDay
      : details.deadlines.reserveBy.lastDay
    : undefined;
  const redeemBy = details?.deadlines.redeemBy;

  return (
    <Stack maw={760}>
      <Title order={1}>{t('reserve.title')}</Title>
      <Stepper active={step} onStepClick={(s) => s < step && setStep(s)} allowNextStepsSelect={false}>
        <Stepper.Step label={t('reserve.stepValidate')}>
          <Paper withBorder p="md">
            <form
              noValidate
              onSubmit={(event) => {
                event.preventDefault();
                validate.mutate();
              }}
            >
              <Stack>
                <Text size="sm">{t('reserve.validateIntro')}</Text>
                <TextInput
                  label={t('reserve.code')}
                  required
                  value={code}
                  onChange={(e) => setCode(e.currentTarget.value)}
                  error={validateErrors.code}
                  ff="monospace"
                />
                <TextInput
                  label={t('reserve.customerEmail')}
                  type="email"
                  required
                  value={customerEmail}
                  onChange={(e) => setCustomerEmail(e.currentTarget.value)}
                  error={validateErrors.customerEmail}
                />
                {validate.error && Object.keys(validateErrors).length === 0 ? (
                  <ProblemAlert error={validate.error} />
                ) : null}
                <Group justify="flex-end">
                  <Button type="submit" loading={validate.isPending} disabled={!code || !customerEmail}>
                    {t('reserve.validate')}
                  </Button>
                </Group>
              </Stack>
            </form>
          </Paper>
        </Stepper.Step>
        <Stepper.Step label={t('reserve.stepDetails')}>
          {details ? (
            <Paper withBorder p="md">
              <Stack>
                <Table variant="vertical">
                  <Table.Tbody>
                    <Table.Tr>
                      <Table.Th w={220}>{t('reserve.customer')}</Table.Th>
                      <Table.Td>{details.customerName}</Table.Td>
                    </Table.Tr>
                    <Table.Tr>
                      <Table.Th>{t('vouchers.engagementType')}</Table.Th>
                      <Table.Td>{types.get(details.engagementTypeId)?.name ?? '—'}</Table.Td>
                    </Table.Tr>
                    <Table.Tr>
                      <Table.Th>{t('vouchers.days')}</Table.Th>
                      <Table.Td>{format.number(details.days)}</Table.Td>
                    </Table.Tr>
                    <Table.Tr>
                      <Table.Th>{t('vouchers.status')}</Table.Th>
                      <Table.Td>
                        <StatusBadge status={details.status} />
                      </Table.Td>
                    </Table.Tr>
                    <Table.Tr>
                      <Table.Th>{t('vouchers.expiresAt')}</Table.Th>
                      <Table.Td>{format.date(lastDayBefore(details.expiresAt, program?.timeZone ?? 'UTC'))}</Table.Td>
                    </Table.Tr>
                  </Table.Tbody>
                </Table>
                <Group justify="space-between">
                  <Button variant="default" onClick={() => setStep(0)}>
                    {t('common.back')}
                  </Button>
                  <Button onClick={() => setStep(2)} disabled={details.status !== 'assigned'}>
                    {t('reserve.continue')}
                  </Button>
                </Group>
              </Stack>
            </Paper>
          ) : null}
        </Stepper.Step>
        <Stepper.Step label={t('reserve.stepReserve')}>
          <Paper withBorder p="md">
            <form
              noValidate
              onSubmit={(event) => {
                event.preventDefault();
                reserve.mutate();
              }}
            >
              <Stack>
                <Select
                  label={t('reserve.location')}
                  required
                  data={(locations.data?.items ?? []).map((l) => ({ value: l.id, label: format.country(l.country) }))}
                  value={locationId}
                  onChange={setLocationId}
                  error={reserveErrors.locationId}
                  nothingFoundMessage={t('reserve.noLocations')}
                />
                <Group grow align="flex-start">
                  <TextInput
                    type="date"
                    label={t('reserve.plannedStart')}
                    description={
                      redeemBy
                        ? t('reserve.datesHint', {
                            date: format.date(redeemBy.lastDay),
                            rule: t(`deadlineRules.${redeemBy.rule}`),
                          })
                        : undefined
                    }
                    required
                    min={today}
                    max={lastDay}
                    value={plannedStart}
                    onChange={(e) => setPlannedStart(e.currentTarget.value)}
                    error={reserveErrors.plannedStart}
                  />
                  <TextInput
                    type="date"
                    label={t('reserve.plannedEnd')}
                    required
                    min={plannedStart || today}
                    max={lastDay}
                    value={plannedEnd}
                    onChange={(e) => setPlannedEnd(e.currentTarget.value)}
                    error={reserveErrors.plannedEnd}
                  />
                </Group>
                <Checkbox
                  label={
                    <>
                      {t('reserve.acceptTermsBefore')}
                      <Anchor href="/partner/onboarding/agreement" target="_blank" rel="noopener">
                        {t('reserve.acceptTermsLink')}
                      </Anchor>
                      {t('reserve.acceptTermsAfter')}
                    </>
                  }
                  checked={acceptTerms}
                  onChange={(e) => setAcceptTerms(e.currentTarget.checked)}
                  error={reserveErrors.acceptTerms}
                />
                {reserve.error && Object.keys(reserveErrors).length === 0 ? (
                  <ProblemAlert error={reserve.error} />
                ) : null}
                <Group justify="space-between">
                  <Button variant="default" onClick={() => setStep(1)}>
                    {t('common.back')}
                  </Button>
                  <Button
                    type="submit"
                    loading={reserve.isPending}
                    disabled={!acceptTerms || !locationId || !plannedStart || !plannedEnd}
                  >
                    {t('reserve.reserve')}
                  </Button>
                </Group>
              </Stack>
            </form>
          </Paper>
        </Stepper.Step>
      </Stepper>
      <Anchor component={Link} to="/partner/vouchers" size="sm">
        {t('reserve.toMyVouchers')}
      </Anchor>
    </Stack>
  );
}
