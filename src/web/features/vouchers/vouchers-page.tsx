import { Anchor, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useFormat } from '../../lib/format';
import { voucherStatuses, type Voucher } from '../../lib/types';
import { PagedTable } from '../../lib/paged-list';
import { StatusBadge, usePagedList } from '../../lib/ui';
import { useEngagementTypeIndex } from './catalog-names';
import { NextDeadline, VoucherCard } from './voucher-card';
import { CreateVoucherAction } from './voucher-creation';
import { ExportCsvButton } from '../../lib/export-button';
import { SearchBox, useUrlSearch } from '../../lib/search-box';

export function VouchersPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const status = params.get('status');
  const agreementId = params.get('agreementId');
  const types = useEngagementTypeIndex();
  const search = useUrlSearch();
  const q = search.q || undefined;
  const list = usePagedList<Voucher>(['vouchers'], '/vouchers', {
    status: status ?? undefined,
    agreementId: agreementId ?? undefined,
    q,
  });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1}>{t('vouchers.title')}</Title>
        <Group>
          <ExportCsvButton path="/exports/vouchers.csv" filters={{ status, agreementId, q }} />
          <CreateVoucherAction />
        </Group>
      </Group>
      <Group align="flex-end">
        <SearchBox label={t('vouchers.search')} placeholder={t('vouchers.searchPlaceholder')} box={search.box} />
        <Select
          label={t('vouchers.filterStatus')}
          placeholder={t('vouchers.allStatuses')}
          clearable
          data={voucherStatuses.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          value={status}
          onChange={(value) => {
            const next = new URLSearchParams(params);
            if (value) {
              next.set('status', value);
            } else {
              next.delete('status');
            }
            setParams(next, { replace: true });
          }}
          w={240}
        />
      </Group>
      <PagedTable
        list={list}
        empty={status || q ? t('vouchers.emptyFiltered') : t('vouchers.empty')}
        minWidth={700}
        striped
        highlightOnHover
        head={
          <>
            <Table.Th>{t('vouchers.code')}</Table.Th>
            <Table.Th>{t('vouchers.engagementType')}</Table.Th>
            <Table.Th ta="right">{t('vouchers.days')}</Table.Th>
            <Table.Th>{t('vouchers.status')}</Table.Th>
            <Table.Th>{t('vouchers.nextDeadline')}</Table.Th>
          </>
        }
        card={(voucher) => <VoucherCard voucher={voucher} to={`/vouchers/${voucher.id}`} />}
        row={(voucher) => (
          <Table.Tr key={voucher.id}>
            <Table.Td>
              <Anchor component={Link} to={`/vouchers/${voucher.id}`} className="saps-code">
                {voucher.code}
              </Anchor>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{types.get(voucher.engagementTypeId)?.name ?? '—'}</Text>
            </Table.Td>
            <Table.Td ta="right">{format.number(voucher.days)}</Table.Td>
            <Table.Td>
              <StatusBadge status={voucher.status} />
            </Table.Td>
            <Table.Td>
              <NextDeadline voucher={voucher} />
            </Table.Td>
          </Table.Tr>
        )}
      />
    </Stack>
  );
}
