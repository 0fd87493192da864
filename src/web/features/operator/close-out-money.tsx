import { Alert, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import type { CloseOut } from '../../lib/types';
import { Empty } from '../../lib/ui';

type MoneyRow = CloseOut['money']['byCurrency'][number];

const requestFigures = ['requested', 'approved', 'paid', 'outstanding', 'denied'] as const;

function MoneyCells({ row }: { row: MoneyRow }) {
  const format = useFormat();
  const { t } = useTranslation();
  return (
    <>
      <Table.Td ta="right">
        <Text size="sm" fw={600}>
          {format.money(row.redeemedValue)}
        </Text>
        <Text size="xs" c="dimmed">
          {t('closeOut.vouchersDays', { count: row.redeemedVouchers, days: format.number(row.redeemedDays) })}
        </Text>
      </Table.Td>
      {requestFigures.map((figure) => (
        <Table.Td key={figure} ta="right">
          <Text size="sm" fw={600}>
            {format.money(row[figure])}
          </Text>
          <Text size="xs" c="dimmed">
            {t('closeOut.requests', { count: row[figure].count })}
          </Text>
        </Table.Td>
      ))}
    </>
  );
}

/**
 * The close-out report's money: redeemed value and payment requests by delivery country and
 * currency, totals by currency, and redeemed vouchers of a country without a rate.
 */
export function MoneyPanel({ money }: { money: CloseOut['money'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Paper withBorder p="md">
      <Title order={3} size="h4" mb="xs">
        {t('closeOut.moneyTitle')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('closeOut.moneyIntro')}
      </Text>
      {money.byCountry.length === 0 && money.unpriced.length === 0 ? (
        <Empty>{t('closeOut.noMoney')}</Empty>
      ) : (
        <Stack>
          <Table.ScrollContainer minWidth={900}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('closeOut.country')}</Table.Th>
                  <Table.Th ta="right">{t('closeOutMoney.redeemedValue')}</Table.Th>
                  {requestFigures.map((figure) => (
                    <Table.Th key={figure} ta="right">
                      {t(`closeOutMoney.${figure}`)}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {money.byCountry.map((row) => (
                  <Table.Tr key={`${row.country}-${row.currency}`}>
                    <Table.Td>
                      {format.country(row.country)}
                      <Text size="xs" c="dimmed">
                        {row.currency}
                      </Text>
                    </Table.Td>
                    <MoneyCells row={row} />
                  </Table.Tr>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                {money.byCurrency.map((row) => (
                  <Table.Tr key={row.currency}>
                    <Table.Th scope="row">{t('closeOut.totalIn', { currency: row.currency })}</Table.Th>
                    <MoneyCells row={row} />
                  </Table.Tr>
                ))}
              </Table.Tfoot>
            </Table>
          </Table.ScrollContainer>
          {money.unpriced.length > 0 ? (
            <Alert color="orange" title={t('closeOut.unpricedTitle')}>
              <Stack gap={2}>
                {money.unpriced.map((row) => (
                  <Text key={row.country} size="sm">
                    {t('closeOut.unpriced', {
                      country: format.country(row.country),
                      count: row.redeemedVouchers,
                      days: format.number(row.redeemedDays),
                    })}
                  </Text>
                ))}
              </Stack>
            </Alert>
          ) : null}
        </Stack>
      )}
    </Paper>
  );
}
