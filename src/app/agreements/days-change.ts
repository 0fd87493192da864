import type { Actor, AppContext } from '../context.js';
import { recordAudit, type AuditFacts } from '../audit.js';
import { loadProgramPolicy } from '../programs/read-programs.js';
import { loadVisibleAgreement, presentAgreement, type AgreementView } from './agreement-store.js';
import { postLedgerEntry, type LedgerEntryKind, type LedgerEntryView } from './ledger.js';

/**
 * What the three day-changing use cases share (accrue-days.ts, convert-training-days.ts,
 * adjust-days.ts): each is its own file; this is their common transaction.
 */
export interface DaysChange {
  kind: Extract<LedgerEntryKind, 'accrual' | 'training_conversion' | 'adjustment'>;
  days: number;
  note: string | null;
}

/** `agreement.<kind>`: the agreement before, and after with its new balance and the entry (the API's and the import's). */
export function daysChangedAudit(
  kind: LedgerEntryKind,
  before: AgreementView,
  balance: number,
  entry: LedgerEntryView,
): AuditFacts {
  return {
    organizationIds: [before.organizationId],
    action: `agreement.${kind}`,
    entityType: 'agreement',
    entityId: before.id,
    before,
    after: { ...before, balance, entry },
  };
}

/** One transaction: the rule check at this instant, the ledger entry, the audit record. */
export async function changeDays(
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
      ...daysChangedAudit(change.kind, presentAgreement(before), balance, entry),
    });
    return entry;
  });
}
