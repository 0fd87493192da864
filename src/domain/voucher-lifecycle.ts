/**
 * The voucher state machine (domain.md, "Voucher lifecycle"; seed steps 4–8) as data:
 *
 *  assigned ──reserve──> reserved ──complete──> completed ──redeem──> redeemed
 *    │  ▲                   │
 *    │  └────release────────┘ (expiry unchanged)
 *    ├─cancel (customer) ──> cancelled      any state before redeemed ──sweep──> expired
 *
 * Every status check of the code goes through `assertTransition`; the database update then
 * repeats the check in its WHERE (status and version), so a lost race is a refusal, not a
 * double win.
 */
import { refusal } from './errors.js';
import type { Verb } from './messages.js';

export const voucherStatuses = ['assigned', 'reserved', 'completed', 'redeemed', 'cancelled', 'expired'] as const;
export type VoucherStatus = (typeof voucherStatuses)[number];

export type VoucherEvent = 'reserve' | 'release' | 'complete' | 'redeem' | 'cancel' | 'expire' | 'changeProjectManager';

interface Transition {
  from: readonly VoucherStatus[];
  /** null: the event changes data, not the status. */
  to: VoucherStatus | null;
  /** Words for refusals: "reserve" (a `verb.*` key of the catalogue). */
  verb: Verb;
}

export const voucherTransitions: Record<VoucherEvent, Transition> = {
  reserve: { from: ['assigned'], to: 'reserved', verb: 'reserve' },
  release: { from: ['reserved'], to: 'assigned', verb: 'release' },
  complete: { from: ['reserved'], to: 'completed', verb: 'complete' },
  redeem: { from: ['completed'], to: 'redeemed', verb: 'redeem' },
  // Our decision (domain.md): the benefit admin may cancel only while nobody has reserved it.
  cancel: { from: ['assigned'], to: 'cancelled', verb: 'cancel' },
  expire: { from: ['assigned', 'reserved', 'completed'], to: 'expired', verb: 'expire' },
  // "The PM may be changed until reservation."
  changeProjectManager: { from: ['assigned'], to: null, verb: 'changeProjectManager' },
};

/** Statuses in which a voucher still holds its days and can still expire. */
export const liveVoucherStatuses = voucherTransitions.expire.from;
/** The status of an expired voucher (the sweep's). */
export const expiredVoucherStatus: VoucherStatus = voucherTransitions.expire.to!;
/** The status of a used voucher: it keeps its days for good and may be paid for. */
export const redeemedVoucherStatus: VoucherStatus = voucherTransitions.redeem.to!;
/** Live statuses in which a partner holds the voucher (reserved, or its report filed). */
export const partnerHeldVoucherStatuses: readonly VoucherStatus[] = liveVoucherStatuses.filter(
  (status) => status !== 'assigned',
);

export function canTransition(event: VoucherEvent, status: VoucherStatus): boolean {
  return voucherTransitions[event].from.includes(status);
}

/** Throws `invalid-transition` when the event is not allowed from `status`. */
export function assertTransition(event: VoucherEvent, status: VoucherStatus): VoucherStatus {
  const transition = voucherTransitions[event];
  if (!transition.from.includes(status)) {
    throw refusal('invalid-transition', 'voucher.invalidTransition', {
      verb: transition.verb,
      status,
      allowed: transition.from,
    });
  }
  return transition.to ?? status;
}

/** The events a voucher in `status` allows, for clients to show the right actions. */
export function availableEvents(status: VoucherStatus): VoucherEvent[] {
  return (Object.keys(voucherTransitions) as VoucherEvent[]).filter(
    (event) => event !== 'expire' && canTransition(event, status),
  );
}
