import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  FileButton,
  Group,
  Paper,
  Progress,
  Radio,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, postFile, withQuery } from '../../lib/api';
import { useFormat } from '../../lib/format';
import type { ImportAccepted, ImportKind, ImportRun } from '../../lib/types';
import { humanize, ProblemAlert, QueryState } from '../../lib/ui';

/** The headers of api.md ("Imports"), shown so that a file can be prepared before it is sent. */
const headers: Record<ImportKind, string> = {
  agreements: 'customerExternalId,customerName,country,programName,licensingId,endsOn,days',
  competencies: 'partnerName,name,level,validFrom,validUntil',
};

const statusColors: Record<ImportRun['status'], string> = {
  queued: 'gray',
  running: 'blue',
  succeeded: 'green',
  failed: 'red',
};

const ended = (run: ImportRun | undefined) => run?.status === 'succeeded' || run?.status === 'failed';

/**
 * Bulk imports for the operator admin (api.md, "Imports"; decision 025): one CSV file, checked
 * whole by the server before anything is written, then imported in the background. The page
 * polls the run (`GET /imports/{id}`, kept in the address as `?run=`, so a reload keeps
 * following it) for its rows done and total, then shows the report: counts and each rejected
 * row with its number, column and reason.
 */
export function ImportsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const runId = params.get('run');
  return (
    <Stack>
      <Title order={1}>{t('imports.title')}</Title>
      <Text c="dimmed">{t('imports.intro')}</Text>
      <ImportForm onStarted={(id) => setParams({ run: id })} />
      {runId ? <RunReport id={runId} /> : null}
    </Stack>
  );
}

function ImportForm({ onStarted }: { onStarted: (id: string) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [kind, setKind] = useState<ImportKind>('agreements');
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(true);
  const [atomic, setAtomic] = useState(false);
  const [uploaded, setUploaded] = useState(0);
  const start = useMutation({
    mutationFn: (options: { dryRun: boolean }) =>
      postFile<ImportAccepted>(
        withQuery('/imports', { kind, dryRun: String(options.dryRun), atomic: String(atomic) }),
        file!,
        setUploaded,
      ),
    onMutate: () => setUploaded(0),
    onSuccess: (accepted) => onStarted(accepted.id),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="import-form-title">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (file) {
            start.mutate({ dryRun });
          }
        }}
      >
        <Stack>
          <Title order={2} size="h4" id="import-form-title">
            {t('imports.new')}
          </Title>
          <Radio.Group label={t('imports.kind')} value={kind} onChange={(value) => setKind(value)}>
            <Group mt="xs">
              <Radio value="agreements" label={t('imports.kinds.agreements')} />
              <Radio value="competencies" label={t('imports.kinds.competencies')} />
            </Group>
          </Radio.Group>
          <Stack gap={4}>
            <Text size="sm">{t(`imports.hints.${kind}`)}</Text>
            <Text size="sm">
              {t('imports.header')} <Code>{headers[kind]}</Code>
            </Text>
          </Stack>
          <Group>
            <FileButton accept=".csv,text/csv" onChange={setFile}>
              {(props) => (
                <Button variant="default" {...props}>
                  {t('imports.chooseFile')}
                </Button>
              )}
            </FileButton>
            <Text size="sm" c={file ? undefined : 'dimmed'} aria-live="polite">
              {file ? `${file.name} (${format.bytes(file.size)})` : t('imports.noFile')}
            </Text>
          </Group>
          <Checkbox
            label={t('imports.dryRun')}
            description={t('imports.dryRunHint')}
            checked={dryRun}
            onChange={(e) => setDryRun(e.currentTarget.checked)}
          />
          <Checkbox
            label={t('imports.atomic')}
            description={t('imports.atomicHint')}
            checked={atomic}
            onChange={(e) => setAtomic(e.currentTarget.checked)}
          />
          {start.isPending ? <Progress value={uploaded * 100} aria-label={t('imports.uploading')} animated /> : null}
          {start.error ? <ProblemAlert error={start.error} /> : null}
          <Group>
            <Button type="submit" disabled={!file} loading={start.isPending}>
              {dryRun ? t('imports.submitDryRun') : t('imports.submit')}
            </Button>
            {start.isSuccess && start.variables.dryRun && file ? (
              <Button variant="light" onClick={() => start.mutate({ dryRun: false })}>
                {t('imports.runForReal')}
              </Button>
            ) : null}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function RunReport({ id }: { id: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const run = useQuery({
    queryKey: ['imports', id],
    queryFn: () => api.get<ImportRun>(`/imports/${id}`),
    // Every second until the run has ended: rows done / total, as each batch commits.
    refetchInterval: (query) => (ended(query.state.data) ? false : 1000),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="import-report-title">
      <QueryState query={run}>
        {(data) => (
          <Stack>
            <Group justify="space-between">
              <Title order={2} size="h4" id="import-report-title">
                {t('imports.report', { name: data.fileName })}
              </Title>
              <Group gap="xs">
                {data.dryRun ? <Badge variant="outline">{t('imports.dryRunBadge')}</Badge> : null}
                {data.atomic ? <Badge variant="outline">{t('imports.atomicBadge')}</Badge> : null}
                <Badge color={statusColors[data.status]} variant="light">
                  {t(`imports.status.${data.status}`)}
                </Badge>
              </Group>
            </Group>
            <Stack gap={4}>
              <Progress
                value={data.rowsTotal === 0 ? 100 : (data.rowsDone / data.rowsTotal) * 100}
                animated={!ended(data)}
                aria-label={t('imports.progressLabel')}
              />
              <Text size="sm" aria-live="polite">
                {t('imports.rowsDone', { done: format.number(data.rowsDone), total: format.number(data.rowsTotal) })}
              </Text>
            </Stack>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Count label={data.dryRun ? t('imports.wouldCreate') : t('imports.created')} value={data.created} />
              <Count label={t('imports.unchanged')} value={data.unchanged} />
              <Count label={t('imports.rejected')} value={data.rejected} />
            </SimpleGrid>
            {data.detail ? (
              <Alert color={data.status === 'failed' ? 'red' : 'blue'} role="alert">
                {humanize(data.detail)}
              </Alert>
            ) : null}
            {data.dryRun && data.status === 'succeeded' ? <Text size="sm">{t('imports.dryRunDone')}</Text> : null}
            <Errors run={data} />
          </Stack>
        )}
      </QueryState>
    </Paper>
  );
}

function Count({ label, value }: { label: string; value: number }) {
  const format = useFormat();
  return (
    <Stack gap={0}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={600}>
        {format.number(value)}
      </Text>
    </Stack>
  );
}

function Errors({ run }: { run: ImportRun }) {
  const { t } = useTranslation();
  if (run.errors.length === 0) {
    return ended(run) ? <Text c="dimmed">{t('imports.noErrors')}</Text> : null;
  }
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        {t('imports.errors')}
      </Title>
      {run.rejected > 0 && run.errors.length < run.rejected ? (
        <Text size="sm">{t('imports.errorsCut', { shown: run.errors.length, count: run.rejected })}</Text>
      ) : null}
      <Table.ScrollContainer minWidth={560}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('imports.row')}</Table.Th>
              <Table.Th>{t('imports.column')}</Table.Th>
              <Table.Th>{t('imports.reason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {run.errors.map((error, i) => (
              <Table.Tr key={`${error.row}-${error.field ?? ''}-${i}`}>
                <Table.Td>{error.row}</Table.Td>
                <Table.Td>{error.field ? <Code>{error.field}</Code> : t('imports.wholeRow')}</Table.Td>
                <Table.Td>{humanize(error.message)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
