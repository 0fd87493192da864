/**
 * Who may act on a voucher, and the voucher-level checks of each action (role, organisation,
 * status, expiry, calendar). Each decision runs its check first; `availableVoucherActions`
 * dry-runs the same checks, so an action is listed if and only if these checks pass.
 */
import { passes, refusal } from './errors.js';
import type { Verb } from './messages.js';
import { isOnOrBeforeLastDay, localDate } from './calendar-dates.js';
import {
  assertRequirementsMet,
  deliveryRequirements,
  locationRequirement,
  reservationRequirements,
  type PartnerFacts,
} from './eligibility.js';
import { isCloudRetired, type ProgramPolicy } from './program-policy.js';
import type { Role } from './roles.js';
import type { DecisionActor, VoucherState } from './voucher-decision.js';
import { assertTransition, type VoucherEvent } from './voucher-lifecycle.js';
import { assertEngagementTypeActive, assertNotExpired, type EngagementTypeRules } from './voucher-rules.js';

/** The actions of a voucher answer (api.md, v1 additions). */
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

interface ActionRule {
  roles: readonly Role[];
  /** Whose voucher it must be: the customer's, the partner holding it, or any partner (reserve, by code). */
  owner: 'customer' | 'holder' | 'any-partner';
  /** Words for refusals (a `verb.*` key of the catalogue). */
  verb: Verb;
}

const actionRules: Record<VoucherAction, ActionRule> = {
  reserve: { roles: ['partner_admin'], owner: 'any-partner', verb: 'reserveVoucher' },
  release: { roles: ['partner_admin'], owner: 'holder', verb: 'releaseReservation' },
  complete: { roles: ['partner_admin', 'consultant'], owner: 'holder', verb: 'fileReport' },
  redeem: { roles: ['partner_admin'], owner: 'holder', verb: 'redeemVoucher' },
  cancel: { roles: ['benefit_admin'], owner: 'customer', verb: 'cancelVoucher' },
  changeProjectManager: { roles: ['benefit_admin'], owner: 'customer', verb: 'changeVoucherPm' },
  requestPayment: {
    roles: ['partner_admin', 'global_admin'],
    owner: 'holder',
    verb: 'requestPayment',
  },
};

/** Forbidden without the role; another organisation's voucher is the same 404 as a missing one. */
export function assertActorMay(action: VoucherAction, actor: DecisionActor, voucher: VoucherState): void {
  const rule = actionRules[action];
  if (!rule.roles.some((role) => actor.roles.includes(role))) {
    throw refusal('forbidden', 'access.needsRole', { roles: rule.roles });
  }
  const owns =
    rule.owner === 'customer'
      ? actor.organizationId === voucher.organizationId
      : rule.owner === 'holder'
        ? voucher.partnerId !== null && actor.organizationId === voucher.partnerId
        : actor.organizationKind === 'partner';
  if (!owns) {
    throw refusal('not-found', 'access.notFound', { what: 'voucher', id: voucher.id });
  }
}

export interface PaymentFacts {
  /** Already in a live (submitted, approved or paid) payment request. */
  inLiveRequest: boolean;
  /** The holding partner registered for payments in the program. */
  registered: boolean;
  /** The program has a daily rate for the delivery country. */
  rated: boolean;
}

export interface VoucherCheckContext {
  actor: DecisionActor;
  policy: ProgramPolicy;
  engagementType: EngagementTypeRules & { offeringCode: string; competencies: readonly string[] };
  now: Date;
  /** requestPayment: what a payment request for the voucher needs besides the voucher itself. */
  payment?: PaymentFacts;
  /**
   * The acting partner's standing (reserve) or the holder's (redeem), when the caller loaded it:
   * the eligibility of the action is then part of the dry run too.
   */
  standing?: { partner: PartnerFacts; offeringCompetencies: readonly string[] };
}

const lifecycleEvent: Record<Exclude<VoucherAction, 'requestPayment'>, VoucherEvent> = {
  reserve: 'reserve',
  release: 'release',
  complete: 'complete',
  redeem: 'redeem',
  cancel: 'cancel',
  changeProjectManager: 'changeProjectManager',
};

/**
 * The voucher-level checks of an action at `now`: who, the transition table, "actions need now
 * < expiry", and the action's calendar rules. What depends on the request's input (dates,
 * location, consultants, files) or on the partner's standing (eligibility) is checked by the
 * decision itself.
 */
export function checkVoucherAction(action: VoucherAction, voucher: VoucherState, ctx: VoucherCheckContext): void {
  assertActorMay(action, ctx.actor, voucher);
  const verb = actionRules[action].verb;
  if (action === 'requestPayment') {
    assertPayable(voucher, ctx);
    return;
  }
  assertTransition(lifecycleEvent[action], voucher.status);
  assertNotExpired(voucher.expiresAt, ctx.now, verb);
  if (action === 'reserve') {
    assertEngagementTypeActive(ctx.policy, ctx.engagementType, ctx.now, verb);
  }
  if (
    action === 'redeem' &&
    !isOnOrBeforeLastDay(ctx.now, ctx.policy.calendar.lastRedemptionDate, ctx.policy.timeZone)
  ) {
    throw refusal('deadline-passed', 'calendar.noRedemption', {
      date: ctx.policy.calendar.lastRedemptionDate,
      timeZone: ctx.policy.timeZone,
    });
  }
  if (ctx.standing && (action === 'reserve' || action === 'redeem')) {
    const today = localDate(ctx.now, ctx.policy.timeZone);
    const { partner, offeringCompetencies } = ctx.standing;
    assertRequirementsMet(
      action === 'reserve'
        ? reservationRequirements(
            { code: ctx.engagementType.offeringCode, competencies: offeringCompetencies },
            ctx.engagementType,
            partner,
            { now: ctx.now, today, cloudRetired: isCloudRetired(ctx.policy, ctx.now) },
          )
        : [
            ...deliveryRequirements(ctx.engagementType, partner, today),
            locationRequirement(partner, voucher.deliveryCountry ?? ''),
          ],
      verb,
    );
  }
}

/** A redeemed voucher within its payment window and not yet in a live payment request. */
function assertPayable(voucher: VoucherState, ctx: VoucherCheckContext): void {
  if (voucher.status !== 'redeemed' || voucher.paymentDueBy === null) {
    throw refusal('invalid-transition', 'voucher.notRedeemedForPayment', {
      code: voucher.code,
      status: voucher.status,
    });
  }
  if (!isOnOrBeforeLastDay(ctx.now, voucher.paymentDueBy, ctx.policy.timeZone)) {
    throw refusal('deadline-passed', 'voucher.paymentDue', { code: voucher.code, paymentDueBy: voucher.paymentDueBy });
  }
  const payment = ctx.payment ?? { inLiveRequest: false, registered: false, rated: false };
  if (payment.inLiveRequest) {
    throw refusal('invalid-transition', 'voucher.inPaymentRequest', { code: voucher.code });
  }
  if (!payment.registered) {
    throw refusal('policy-violation', 'voucher.registerFirst');
  }
  if (!payment.rated) {
    throw refusal('policy-violation', 'voucher.noRate', { country: voucher.deliveryCountry ?? '' });
  }
}

/** The actions the caller may take on the voucher now: each action's own check, dry-run. */
export function availableVoucherActions(voucher: VoucherState, ctx: VoucherCheckContext): VoucherAction[] {
  return voucherActions.filter((action) => passes(() => checkVoucherAction(action, voucher, ctx)));
}
