import { eq, sql } from 'drizzle-orm';
import { engagementTypes, vouchers } from '../../db/schema/index.js';
import { normalizeVoucherCode } from '../../domain/voucher-code.js';
import { decideReserve } from '../../domain/voucher-decisions.js';
import { requireRole } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { partnerFactsSql, toPartnerFacts } from '../partners/partner-facts-sql.js';
import { assertNotRateLimited, assertRuleNotExceeded, recordFailure } from '../platform/rate-limit.js';
import { persistVoucherDecision } from './persist-decision.js';
import type { VoucherView } from './present-voucher.js';
import { voucherLookupRules, wrongPair } from './validate-voucher.js';
import { decisionFacts, presentAfter } from './voucher-facts.js';
import { loadVoucher } from './voucher-store.js';

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
 * the conditional update lets exactly one of two racing partners through. The code proves the
 * partner may see the voucher (api.md: no prior validation call needed).
 */
export async function reserveVoucher(
  ctx: AppContext,
  actor: Actor,
  voucherId: string,
  input: ReserveVoucherInput,
): Promise<VoucherView> {
  requireRole(actor, 'partner_admin');
  const now = ctx.clock.now();
  const rules = voucherLookupRules(actor.organizationId);
  const view = await ctx.db.transaction(async (tx) => {
    // One query: the voucher (only with its code), the actor's location, the offering, the
    // partner's standing.
    const loaded = await loadVoucher(tx, voucherId, {
      statement: 'reserve',
      values: {
        code: normalizeVoucherCode(input.code),
        locationId: input.locationId,
        partnerId: actor.organizationId,
        lookupKey: rules[0]!.key,
      },
      where: (p) => eq(vouchers.code, p('code')),
      extra: (p) => ({
        location: sql`(select json_build_object('id', l.id, 'country', l.country) from partner_locations l
          where l.id = ${p('locationId')} and l.partner_id = ${p('partnerId')})`,
        offeringCompetencies: sql`(select o.competencies from offerings o
          where o.program_id = ${vouchers.programId} and o.code = ${engagementTypes.offeringCode})`,
        partner: partnerFactsSql(p('partnerId'), sql`${vouchers.programId}`, sql`${engagementTypes.offeringCode}`),
        // The name the reservation gives the voucher's partner (issue 12, M6).
        partnerName: sql`(select o.name from organizations o where o.id = ${p('partnerId')})`,
        // The look-up limit of the partner (checked before the code proves anything).
        lookups: sql`(select json_build_object('count', r.count, 'windowStartedAt', r.window_started_at)
          from rate_limit_counters r where r.key = ${p('lookupKey')})`,
      }),
    });
    if (loaded) {
      const lookups = loaded.extra.lookups as { count: number; windowStartedAt: string } | null;
      assertRuleNotExceeded(
        rules[0]!,
        lookups ? { count: lookups.count, windowStartedAt: new Date(lookups.windowStartedAt) } : undefined,
        now,
      );
    }
    if (!loaded) {
      // Recorded after this transaction ends (PGlite has one connection).
      return null;
    }
    const decision = decideReserve(loaded.voucher, input, {
      ...decisionFacts(actor, loaded, now),
      engagementType: loaded.engagementType,
      location: (loaded.extra.location ?? null) as { id: string; country: string } | null,
      offering: {
        code: loaded.engagementType.offeringCode,
        competencies: (loaded.extra.offeringCompetencies ?? []) as string[],
      },
      partner: toPartnerFacts(loaded.extra.partner),
    });
    const view = presentAfter(actor, loaded, decision.after, now, {
      partner: (loaded.extra.partnerName ?? null) as string | null,
    });
    // Who is told (the benefit admins and the PM) follows from the voucher.reserved event.
    await persistVoucherDecision(tx, loaded.voucher, decision, { now });
    return view;
  });
  if (!view) {
    await assertNotRateLimited(ctx.db, rules, now);
    await recordFailure(ctx.db, rules, now);
    throw wrongPair();
  }
  return view;
}
