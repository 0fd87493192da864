import { Anchor, Button, Group, Modal, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, fieldErrors } from '../../lib/api';
import { actionsOf } from '../../lib/actions';
import { useMe } from '../../lib/session';
import { useClock } from '../../shell/clock-banner';
import { VoucherParties } from './parties';
import type { Voucher } from '../../lib/types';
import { ConfirmButton, notifyError, notifySuccess, ProblemAlert, QueryState } from '../../lib/ui';
import { useEngagementTypeIndex } from './catalog-names';
import { ProjectManagerPicker } from './project-manager-picker';
import {
  VoucherCompletionReport,
  VoucherDeadlines,
  VoucherReservation,
  VoucherStateTimeline,
  VoucherSummary,
  VoucherTitle,
} from './voucher-details';

export function useVoucher(id: string) {
  return useQuery({ queryKey: ['vouchers', id], queryFn: () => api.get<Voucher>(`/vouchers/${id}`) });
}

export function VoucherPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const me = useMe();
  const client = useQueryClient();
  const voucher = useVoucher(id);
  const types = useEngagementTypeIndex();
  const [changingPm, setChangingPm] = useState(false);

  const cancel = useMutation({
    mutationFn: () => api.post<Voucher>(`/vouchers/${id}/cancel`),
    onSuccess: async (result) => {
      client.setQueryData(['vouchers', id], result);
      notifySuccess(t('voucher.cancelled', { code: result.code, count: result.days }));
      await client.invalidateQueries({ queryKey: ['vouchers'] });
      await client.invalidateQueries({ queryKey: ['agreements'] });
    },
    onError: notifyError,
  });

  const clock = useClock();
  return (
    <Stack>
      <Anchor component={Link} to="/vouchers" size="sm">
        {t('vouchers.back')}
      </Anchor>
      <QueryState query={voucher}>
        {(v) => {
          const actions = actionsOf(v, me.data, clock.data?.now);
          return (
            <Stack>
              <Group justify="space-between">
                <VoucherTitle code={v.code} />
                {actions.length > 0 ? (
                  <Group>
                    {actions.includes('changeProjectManager') ? (
                      <Button data-action="changeProjectManager" variant="default" onClick={() => setChangingPm(true)}>
                        {t('voucher.changePm')}
                      </Button>
                    ) : null}
                    {actions.includes('cancel') ? (
                      <ConfirmButton
                        data-action="cancel"
                        label={t('voucher.cancel')}
                        title={t('voucher.cancelTitle', { code: v.code })}
                        message={t('voucher.cancelConfirm', { count: v.days })}
                        confirmLabel={t('voucher.cancelSubmit')}
                        loading={cancel.isPending}
                        onConfirm={() => cancel.mutate()}
                      />
                    ) : null}
                  </Group>
                ) : null}
              </Group>
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
                <VoucherCompletionReport voucher={v} />
              </Paper>
              {changingPm ? <ChangePmModal voucher={v} onClose={() => setChangingPm(false)} /> : null}
            </Stack>
          );
        }}
      </QueryState>
    </Stack>
  );
}

function ChangePmModal({ voucher, onClose }: { voucher: Voucher; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [projectManagerId, setProjectManagerId] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: () => api.put<Voucher>(`/vouchers/${voucher.id}/project-manager`, { projectManagerId }),
    onSuccess: async (result) => {
      client.setQueryData(['vouchers', voucher.id], result);
      notifySuccess(t('voucher.pmChanged', { code: result.code }));
      onClose();
      await client.invalidateQueries({ queryKey: ['vouchers'] });
    },
  });
  const errors = fieldErrors(change.error);
  return (
    <Modal opened onClose={onClose} title={t('voucher.changePm')} centered>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          change.mutate();
        }}
      >
        <Stack>
          {voucher.projectManagerName ? (
            <Text>{t('voucher.currentPm', { name: voucher.projectManagerName })}</Text>
          ) : null}
          <ProjectManagerPicker
            organizationId={voucher.organizationId}
            value={projectManagerId}
            onChange={setProjectManagerId}
            error={errors.projectManagerId}
          />
          {change.error && !errors.projectManagerId ? <ProblemAlert error={change.error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={change.isPending} disabled={!projectManagerId}>
              {t('voucher.changePmSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
