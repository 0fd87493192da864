import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';
import { canRequestPayment } from '../../lib/actions';
import type { Me, Page, PaymentRegistration, PaymentRequest, Voucher } from '../../lib/types';

/** A partner's payment requests (its own; operators see all), the latest 200. */
export function usePartnerPaymentRequests(enabled = true) {
  return useQuery({
    queryKey: ['payment-requests', 'facts'],
    queryFn: () => api.get<Page<PaymentRequest>>('/payment-requests', { limit: 200 }),
    enabled,
  });
}

/** The vouchers held by a live (not denied) payment request: "a voucher is in at most one live request". */
export function liveRequestVoucherIds(requests: readonly PaymentRequest[]): Set<string> {
  return new Set(requests.filter((r) => r.status !== 'denied').flatMap((r) => r.voucherIds));
}

export function usePaymentRegistrations(partnerId: string | undefined) {
  return useQuery({
    queryKey: ['partners', partnerId, 'payment-registrations'],
    queryFn: () => api.get<Page<PaymentRegistration>>(`/partners/${partnerId}/payment-registrations`),
    enabled: !!partnerId,
  });
}

/**
 * Whether each redeemed voucher may go into a new payment request now (issue 12, M3): not in a
 * live request, its payment window open, the partner registered in its program.
 */
export function usePayable(me: Me | null | undefined, now: string | undefined) {
  const isPartner = me?.organizationKind === 'partner';
  const requests = usePartnerPaymentRequests(isPartner);
  const registrations = usePaymentRegistrations(isPartner ? me?.organizationId : undefined);
  const held = liveRequestVoucherIds(requests.data?.items ?? []);
  const registered = new Set((registrations.data?.items ?? []).map((r) => r.programId));
  return {
    ready: requests.isSuccess && registrations.isSuccess,
    registered,
    held,
    payable: (voucher: Voucher) =>
      canRequestPayment(voucher, me, now, {
        inLiveRequest: held.has(voucher.id),
        registered: registered.has(voucher.programId),
      }),
  };
}
