import { randomBytes } from 'node:crypto';
import { and, eq, gt, notInArray, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/connection.js';
import { engagementTypes, organizations, users, vouchers } from '../../db/schema/index.js';
import { DomainError } from '../../domain/errors.js';
import { voucherCodeFromBytes, voucherCodeBytesNeeded } from '../../domain/voucher-code.js';
import { assertVoucherCanBeCreated, voucherExpiry } from '../../domain/voucher-rules.js';
import { requireRole } from '../access.js';
import { loadVisibleAgreement } from '../agreements/agreement-store.js';
import { postLedgerEntry } from '../agreements/ledger.js';
import type { Actor, AppContext } from '../context.js';
import { enqueueEmail } from '../platform/outbox.js';
import { loadProgramPolicy } from '../programs/read-programs.js';
import { presentVoucher, type VoucherView } from './present-voucher.js';
import { auditVoucherChange } from './voucher-audit.js';
import { voucherCodeEmail } from './voucher-emails.js';

export interface CreateVoucherInput {
  agreementId: string;
  engagementTypeId: string;
  days: number;
  projectManagerId: string;
  exceptionReason?: string | undefined;
}

async function newVoucherCode(tx: Executor): Promise<string> {
  for (;;) {
    const code = voucherCodeFromBytes(randomBytes(voucherCodeBytesNeeded));
    if (!code) {
      continue;
    }
    const [taken] = await tx.select({ id: vouchers.id }).from(vouchers).where(eq(vouchers.code, code));
    if (!taken) {
      return code;
    }
  }
}

/** Loads a project manager of the customer: an active user of that organisation with the role. */
export async function loadProjectManager(tx: Executor, organizationId: string, userId: string) {
  const [pm] = await tx
    .select()
    .from(users)
    .where(and(eq(users.id, userId), eq(users.organizationId, organizationId), eq(users.active, true)));
  if (!pm || !pm.roles.includes('project_manager')) {
    throw new DomainError(
      'validation-failed',
      'the project manager must be an active project manager of your organisation',
      {
        errors: [{ path: 'body.projectManagerId', message: 'not a project manager of this customer' }],
      },
    );
  }
  return pm;
}

/**
 * Create and assign (seed step 4), one step by the benefit admin: the checks at this instant, the
 * voucher, the days allocated from the agreement, the code e-mailed to the project manager, and
 * the audit record, in one transaction.
 */
export async function createVoucher(ctx: AppContext, actor: Actor, input: CreateVoucherInput): Promise<VoucherView> {
  requireRole(actor, 'benefit_admin');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const agreement = await loadVisibleAgreement(tx, actor, input.agreementId, { forUpdate: true });
    // One customer's voucher creations are serialised, so the second-15-day rule holds under races.
    await tx
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.id, agreement.organizationId))
      .for('update');
    const policy = await loadProgramPolicy(tx, agreement.programId);
    const [engagementType] = await tx
      .select()
      .from(engagementTypes)
      .where(and(eq(engagementTypes.id, input.engagementTypeId), eq(engagementTypes.programId, agreement.programId)));
    if (!engagementType) {
      throw new DomainError('validation-failed', 'the engagement type is not one of this program', {
        errors: [
          { path: 'body.engagementTypeId', message: 'unknown engagement type for this agreement\u2019s program' },
        ],
      });
    }
    const pm = await loadProjectManager(tx, agreement.organizationId, input.projectManagerId);
    const [{ count } = { count: 0 }] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(vouchers)
      .where(
        and(
          eq(vouchers.organizationId, agreement.organizationId),
          eq(vouchers.engagementTypeId, engagementType.id),
          eq(vouchers.days, 15),
          notInArray(vouchers.status, ['cancelled', 'expired']),
          // A voucher past its expiry instant is expired, whether or not the sweep marked it yet
          // ("expiry is enforced at the moment of the action"); a redeemed one stays used.
          or(eq(vouchers.status, 'redeemed'), gt(vouchers.expiresAt, now)),
        ),
      );
    const exceptionReason = input.exceptionReason?.trim() || null;
    assertVoucherCanBeCreated({
      policy,
      engagementType,
      days: input.days,
      agreementActivated: agreement.activatedAt !== null,
      balance: agreement.balance,
      otherFifteenDayVouchers: count,
      exceptionReason,
      now,
    });
    const code = await newVoucherCode(tx);
    const [row] = await tx
      .insert(vouchers)
      .values({
        code,
        programId: agreement.programId,
        agreementId: agreement.id,
        organizationId: agreement.organizationId,
        engagementTypeId: engagementType.id,
        days: input.days,
        projectManagerId: pm.id,
        createdBy: actor.userId,
        exceptionReason: input.days === 15 ? exceptionReason : null,
        createdAt: now,
        // Expiry anchor: creation (domain.md; configurable per program as `expiryAnchor`).
        expiresAt: voucherExpiry(policy, now, 0),
        status: 'assigned',
      })
      .returning();
    const voucher = row!;
    await postLedgerEntry(tx, {
      agreementId: agreement.id,
      kind: 'voucher_allocation',
      days: -voucher.days,
      at: now,
      voucherId: voucher.id,
      actorId: actor.userId,
    });
    const view = presentVoucher(voucher, engagementType, policy);
    await enqueueEmail(tx, voucherCodeEmail(pm, view), now);
    await auditVoucherChange(tx, {
      actorId: actor.userId,
      at: now,
      action: 'voucher.created',
      before: null,
      after: voucher,
    });
    return view;
  });
}
