/**
 * What a page may offer (api.md, "Truthful answers for every caller"): the actions the server
 * lists in `availableActions`, computed for the caller and for now. The web app shows an action
 * only when it is listed (decision 024).
 *
 * Until every answer computes its list for the caller, the list is narrowed here by two facts the
 * page already has, so that nothing is offered that the server would refuse:
 * - the roles each action needs (the use cases' `requireRole`);
 * - the deadline the action obeys (`deadlines.*.before`, the first instant it is refused).
 * Once the server's list is computed for the caller, both narrowings keep it as it is.
 */
import type { Me, PaymentRequest, Role, Voucher } from './types';

export const voucherActions = [
  'reserve',
  'release',
  'complete',
  'redeem',
  'cancel',
  'changeProjectManager',
  'requestPayment',
] as const;
export type VoucherAction = (typeof voucherActions)[number];

export const paymentRequestActions = ['approve', 'deny', 'pay'] as const;
export type PaymentRequestAction = (typeof paymentRequestActions)[number];

/** The roles that may take each action (server: `requireRole` of the use case). */
const voucherActionRoles: Record<VoucherAction, readonly Role[]> = {
  reserve: ['partner_admin'],
  release: ['partner_admin'],
  complete: ['partner_admin', 'consultant'],
  redeem: ['partner_admin'],
  cancel: ['benefit_admin'],
  changeProjectManager: ['benefit_admin'],
  requestPayment: ['partner_admin', 'global_admin'],
};

const paymentActionRoles: Record<PaymentRequestAction, readonly Role[]> = {
  approve: ['finance'],
  deny: ['finance'],
  pay: ['finance'],
};

/**
 * The deadline each time-bound action obeys. The completion report needs only now < expiry
 * (domain.md, "Actions need now < expiry"): the last redemption day closes redemption, not the
 * report, and the server still lists `complete` after it.
 */
const actionDeadline: Partial<Record<VoucherAction, 'reserveBy' | 'redeemBy' | 'paymentBy' | 'expiry'>> = {
  reserve: 'reserveBy',
  complete: 'expiry',
  redeem: 'redeemBy',
  requestPayment: 'paymentBy',
};

function listed<T extends string>(answer: { availableActions?: readonly string[] }, known: readonly T[]): T[] {
  const actions = answer.availableActions;
  if (!Array.isArray(actions)) {
    return [];
  }
  return known.filter((action) => actions.includes(action));
}

function allowedFor(me: Pick<Me, 'roles'> | null | undefined, roles: readonly Role[]): boolean {
  return !!me && roles.some((role) => me.roles.includes(role));
}

/** Whether `action`'s deadline has passed at `now` (ISO instant). */
export function deadlinePassed(voucher: Voucher, action: VoucherAction, now: string | undefined): boolean {
  const key = actionDeadline[action];
  const before = key === 'expiry' ? voucher.expiresAt : key ? voucher.deadlines[key]?.before : undefined;
  return !!before && !!now && new Date(now).getTime() >= new Date(before).getTime();
}

/** The voucher actions this page may offer to `me` now. */
export function actionsOf(voucher: Voucher, me: Pick<Me, 'roles'> | null | undefined, now?: string): VoucherAction[] {
  return listed(voucher, voucherActions).filter(
    (action) => allowedFor(me, voucherActionRoles[action]) && !deadlinePassed(voucher, action, now),
  );
}

export interface PaymentFacts {
  /** The voucher is in a submitted, approved or paid request ("at most one live request"). */
  inLiveRequest: boolean;
  /** The partner is registered for payments in the voucher's program. */
  registered: boolean;
}

/**
 * Whether a redeemed voucher may go into a new payment request. Listed by the server: yes. A
 * redeemed voucher whose answer lists nothing comes from a server that does not compute
 * `requestPayment` yet (it lists only state-machine events, and `redeemed` has none): then the
 * page's own facts decide, the same ones the server checks.
 */
export function canRequestPayment(
  voucher: Voucher,
  me: Pick<Me, 'roles'> | null | undefined,
  now: string | undefined,
  facts: PaymentFacts,
): boolean {
  if (!allowedFor(me, voucherActionRoles.requestPayment) || deadlinePassed(voucher, 'requestPayment', now)) {
    return false;
  }
  if (serverLists(voucher, 'requestPayment')) {
    return true;
  }
  const listsNothing = (voucher.availableActions ?? []).length === 0;
  return voucher.status === 'redeemed' && listsNothing && !facts.inLiveRequest && facts.registered;
}

/** The payment-request actions this page may offer to `me`. */
export function paymentActionsOf(
  request: PaymentRequest,
  me: Pick<Me, 'roles'> | null | undefined,
): PaymentRequestAction[] {
  return listed(request, paymentRequestActions).filter((action) => allowedFor(me, paymentActionRoles[action]));
}

/** Whether the server lists `action` at all (before narrowing), for the browser test. */
export function serverLists(answer: { availableActions?: readonly string[] }, action: string): boolean {
  return Array.isArray(answer.availableActions) && answer.availableActions.includes(action);
}
