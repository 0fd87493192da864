import { Paper, SimpleGrid, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { useMe } from '../../lib/session';
import type { Organization, Page, User, Voucher } from '../../lib/types';

/**
 * Who is who on a voucher (issue 12, M6): the customer, the partner that holds the reservation
 * and the project manager. The names come from the voucher answer when it carries them
 * (`customerName`, `reservation.partnerName`, `projectManagerName`: additive fields the voucher
 * answer should have); until then, from what the reader may list: operators read every
 * organisation, a customer its own users and the partner directory.
 */

interface NamedVoucher {
  customerName?: string;
  projectManagerName?: string;
  reservation: (NonNullable<Voucher['reservation']> & { partnerName?: string }) | null;
}

function named(voucher: Voucher): NamedVoucher {
  return voucher;
}

function useOrganizationName(id: string | undefined, enabled: boolean): string | undefined {
  const org = useQuery({
    queryKey: ['organizations', id],
    queryFn: () => api.get<Organization>(`/organizations/${id}`),
    enabled: enabled && !!id,
    retry: false,
    staleTime: 5 * 60_000,
  });
  return org.data?.name;
}

interface DirectoryEntry {
  organizationId: string;
  name: string;
}

function useDirectoryName(partnerId: string | undefined, enabled: boolean): string | undefined {
  const directory = useQuery({
    queryKey: ['partner-directory', 'names'],
    queryFn: () => api.get<Page<DirectoryEntry>>('/partner-directory', { limit: 200 }),
    enabled: enabled && !!partnerId,
    retry: false,
    staleTime: 5 * 60_000,
  });
  return directory.data?.items.find((entry) => entry.organizationId === partnerId)?.name;
}

function useUserName(organizationId: string, userId: string, enabled: boolean): string | undefined {
  const users = useQuery({
    queryKey: ['organizations', organizationId, 'users', 'project_manager'],
    queryFn: () => api.get<Page<User>>(`/organizations/${organizationId}/users`, { limit: 200 }),
    enabled,
    retry: false,
    staleTime: 5 * 60_000,
  });
  return users.data?.items.find((user) => user.id === userId)?.name;
}

export function useVoucherParties(voucher: Voucher) {
  const me = useMe();
  const kind = me.data?.organizationKind;
  const isOperator = kind === 'operator';
  const ownCustomer = kind === 'customer' && me.data?.organizationId === voucher.organizationId;
  const v = named(voucher);
  const partnerId = voucher.reservation?.partnerId;
  const ownPartner = kind === 'partner' && me.data?.organizationId === partnerId;
  const customerOrg = useOrganizationName(voucher.organizationId, !v.customerName && (isOperator || ownCustomer));
  const partnerOrg = useOrganizationName(partnerId, !v.reservation?.partnerName && (isOperator || ownPartner));
  const partnerListed = useDirectoryName(partnerId, !v.reservation?.partnerName && kind === 'customer');
  // An organisation's members and operators may list its users.
  const mayListUsers = isOperator || ownCustomer;
  const pm = useUserName(voucher.organizationId, voucher.projectManagerId, !v.projectManagerName && mayListUsers);
  const isPm = me.data?.id === voucher.projectManagerId;
  return {
    customer: v.customerName ?? customerOrg,
    partner: partnerId ? (v.reservation?.partnerName ?? partnerOrg ?? partnerListed) : null,
    projectManager: v.projectManagerName ?? pm ?? (isPm ? me.data?.name : undefined),
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
  const parties = useVoucherParties(voucher);
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }}>
      <Party label={t('parties.customer')} value={parties.customer} />
      <Party label={t('parties.partner')} value={parties.partner} />
      <Party label={t('parties.projectManager')} value={parties.projectManager} />
    </SimpleGrid>
  );
}
