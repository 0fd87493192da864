import { Alert, Badge, Paper, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../lib/api';
import { useFormat } from '../../../lib/format';
import { hasRole, useMe } from '../../../lib/session';
import type { Program } from '../../../lib/types';
import { ConfirmButton, Empty, notifySuccess, ProblemAlert, QueryState } from '../../../lib/ui';
import { partnerKey, usePaymentRegistrations, usePrograms, type PaymentRegistration } from './partner-api';

/** Registration for payments, per program, by the global admin after the first redemption. */
export function PaymentRegistrationPanel({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const programs = usePrograms();
  const registrations = usePaymentRegistrations(partnerId);
  return (
    <Stack>
      <Text size="sm">{t('paymentRegistration.intro')}</Text>
      <QueryState query={programs}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>{t('paymentRegistration.noPrograms')}</Empty>
          ) : (
            <QueryState query={registrations}>
              {(registered) => (
                <Stack>
                  {page.items.map((program) => (
                    <ProgramRegistration
                      key={program.id}
                      partnerId={partnerId}
                      program={program}
                      registration={registered.items.find((r) => r.programId === program.id) ?? null}
                    />
                  ))}
                </Stack>
              )}
            </QueryState>
          )
        }
      </QueryState>
    </Stack>
  );
}

function ProgramRegistration({
  partnerId,
  program,
  registration,
}: {
  partnerId: string;
  program: Program;
  registration: PaymentRegistration | null;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useMe();
  const client = useQueryClient();
  const canRegister = hasRole(me.data, 'global_admin') && me.data?.organizationId === partnerId;
  const register = useMutation({
    mutationFn: () =>
      api.post<PaymentRegistration>(`/partners/${partnerId}/payment-registrations`, { programId: program.id }),
    onSuccess: async () => {
      notifySuccess(t('paymentRegistration.registered', { program: program.name }));
      await client.invalidateQueries({ queryKey: partnerKey(partnerId, 'payment-registrations') });
    },
  });

  return (
    <Paper withBorder p="md">
      <Stack>
        <Table variant="vertical" layout="fixed">
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={220}>{t('paymentRegistration.program')}</Table.Th>
              <Table.Td>{program.name}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>{t('paymentRegistration.status')}</Table.Th>
              <Table.Td>
                {registration ? (
                  <Badge color="green" variant="light">
                    {t('paymentRegistration.registeredOn', { date: format.dateTime(registration.registeredAt) })}
                  </Badge>
                ) : (
                  <Badge color="gray" variant="light">
                    {t('paymentRegistration.notRegistered')}
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        {register.error ? <ProblemAlert error={register.error} /> : null}
        {registration ? null : canRegister ? (
          <div>
            <ConfirmButton
              color="blue"
              label={t('paymentRegistration.register')}
              title={t('paymentRegistration.registerTitle', { program: program.name })}
              message={t('paymentRegistration.registerConfirm')}
              confirmLabel={t('paymentRegistration.registerSubmit')}
              loading={register.isPending}
              onConfirm={() => register.mutate()}
            />
          </div>
        ) : (
          <Alert color="blue">{t('paymentRegistration.onlyGlobalAdmin')}</Alert>
        )}
      </Stack>
    </Paper>
  );
}
