import {
  Badge,
  Button,
  FileButton,
  Group,
  List,
  Paper,
  Radio,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, fieldErrors, unplacedErrors } from '../../../lib/api';
import { useFormat } from '../../../lib/format';
import { useClock } from '../../../shell/clock-banner';
import { ConfirmButton, Empty, notifyError, notifySuccess, ProblemAlert, QueryState } from '../../../lib/ui';
import { useClientPages } from './client-pages';
import { partnerKey, useCompetencies, type Competency, type CompetencyImportReport } from './partner-api';

/** The competencies a partner holds; the operator's admin adds, removes and imports them. */
export function CompetenciesPanel({ partnerId, manage }: { partnerId: string; manage: boolean }) {
  const { t } = useTranslation();
  const competencies = useCompetencies(partnerId);
  return (
    <Stack>
      <Text size="sm">{manage ? t('competencies.introOperator') : t('competencies.intro')}</Text>
      <Paper withBorder p="md" component="section" aria-labelledby="competencies-title">
        <Title order={2} size="h4" id="competencies-title" mb="sm">
          {t('competencies.title')}
        </Title>
        <QueryState query={competencies}>
          {(page) =>
            page.items.length === 0 ? (
              <Empty>{t('competencies.empty')}</Empty>
            ) : (
              <CompetencyTable partnerId={partnerId} items={page.items} manage={manage} />
            )
          }
        </QueryState>
      </Paper>
      {manage ? <AddCompetencyForm partnerId={partnerId} /> : null}
      {manage ? <ImportCompetencies partnerId={partnerId} /> : null}
    </Stack>
  );
}

