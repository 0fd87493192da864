import { eq } from 'drizzle-orm';
import { agreements } from '../../db/schema/index.js';
import { DomainError } from '../../domain/errors.js';
import { assertAccrualAllowed, assertTrainingConversionAllowed } from '../../domain/program-policy.js';
import { requireRole } from '../access.js';
import { recordAudit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import { loadProgramPolicy } from '../programs/read-programs.js';
import { loadVisibleAgreement, presentAgreement, type AgreementView } from './agreement-store.js';
import { postLedgerEntry, type LedgerEntryKind, type LedgerEntryView } from './ledger.js';

interface DaysChange {
  kind: Extract<LedgerEntryKind, 'accrual' | 'training_conversion' | 'adjustment'>;
  days: number;
  note: string | null;
}

/** One transaction: the rule check at this instant, the ledger entry, the audit record. */
async function changeDays(
  ctx: AppContext,
  actor: Actor,
  agreementId: string,
  change: DaysChange,
  assertAllowed: (policy: Awaited<ReturnType<typeof loadProgramPolicy>>, now: Date) => void,
): Promise<LedgerEntryView> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const before = await loadVisibleAgreement(tx, actor, agreementId, { forUpdate: true });
    const policy = await loadProgramPolicy(tx, before.programId);
    assertAllowed(policy, now);
    const { entry, balance } = await postLedgerEntry(tx, {
      agreementId,
      kind: change.kind,
      days: change.days,
      at: now,
      note: change.note,
      actorId: actor.userId,
    });
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      organizationIds: [before.organizationId],
      action: `agreement.${change.kind}`,
      entityType: 'agreement',
      entityId: agreementId,
      before: presentAgreement(before),
      after: { ...presentAgreement(before), balance, entry },
    });
    return entry;
  });
}

/** Operators accrue days, until the accrual end date ("2021-02-01: no more accrual"). */
export async function accrueDays(
  ctx: AppContext,
  actor: Actor,
  agreementId: string,
  input: { days: number; note?: string | undefined },
): Promise<LedgerEntryView> {
  requireRole(actor, 'operator_admin');
  return changeDays(
    ctx,
    actor,
    agreementId,
    { kind: 'accrual', days: input.days, note: input.note ?? null },
    assertAccrualAllowed,
  );
}

/**
 * The benefit admin converts training days into planning days until the conversion end date.
 * The conversion ratio was not found in any source; a day converts into a day (decision 008).
 */
export async function convertTrainingDays(
  ctx: AppContext,
  actor: Actor,
  agreementId: string,
  input: { days: number },
): Promise<LedgerEntryView> {
  requireRole(actor, 'benefit_admin');
  return changeDays(
    ctx,
    actor,
    agreementId,
    { kind: 'training_conversion', days: input.days, note: null },
    assertTrainingConversionAllowed,
  );
}

/** Operator correction, either sign, with a reason; never below zero. */
export async function adjustDays(
  ctx: AppContext,
  actor: Actor,
  agreementId: string,
  input: { days: number; reason: string },
): Promise<LedgerEntryView> {
  requireRole(actor, 'operator_admin');
  if (input.days === 0) {
    throw new DomainError('validation-failed', 'an adjustment of 0 days changes nothing', {
      errors: [{ path: 'body.days', message: 'must not be 0' }],
    });
  }
  return changeDays(
    ctx,
    actor,
    agreementId,
    { kind: 'adjustment', days: input.days, note: input.reason },
    () => undefined,
  );
}

/** The benefit admin activates the Planning Services benefit; activating twice changes nothing. */
export async function activateBenefit(ctx: AppContext, actor: Actor, agreementId: string): Promise<AgreementView> {
  requireRole(actor, 'benefit_admin');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const before = await loadVisibleAgreement(tx, actor, agreementId, { forUpdate: true });
    if (before.activatedAt) {
      return presentAgreement(before);
    }
    const [row] = await tx
      .update(agreements)
      .set({ activatedAt: now })
      .where(eq(agreements.id, agreementId))
      .returning();
    const after = presentAgreement(row!);
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      organizationIds: [before.organizationId],
      action: 'agreement.activated',
      entityType: 'agreement',
      entityId: agreementId,
      before: presentAgreement(before),
      after,
    });
    return after;
  });
}
