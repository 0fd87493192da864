import { Alert, Badge, Button, Group, Paper, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../lib/api';
import { useFormat } from '../../../lib/format';
import { hasRole, useMe } from '../../../lib/session';
import { useClock } from '../../../shell/clock-banner';
import { ConfirmButton, Empty, notifySuccess, ProblemAlert, QueryState } from '../../../lib/ui';
import {
  partnerKey,
  useEligibility,
  useEnrollments,
  useProgramAgreement,
  useSignatures,
  type Enrollment,
  type Signature,
} from './partner-api';
import { RequirementList } from './requirement-list';

/** The program agreement (read and sign) and the enrolment per offering (enrol and renew). */
export function AgreementPanel({ partnerId, programId }: { partnerId: string; programId: string }) {
  return (
    <Stack gap="lg">
      <ProgramAgreementSection partnerId={partnerId} programId={programId} />
      <EnrollmentsSection partnerId={partnerId} programId={programId} />
    </Stack>
  );
}

function ProgramAgreementSection({ partnerId, programId }: { partnerId: string; programId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useMe();
  const client = useQueryClient();
  const agreement = useProgramAgreement(programId);
  const signatures = useSignatures(partnerId);
  const sign = useMutation({
    mutationFn: (version: string) =>
      api.post<Signature>(`/partners/${partnerId}/program-agreement`, { programId, version }),
    onSuccess: async (signature) => {
      notifySuccess(t('partnerAgreement.signed', { version: signature.version }));
      await client.invalidateQueries({ queryKey: partnerKey(partnerId) });
    },
  });
  const canSign = hasRole(me.data, 'global_admin') && me.data?.organizationId === partnerId;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="program-agreement-title">
      <Stack>
        <Title order={2} size="h4" id="program-agreement-title">
          {t('partnerAgreement.title')}
        </Title>
        <QueryState query={agreement}>
          {(current) => {
            const mine = (signatures.data?.items ?? []).filter((s) => s.programId === programId);
            const signedCurrent = mine.find((s) => s.version === current.version);
            return (
              <Stack>
                <Group gap="sm">
                  <Text size="sm">
                    {t('partnerAgreement.version', {
                      version: current.version,
                      date: format.date(current.publishedAt),
                    })}
                  </Text>
                  {signedCurrent ? (
                    <Badge color="green" variant="light">
                      {t('partnerAgreement.signedOn', { date: format.dateTime(signedCurrent.signedAt) })}
                    </Badge>
                  ) : (
                    <Badge color="orange" variant="light">
                      {t('partnerAgreement.notSigned')}
                    </Badge>
                  )}
                </Group>
                <ScrollArea.Autosize mah={260} type="auto" offsetScrollbars>
                  <Paper bg="gray.0" p="sm" tabIndex={0} aria-label={t('partnerAgreement.text')}>
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                      {current.text}
                    </Text>
                  </Paper>
                </ScrollArea.Autosize>
                {sign.error ? <ProblemAlert error={sign.error} /> : null}
                {signedCurrent ? null : canSign ? (
                  <Group>
                    <ConfirmButton
                      color="blue"
                      label={t('partnerAgreement.sign')}
                      title={t('partnerAgreement.signTitle', { version: current.version })}
                      message={t('partnerAgreement.signConfirm', { version: current.version })}
                      confirmLabel={t('partnerAgreement.signSubmit')}
                      loading={sign.isPending}
                      onConfirm={() => sign.mutate(current.version)}
                    />
                  </Group>
                ) : (
                  <Alert color="blue">{t('partnerAgreement.onlyGlobalAdmin')}</Alert>
                )}
                {mine.length > 0 ? (
                  <Table>
                    <Table.Caption>{t('partnerAgreement.history')}</Table.Caption>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('partnerAgreement.versionColumn')}</Table.Th>
                        <Table.Th>{t('partnerAgreement.signedAt')}</Table.Th>
                        <Table.Th>{t('partnerAgreement.ip')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {mine.map((s) => (
                        <Table.Tr key={s.id}>
                          <Table.Td>{s.version}</Table.Td>
                          <Table.Td>{format.dateTime(s.signedAt)}</Table.Td>
                          <Table.Td>{s.ip ?? '—'}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                ) : null}
              </Stack>
            );
          }}
        </QueryState>
      </Stack>
    </Paper>
  );
}

function EnrollmentsSection({ partnerId, programId }: { partnerId: string; programId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useMe();
  const client = useQueryClient();
  const eligibility = useEligibility(partnerId, programId);
  const enrollments = useEnrollments(partnerId);
  const canEnrol = hasRole(me.data, 'global_admin', 'partner_admin') && me.data?.organizationId === partnerId;
  const enrol = useMutation({
    mutationFn: (offeringCode: string) =>
      api.post<Enrollment>(`/partners/${partnerId}/enrollments`, { programId, offeringCode }),
    onSuccess: async (enrollment, offeringCode) => {
      notifySuccess(t('enrollments.enrolled', { offering: offeringCode, date: format.date(enrollment.validUntil) }));
      await client.invalidateQueries({ queryKey: partnerKey(partnerId) });
    },
  });
  const clock = useClock();
  // The program's own clock (simulated in demos), not the browser's.
  const now = clock.data ? new Date(clock.data.now).getTime() : Date.now();

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="enrollments-title">
      <Stack>
        <Title order={2} size="h4" id="enrollments-title">
          {t('enrollments.title')}
        </Title>
        <Text size="sm">{t('enrollments.intro')}</Text>
        {enrol.error ? <ProblemAlert error={enrol.error} /> : null}
        <QueryState query={eligibility}>
          {(page) =>
            page.items.length === 0 ? (
              <Empty>{t('eligibility.empty')}</Empty>
            ) : (
              <Table.ScrollContainer minWidth={640}>
                <Table verticalSpacing="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('enrollments.offering')}</Table.Th>
                      <Table.Th w={220}>{t('enrollments.status')}</Table.Th>
                      <Table.Th>{t('enrollments.requirements')}</Table.Th>
                      <Table.Th>{t('common.actions')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {page.items.map((offering) => {
                      const enrollment = (enrollments.data?.items ?? []).find(
                        (e) => e.programId === programId && e.offeringCode === offering.offeringCode,
                      );
                      const live = enrollment ? new Date(enrollment.validUntil).getTime() > now : false;
                      return (
                        <Table.Tr key={offering.offeringCode}>
                          <Table.Td>
                            <Text fw={600} size="sm">
                              {offering.offeringCode}
                            </Text>
                            <Text size="sm" c="dimmed">
                              {offering.offeringName}
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            {enrollment ? (
                              <Badge color={live ? 'green' : 'orange'} variant="light">
                                {live
                                  ? t('enrollments.validUntil', { date: format.date(enrollment.validUntil) })
                                  : t('enrollments.expiredOn', { date: format.date(enrollment.validUntil) })}
                              </Badge>
                            ) : (
                              <Badge color="gray" variant="light">
                                {t('enrollments.notEnrolled')}
                              </Badge>
                            )}
                          </Table.Td>
                          <Table.Td>
                            <RequirementList
                              requirements={offering.requirements}
                              offeringCode={offering.offeringCode}
                            />
                          </Table.Td>
                          <Table.Td>
                            {canEnrol ? (
                              <Button
                                size="xs"
                                variant={enrollment ? 'default' : 'filled'}
                                loading={enrol.isPending && enrol.variables === offering.offeringCode}
                                onClick={() => enrol.mutate(offering.offeringCode)}
                                aria-label={
                                  enrollment
                                    ? t('enrollments.renewOffering', { offering: offering.offeringCode })
                                    : t('enrollments.enrolOffering', { offering: offering.offeringCode })
                                }
                              >
                                {enrollment ? t('enrollments.renew') : t('enrollments.enrol')}
                              </Button>
                            ) : null}
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )
          }
        </QueryState>
      </Stack>
    </Paper>
  );
}
