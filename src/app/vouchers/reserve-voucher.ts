import { and, eq } from 'drizzle-orm';
import { offerings, organizations, partnerLocations, users } from '../../db/schema/index.js';
import { endOfLastDay, localDate } from '../../domain/calendar-dates.js';
import { DomainError } from '../../domain/errors.js';
import { assertRequirementsMet, locationRequirement, reservationRequirements } from '../../domain/eligibility.js';
import { isCloudRetired } from '../../domain/program-policy.js';
import { assertTransition } from '../../domain/voucher-lifecycle.js';
import { assertEngagementTypeActive, assertNotExpired } from '../../domain/voucher-rules.js';
import { requireRole } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { loadPartnerFacts } from '../partners/partner-facts.js';
import { enqueueEmail } from '../platform/outbox.js';
import { presentVoucher, type VoucherView } from './present-voucher.js';
import { auditVoucherChange } from './voucher-audit.js';
import { reservationEmail } from './voucher-emails.js';
import { loadVoucher, updateVoucherIf } from './voucher-store.js';
import { proveVoucherCode } from './validate-voucher.js';

export interface ReserveVoucherInput {
  code: string;
  locationId: string;
  plannedStart: string;
  plannedEnd: string;
  acceptTerms: true;
}

/**
 * Reserve (seed step 5): the partner accepts the program terms, picks its location (whose
 * country is the delivery country) and planned dates before expiry. First reservation wins:
 * the conditional update lets exactly one of two racing partners through.
 */
export async function reserveVoucher(
  ctx: AppContext,
  actor: Actor,
  voucherId: string,
  input: ReserveVoucherInput,
): Promise<VoucherView> {
  requireRole(actor, 'partner_admin');
  const now = ctx.clock.now();
  // The code proves the partner may see the voucher (api.md: no prior validation call needed).
  await proveVoucherCode(ctx, actor, { code: input.code, voucherId });
  return ctx.db.transaction(async (tx) => {
    const { voucher, engagementType, policy } = (await loadVoucher(tx, voucherId))!;
    assertTransition('reserve', voucher.status);
    assertNotExpired(voucher.expiresAt, now, 'reserve the voucher');
    assertEngagementTypeActive(policy, engagementType, now, 'reserve the voucher');
    const today = localDate(now, policy.timeZone);
    const [location] = await tx
      .select()
      .from(partnerLocations)
      .where(and(eq(partnerLocations.id, input.locationId), eq(partnerLocations.partnerId, actor.organizationId)));
    if (!location) {
      throw new DomainError('validation-failed', 'the location is not one of your organisation\u2019s locations', {
        errors: [{ path: 'body.locationId', message: 'unknown location' }],
      });
    }
    if (input.plannedEnd < input.plannedStart) {
      throw new DomainError('validation-failed', 'the planned end is before the planned start', {
        errors: [{ path: 'body.plannedEnd', message: 'must not be before plannedStart' }],
      });
    }
    // "Reserve before the engagement begins" (program-facts.md §5, T2).
    if (input.plannedStart < today) {
      throw new DomainError(
        'policy-violation',
        `a voucher is reserved before its engagement begins; the planned start ${input.plannedStart} is before today (${today})`,
        {
          errors: [{ path: 'body.plannedStart', message: 'must not be in the past' }],
        },
      );
    }
    // The engagement must be delivered (and redeemed) before the voucher expires.
    if (endOfLastDay(input.plannedEnd, policy.timeZone).getTime() > voucher.expiresAt.getTime()) {
      throw new DomainError(
        'deadline-passed',
        `the planned end ${input.plannedEnd} is not before the voucher expiry (${voucher.expiresAt.toISOString()})`,
        { errors: [{ path: 'body.plannedEnd', message: 'must lie before the voucher expiry' }] },
      );
    }
    const [offering] = await tx
      .select()
      .from(offerings)
      .where(and(eq(offerings.programId, voucher.programId), eq(offerings.code, engagementType.offeringCode)));
    const facts = await loadPartnerFacts(tx, actor.organizationId, voucher.programId, engagementType.offeringCode);
    assertRequirementsMet(
      [
        ...reservationRequirements(
          { code: engagementType.offeringCode, competencies: offering?.competencies ?? [] },
          engagementType,
          facts,
          { now, today, cloudRetired: isCloudRetired(policy, now) },
        ),
        locationRequirement(facts, location.country),
      ],
      'reserve the voucher',
    );
    const after = await updateVoucherIf(tx, voucher, {
      status: 'reserved',
      partnerId: actor.organizationId,
      locationId: location.id,
      deliveryCountry: location.country,
      plannedStart: input.plannedStart,
      plannedEnd: input.plannedEnd,
      reservedAt: now,
      reservedBy: actor.userId,
    });
    const view = presentVoucher(after, engagementType, policy);
    const [creator] = await tx.select().from(users).where(eq(users.id, voucher.createdBy));
    const [partner] = await tx
      .select({ name: organizations.name })
      .from(organizations)
      .where(eq(organizations.id, actor.organizationId));
    if (creator) {
      await enqueueEmail(tx, reservationEmail(creator, view, partner?.name ?? 'A partner'), now);
    }
    await auditVoucherChange(tx, {
      actorId: actor.userId,
      at: now,
      action: 'voucher.reserved',
      before: voucher,
      after,
    });
    return view;
  });
}
