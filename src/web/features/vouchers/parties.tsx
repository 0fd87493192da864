import { Paper, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Voucher } from '../../lib/types';

/**
 * Who is who on a voucher (issue 12, M6): the customer, the partner that holds the reservation
 * and the project manager, as the voucher answer names them (`customerName`,
 * `reservation.partnerName`, `projectManagerName`): the server gives each reader the names it
 * may read, in the same query as the voucher, so the page asks nothing more.
 */
export function voucherParties(voucher: Voucher) {
  return {
    customer: voucher.customerName,
    partner: voucher.reservation ? voucher.reservation.partnerName : null,
    projectManager: voucher.projectManagerName ?? undefined,
  };
}

function Party({ label, value }: { label: string; value: string | null | undefined }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fw={600}>{value === null ? t('parties.noPartner') : (value ?? t('parties.unknown'))}</Text>
    </Paper>
  );
}

/** The customer, the partner and the project manager of a voucher, each named. */
export function VoucherParties({ voucher }: { voucher: Voucher }) {
  const { t } = useTranslation();
  const parties = voucherParties(voucher);
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }}>
      <Party label={t('parties.customer')} value={parties.customer} />
      <Party label={t('parties.partner')} value={parties.partner} />
      <Party label={t('parties.projectManager')} value={parties.projectManager} />
    </SimpleGrid>
  );
}
