import { and, eq, sql } from 'drizzle-orm';
import { organizations, users, vouchers } from '../../db/schema/index.js';
import { refusal } from '../../domain/errors.js';
import { normalizeVoucherCode } from '../../domain/voucher-code.js';
import { checkVoucherAction } from '../../domain/voucher-permissions.js';
import { requireRole } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { assertNotRateLimited, recordFailure, type CounterFamily, type RateLimitRule } from '../platform/rate-limit.js';
import { presentVoucher, type VoucherView } from './present-voucher.js';
import { decisionFacts } from './voucher-facts.js';
import { loadVoucher, standingSql, toStanding } from './voucher-store.js';

const lookupWindowSeconds = 15 * 60;
const lookupPrefix = 'voucher-lookup:';

/** The rows these limits keep in `rate_limit_counters`, on the program clock (as `now` below). */
export const voucherLookupCounterFamily: CounterFamily = { prefix: lookupPrefix, keepSeconds: lookupWindowSeconds };

/** Failed code/e-mail pairs are limited per partner organisation: 10 per 15 minutes. */
export function voucherLookupRules(partnerId: string): RateLimitRule[] {
  return [
    {
      key: `${lookupPrefix}partner:${partnerId}`,
      limit: 10,
      windowSeconds: lookupWindowSeconds,
      what: 'voucherLookups',
    },
  ];
}

export const wrongPair = () => refusal('not-found', 'voucher.wrongPair');

/**
 * A partner proves it may see a voucher with its code (and, to validate, the customer's
 * benefit-admin e-mail). Wrong codes or pairs reveal nothing and count against the rate limit.
 * Runs outside any transaction: the failure must be recorded although the request is refused,
 * and on PGlite a query outside the open transaction would wait for it forever.
 */
export async function proveVoucherCode(
  ctx: AppContext,
  actor: Actor,
  input: { code: string; customerEmail?: string | undefined; voucherId?: string | undefined },
): Promise<string> {
  const now = ctx.clock.now();
  const rules = voucherLookupRules(actor.organizationId);
  await assertNotRateLimited(ctx.db, rules, now);
  const code = normalizeVoucherCode(input.code);
  const [row] = await ctx.db
    .select({ id: vouchers.id, organizationId: vouchers.organizationId })
    .from(vouchers)
    .where(eq(vouchers.code, code));
  let found = row && (!input.voucherId || input.voucherId === row.id) ? row : undefined;
  if (found && input.customerEmail !== undefined) {
    const [admin] = await ctx.db
      .select({ id: users.id })
      .from(users)
      .where(
        and(
          eq(users.organizationId, found.organizationId),
          eq(users.email, input.customerEmail.trim().toLowerCase()),
          eq(users.active, true),
          sql`'benefit_admin' = any(${users.roles})`,
        ),
      );
    if (!admin) {
      found = undefined;
    }
  }
  if (!found) {
    await recordFailure(ctx.db, rules, now);
    throw wrongPair();
  }
  return found.id;
}

export interface VoucherValidation {
  id: string;
  code: string;
  status: VoucherView['status'];
  engagementTypeId: string;
  engagementTypeName: string;
  offeringCode: string;
  days: number;
  expiresAt: Date;
  customerName: string;
  deadlines: VoucherView['deadlines'];
  availableActions: VoucherView['availableActions'];
}

/** Validate (seed step 5): shows the voucher if it is assigned and unexpired. */
export async function validateVoucher(
  ctx: AppContext,
  actor: Actor,
  input: { code: string; customerEmail: string },
): Promise<VoucherValidation> {
  requireRole(actor, 'partner_admin');
  const id = await proveVoucherCode(ctx, actor, input);
  const now = ctx.clock.now();
  // The acting partner's standing too: `availableActions` lists `reserve` only if it is eligible.
  const loaded = (await loadVoucher(ctx.db, id, { extra: { standing: standingSql(actor.organizationId) } }))!;
  const standing = toStanding(loaded.extra.standing);
  const { voucher, engagementType, policy } = loaded;
  // The voucher-level checks of a reservation, as the reservation itself runs them.
  checkVoucherAction('reserve', voucher, decisionFacts(actor, { ...loaded, standing: undefined }, now));
  const [customer] = await ctx.db
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, voucher.organizationId));
  const view = presentVoucher(voucher, engagementType, policy, {
    actor,
    now,
    payment: loaded.payment,
    standing,
    names: loaded.names,
  });
  return {
    id: view.id,
    code: view.code,
    status: view.status,
    engagementTypeId: view.engagementTypeId,
    engagementTypeName: view.engagementTypeName,
    offeringCode: view.offeringCode,
    days: view.days,
    expiresAt: view.expiresAt,
    customerName: customer?.name ?? '',
    deadlines: view.deadlines,
    availableActions: view.availableActions,
  };
}
