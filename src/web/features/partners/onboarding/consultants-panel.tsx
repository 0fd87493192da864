import { Autocomplete, Badge, Button, Group, Modal, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, fieldErrors, unplacedErrors } from '../../../lib/api';
import { useFormat } from '../../../lib/format';
import { hasRole, useMe } from '../../../lib/session';
import { Empty, notifySuccess, ProblemAlert, QueryState } from '../../../lib/ui';
import { useEngagementTypeIndex } from '../../vouchers/catalog-names';
import { useClientPages } from './client-pages';
import { partnerKey, useConsultants, type Consultant, type Exam } from './partner-api';

/** Consultants (partner users with the consultant role) and the exams that qualify them. */
export function ConsultantsPanel({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const consultants = useConsultants(partnerId);
  const canRecord =
    (hasRole(me.data, 'global_admin', 'partner_admin') && me.data?.organizationId === partnerId) ||
    hasRole(me.data, 'operator_admin');
  const [recording, setRecording] = useState<Consultant | null>(null);

  return (
    <Stack>
      <Text size="sm">
        {t('consultants.intro')}{' '}
        {hasRole(me.data, 'global_admin') ? (
          <Text span size="sm" component={Link} to="/organization/users" td="underline" c="blue.9">
            {t('consultants.inviteLink')}
          </Text>
        ) : null}
      </Text>
      <Paper withBorder p="md" component="section" aria-labelledby="consultants-title">
        <Title order={2} size="h4" id="consultants-title" mb="sm">
          {t('consultants.title')}
        </Title>
        <QueryState query={consultants}>
          {(page) =>
            page.items.length === 0 ? (
              <Empty>{t('consultants.empty')}</Empty>
            ) : (
              <ConsultantTable items={page.items} canRecord={canRecord} onRecord={setRecording} />
            )
          }
        </QueryState>
      </Paper>
      <RecordExamModal partnerId={partnerId} consultant={recording} onClose={() => setRecording(null)} />
    </Stack>
  );
}

function ConsultantTable({
  items,
  canRecord,
  onRecord,
}: {
  items: Consultant[];
  canRecord: boolean;
  onRecord: (consultant: Consultant) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const paged = useClientPages(items);
  return (
    <Stack>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('consultants.name')}</Table.Th>
              <Table.Th>{t('consultants.exams')}</Table.Th>
              {canRecord ? <Table.Th>{t('common.actions')}</Table.Th> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {paged.items.map((consultant) => (
              <Table.Tr key={consultant.userId}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {consultant.name}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {consultant.email}
                  </Text>
                  {consultant.active ? null : (
                    <Badge color="gray" variant="light">
                      {t('orgUsers.inactive')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {consultant.exams.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      {t('consultants.noExams')}
                    </Text>
                  ) : (
                    <Stack gap={2}>
                      {consultant.exams.map((exam) => (
                        <Text key={exam.id} size="sm">
                          {t('consultants.examPassed', { exam: exam.exam, date: format.date(exam.passedOn) })}
                        </Text>
                      ))}
                    </Stack>
                  )}
                </Table.Td>
                {canRecord ? (
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => onRecord(consultant)}
                      aria-label={t('consultants.recordFor', { name: consultant.name })}
                    >
                      {t('consultants.record')}
                    </Button>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {paged.pager}
    </Stack>
  );
}

function RecordExamModal({
  partnerId,
  consultant,
  onClose,
}: {
  partnerId: string;
  consultant: Consultant | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const types = useEngagementTypeIndex();
  const [exam, setExam] = useState('');
  const [passedOn, setPassedOn] = useState('');
  // The exams the catalog names as qualifying, offered as suggestions.
  const suggestions = useMemo(() => {
    const names = new Set<string>();
    for (const type of types.values()) {
      for (const name of type.exams) {
        names.add(name);
      }
    }
    return [...names].sort();
  }, [types]);
  const record = useMutation({
    mutationFn: () =>
      api.post<Exam>(`/partners/${partnerId}/consultants/${consultant?.userId ?? ''}/exams`, { exam, passedOn }),
    onSuccess: async (saved) => {
      notifySuccess(t('consultants.recorded', { exam: saved.exam, name: consultant?.name ?? '' }));
      await client.invalidateQueries({ queryKey: partnerKey(partnerId) });
      close();
    },
  });
  const close = () => {
    setExam('');
    setPassedOn('');
    record.reset();
    onClose();
  };
  const errors = fieldErrors(record.error);
  const rest = unplacedErrors(record.error, ['exam', 'passedOn']);

  return (
    <Modal
      opened={consultant !== null}
      onClose={close}
      title={t('consultants.recordTitle', { name: consultant?.name ?? '' })}
      centered
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          record.mutate();
        }}
      >
        <Stack>
          <Autocomplete
            label={t('consultants.exam')}
            description={t('consultants.examHint')}
            data={suggestions}
            value={exam}
            onChange={setExam}
            required
            error={errors.exam}
          />
          <TextInput
            label={t('consultants.passedOn')}
            type="date"
            required
            value={passedOn}
            onChange={(e) => setPassedOn(e.currentTarget.value)}
            error={errors.passedOn}
          />
          {record.error && (rest.length > 0 || Object.keys(errors).length === 0) ? (
            <ProblemAlert error={record.error} />
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={record.isPending} disabled={!exam || !passedOn}>
              {t('consultants.recordSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
