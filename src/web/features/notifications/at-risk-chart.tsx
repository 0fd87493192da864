import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Paper, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { useFormat } from '../../lib/format';
import type { AtRisk } from '../../lib/types';
import { Empty, QueryState } from '../../lib/ui';

const horizonDays = 90;

/** Days at risk by date over the next 90 days: an agreement's (`path` of it) or a program's. */
export function AtRiskChart({ path, today }: { path: string; today: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const atRisk = useQuery({ queryKey: ['at-risk', path], queryFn: () => api.get<AtRisk>(path) });
  const until = new Date(Date.parse(`${today}T00:00:00Z`) + horizonDays * 86_400_000).toISOString().slice(0, 10);
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4">
        {t('atRisk.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('atRisk.subtitle', { days: horizonDays })}
      </Text>
      <QueryState query={atRisk}>
        {(data) => {
          const byDate = new Map<string, { date: string; removal: number; expiry: number }>();
          for (const d of data.daysAtRisk.filter((d) => d.on <= until)) {
            const row = byDate.get(d.on) ?? { date: format.date(d.on), removal: 0, expiry: 0 };
            row[d.reason] += d.days;
            byDate.set(d.on, row);
          }
          const rows = [...byDate.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, row]) => row);
          const total = rows.reduce((sum, r) => sum + r.removal + r.expiry, 0);
          return rows.length === 0 ? (
            <Empty>{t('atRisk.none')}</Empty>
          ) : (
            <>
              <Text mb="xs">{t('atRisk.total', { days: total })}</Text>
              <BarChart
                h={220}
                data={rows}
                dataKey="date"
                type="stacked"
                aria-label={t('atRisk.title')}
                series={[
                  { name: 'removal', label: t('atRisk.removal'), color: 'red.8' },
                  { name: 'expiry', label: t('atRisk.expiry'), color: 'orange.8' },
                ]}
                withLegend
              />
              <Text size="sm" mt="xs">
                {t('atRisk.vouchers', { count: data.vouchersAtRisk.filter((v) => v.on <= until).length })}
              </Text>
            </>
          );
        }}
      </QueryState>
    </Paper>
  );
}