function CompetencyTable({ partnerId, items, manage }: { partnerId: string; items: Competency[]; manage: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const clock = useClock();
  const client = useQueryClient();
  const today = (clock.data?.now ?? new Date().toISOString()).slice(0, 10);
  const paged = useClientPages(items);
  const remove = useMutation({
    mutationFn: (competency: Competency) => api.delete<void>(`/partners/${partnerId}/competencies/${competency.id}`),
    onSuccess: async (_result, competency) => {
      notifySuccess(t('competencies.deleted', { name: competency.name }));
      await client.invalidateQueries({ queryKey: partnerKey(partnerId) });
    },
    onError: notifyError,
  });
  return (
    <Stack>
      <Table.ScrollContainer minWidth={640}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('competencies.name')}</Table.Th>
              <Table.Th>{t('competencies.level')}</Table.Th>
              <Table.Th>{t('competencies.validFrom')}</Table.Th>
              <Table.Th>{t('competencies.validUntil')}</Table.Th>
              <Table.Th>{t('competencies.state')}</Table.Th>
              {manage ? <Table.Th>{t('common.actions')}</Table.Th> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {paged.items.map((competency) => {
              // Valid from and until are inclusive calendar days.
              const state =
                competency.validUntil < today ? 'expired' : competency.validFrom > today ? 'future' : 'valid';
              return (
                <Table.Tr key={competency.id}>
                  <Table.Td>{competency.name}</Table.Td>
                  <Table.Td>{t(`competencies.levels.${competency.level}`)}</Table.Td>
                  <Table.Td>{format.date(competency.validFrom)}</Table.Td>
                  <Table.Td>{format.date(competency.validUntil)}</Table.Td>
                  <Table.Td>
                    <Badge color={state === 'valid' ? 'green' : state === 'future' ? 'blue' : 'orange'} variant="light">
                      {t(`competencies.states.${state}`)}
                    </Badge>
                  </Table.Td>
                  {manage ? (
                    <Table.Td>
                      <ConfirmButton
                        size="xs"
                        variant="light"
                        label={t('competencies.delete')}
                        aria-label={t('competencies.deleteOne', { name: competency.name })}
                        title={t('competencies.deleteTitle', { name: competency.name })}
                        message={t('competencies.deleteConfirm')}
                        confirmLabel={t('competencies.delete')}
                        loading={remove.isPending && remove.variables?.id === competency.id}
                        onConfirm={() => remove.mutate(competency)}
                      />
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {paged.pager}
    </Stack>
  );
}

function AddCompetencyForm({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [level, setLevel] = useState<string | null>('silver');
  const [validFrom, setValidFrom] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const add = useMutation({
    mutationFn: () =>
      api.post<Competency>(`/partners/${partnerId}/competencies`, { name, level, validFrom, validUntil }),
    onSuccess: async (competency) => {
      notifySuccess(t('competencies.added', { name: competency.name }));
      setName('');
      setValidFrom('');
      setValidUntil('');
      add.reset();
      await client.invalidateQueries({ queryKey: partnerKey(partnerId) });
    },
  });
  const errors = fieldErrors(add.error);
  const rest = unplacedErrors(add.error, ['name', 'level', 'validFrom', 'validUntil']);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="competency-add-title">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          add.mutate();
        }}
      >
        <Stack>
          <Title order={2} size="h4" id="competency-add-title">
            {t('competencies.add')}
          </Title>
          <Group grow align="flex-start">
            <TextInput
              label={t('competencies.name')}
              required
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={errors.name}
            />
            <Select
              label={t('competencies.level')}
              required
              data={[
                { value: 'silver', label: t('competencies.levels.silver') },
                { value: 'gold', label: t('competencies.levels.gold') },
              ]}
              value={level}
              onChange={setLevel}
              allowDeselect={false}
              error={errors.level}
            />
          </Group>
          <Group grow align="flex-start">
            <TextInput
              label={t('competencies.validFrom')}
              type="date"
              required
              value={validFrom}
              onChange={(e) => setValidFrom(e.currentTarget.value)}
              error={errors.validFrom}
            />
            <TextInput
              label={t('competencies.validUntil')}
              type="date"
              required
              value={validUntil}
              onChange={(e) => setValidUntil(e.currentTarget.value)}
              error={errors.validUntil}
            />
          </Group>
          {add.error && (rest.length > 0 || Object.keys(errors).length === 0) ? (
            <ProblemAlert error={add.error} />
          ) : null}
          <Group justify="flex-end">
            <Button type="submit" loading={add.isPending}>
              {t('competencies.addSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** `body.csv.row7` → 7; the report lists the rows of the file that were not imported. */
function rowOf(path: string): number | null {
  const match = /row(\d+)$/.exec(path);
  return match ? Number(match[1]) : null;
}

function ImportCompetencies({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [csv, setCsv] = useState('');
  const [mode, setMode] = useState<'atomic' | 'partial'>('atomic');
  const run = useMutation({
    mutationFn: () => api.post<CompetencyImportReport>(`/partners/${partnerId}/competencies/import`, { csv, mode }),
    onSuccess: async (report) => {
      notifySuccess(t('competencies.imported', { count: report.imported }));
      await client.invalidateQueries({ queryKey: partnerKey(partnerId) });
    },
  });
  // An atomic import that meets a bad row refuses the file: one error per bad row.
  const refusedRows =
    run.error instanceof ApiError
      ? run.error.errors
          .map((e) => ({ row: rowOf(e.path), reason: e.message }))
          .filter((e): e is { row: number; reason: string } => e.row !== null)
      : [];
  const skipped = run.data?.skipped ?? refusedRows;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="competency-import-title">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          run.mutate();
        }}
      >
        <Stack>
          <Title order={2} size="h4" id="competency-import-title">
            {t('competencies.import')}
          </Title>
          <Text size="sm">{t('competencies.importIntro')}</Text>
          <Group>
            <FileButton
              accept=".csv,text/csv,text/plain"
              onChange={(file) => {
                if (file) {
                  void file.text().then(setCsv);
                }
              }}
            >
              {(props) => (
                <Button variant="default" {...props}>
                  {t('competencies.chooseFile')}
                </Button>
              )}
            </FileButton>
          </Group>
          <Textarea
            label={t('competencies.csv')}
            description={t('competencies.csvHint')}
            autosize
            minRows={4}
            maxRows={12}
            ff="monospace"
            value={csv}
            onChange={(e) => setCsv(e.currentTarget.value)}
          />
          <Radio.Group
            label={t('competencies.mode')}
            value={mode}
            onChange={(value) => setMode(value === 'partial' ? 'partial' : 'atomic')}
          >
            <Stack gap={6} mt="xs">
              <Radio value="atomic" label={t('competencies.modeAtomic')} />
              <Radio value="partial" label={t('competencies.modePartial')} />
            </Stack>
          </Radio.Group>
          <Group justify="flex-end">
            <Button type="submit" loading={run.isPending} disabled={csv.trim() === ''}>
              {t('competencies.importSubmit')}
            </Button>
          </Group>
          {run.error ? <ProblemAlert error={run.error} /> : null}
          {run.data || refusedRows.length > 0 ? (
            <Stack gap="xs" role="status">
              <Text fw={600}>
                {run.data
                  ? t('competencies.reportImported', { count: run.data.imported })
                  : t('competencies.reportRefused')}
              </Text>
              {skipped.length === 0 ? (
                <Text size="sm">{t('competencies.reportNoSkipped')}</Text>
              ) : (
                <>
                  <Text size="sm">{t('competencies.reportSkipped', { count: skipped.length })}</Text>
                  <List size="sm">
                    {skipped.map((row) => (
                      <List.Item key={row.row}>
                        {t('competencies.reportRow', { row: row.row })} <span lang="en">{row.reason}</span>
                      </List.Item>
                    ))}
                  </List>
                </>
              )}
            </Stack>
          ) : null}
        </Stack>
      </form>
    </Paper>
  );
}
