import {
  Alert,
  Anchor,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, fieldErrors, unplacedErrors } from '../../lib/api';
import type { Agreement, Page, Voucher } from '../../lib/types';
import { Empty, notifySuccess, ProblemAlert, QueryState } from '../../lib/ui';
import { groupByOffering, useEngagementTypes } from '../operator/program-page';
import { ProjectManagerPicker } from './project-manager-picker';
import { CreationClosedAlert, useVoucherCreation } from './voucher-creation';
import { useMainProgram } from '../../lib/program';

export function CreateVoucherPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [agreementId, setAgreementId] = useState<string | null>(params.get('agreementId'));
  const [engagementTypeId, setEngagementTypeId] = useState<string | null>(null);
  const [days, setDays] = useState<string>('');
  const [projectManagerId, setProjectManagerId] = useState<string | null>(null);
  const [exceptionReason, setExceptionReason] = useState('');

  const agreements = useQuery({
    queryKey: ['agreements', 'all'],
    queryFn: () => api.get<Page<Agreement>>('/agreements', { limit: 200 }),
  });
  // The only usable agreement is chosen already (issue 12); one with 0 days cannot be chosen.
  const usable = (agreements.data?.items ?? []).filter((a) => a.activated && a.balance > 0);
  const chosenId = agreementId ?? (usable.length === 1 ? usable[0]!.id : null);
  const agreement = agreements.data?.items.find((a) => a.id === chosenId);
  const types = useEngagementTypes(agreement?.programId);
  const creation = useVoucherCreation(agreement?.programId);
  const program = useMainProgram(agreement?.programId);
  // Cloud engagement types take no new vouchers from the cloud retirement date (program-local).
  const cloudRetired = !!program && !!creation.today && creation.today >= program.calendar.cloudRetirementDate;
  const pickable = (types.data?.items ?? []).filter((item) => !(item.cloud && cloudRetired));
  const type = types.data?.items.find((item) => item.id === engagementTypeId);

  const create = useMutation({
    mutationFn: () =>
      api.post<Voucher>('/vouchers', {
        agreementId: chosenId,
        engagementTypeId,
        days: Number(days),
        projectManagerId,
        ...(exceptionReason.trim() ? { exceptionReason: exceptionReason.trim() } : {}),
      }),
    onSuccess: async (voucher) => {
      notifySuccess(t('vouchers.created', { code: voucher.code }));
      await client.invalidateQueries({ queryKey: ['vouchers'] });
      await client.invalidateQueries({ queryKey: ['agreements'] });
      await navigate(`/vouchers/${voucher.id}`);
    },
  });
  const errors = fieldErrors(create.error);
  const fields = ['agreementId', 'engagementTypeId', 'days', 'projectManagerId', 'exceptionReason'];
  const rest = unplacedErrors(create.error, fields);

  return (
    <Stack maw={720}>
      <Anchor component={Link} to="/vouchers" size="sm">
        {t('vouchers.back')}
      </Anchor>
      <Title order={1}>{t('vouchers.createTitle')}</Title>
      <Text c="dimmed">{t('vouchers.createIntro')}</Text>
      <QueryState query={agreements}>
        {(page) => {
          const active = page.items.filter((a) => a.activated);
          if (active.length === 0) {
            return <Empty>{t('vouchers.noActiveAgreement')}</Empty>;
          }
          if (creation.known && !creation.open) {
            return <CreationClosedAlert lastDay={creation.lastDay} />;
          }
          return (
            <Paper withBorder p="md">
              <form
                noValidate
                onSubmit={(event) => {
                  event.preventDefault();
                  create.mutate();
                }}
              >
                <Stack>
                  <Select
                    label={t('vouchers.agreement')}
                    required
                    data={active.map((a) => ({
                      value: a.id,
                      label: t('vouchers.agreementOption', { id: a.licensingId, count: a.balance }),
                      disabled: a.balance === 0,
                    }))}
                    value={chosenId}
                    onChange={(value) => {
                      setAgreementId(value);
                      setEngagementTypeId(null);
                      setDays('');
                    }}
                    error={errors.agreementId}
                  />
                  <Select
                    label={t('vouchers.engagementType')}
                    required
                    searchable
                    disabled={!agreement}
                    data={groupByOffering(pickable).map(([offering, items]) => ({
                      group: t('catalog.offering', { code: offering }),
                      items: items.map((item) => ({ value: item.id, label: item.name })),
                    }))}
                    value={engagementTypeId}
                    onChange={(value) => {
                      setEngagementTypeId(value);
                      setDays('');
                    }}
                    error={errors.engagementTypeId}
                    nothingFoundMessage={t('common.nothingFound')}
                  />
                  {type ? (
                    <Stack gap={4}>
                      <Text size="sm" fw={500} id="voucher-days-label">
                        {t('vouchers.length')}
                      </Text>
                      <SegmentedControl
                        aria-labelledby="voucher-days-label"
                        data={type.allowedLengths.map((d) => ({
                          value: String(d),
                          label: t('common.days', { count: d }),
                        }))}
                        value={days}
                        onChange={setDays}
                        style={{ alignSelf: 'flex-start' }}
                      />
                      {errors.days ? (
                        <Text size="sm" c="red.8" role="alert">
                          {errors.days}
                        </Text>
                      ) : null}
                    </Stack>
                  ) : null}
                  {agreement ? (
                    <ProjectManagerPicker
                      organizationId={agreement.organizationId}
                      value={projectManagerId}
                      onChange={setProjectManagerId}
                      error={errors.projectManagerId}
                    />
                  ) : null}
                  {days === '15' ? (
                    <>
                      <Alert color="blue" variant="light">
                        {t('vouchers.fifteenDayRule')}
                      </Alert>
                      <Textarea
                        label={t('vouchers.exceptionReason')}
                        description={t('vouchers.exceptionReasonHint')}
                        autosize
                        minRows={2}
                        value={exceptionReason}
                        onChange={(e) => setExceptionReason(e.currentTarget.value)}
                        error={errors.exceptionReason}
                      />
                    </>
                  ) : null}
                  {create.error && (rest.length > 0 || Object.keys(errors).length === 0) ? (
                    <ProblemAlert error={create.error} />
                  ) : null}
                  <Group justify="flex-end">
                    <Button
                      type="submit"
                      loading={create.isPending}
                      disabled={!chosenId || !engagementTypeId || !days || !projectManagerId}
                    >
                      {t('vouchers.createSubmit')}
                    </Button>
                  </Group>
                </Stack>
              </form>
            </Paper>
          );
        }}
      </QueryState>
    </Stack>
  );
}
