import { and, eq, sql } from 'drizzle-orm';
import { insertMany } from '../../db/bulk-sql.js';
import type { Executor } from '../../db/connection.js';
import { agreements, ledgerEntries } from '../../db/schema/index.js';
import type { LedgerEntryKind } from '../../domain/ledger.js';
import { refusal } from '../../domain/errors.js';
import type { z } from 'zod';
import type { ledgerEntry } from '../../http/schemas/agreements.js';

export type { LedgerEntryKind };

export interface LedgerPosting {
  agreementId: string;
  kind: LedgerEntryKind;
  /** Signed: allocations and removals are negative. */
  days: number;
  at: Date;
  voucherId?: string | null;
  note?: string | null;
  actorId?: string | null;
}

/** The answer as its response schema says (a field removed there breaks the presenter). */
export type LedgerEntryView = z.output<typeof ledgerEntry>;

export function presentLedgerEntry(row: typeof ledgerEntries.$inferSelect): LedgerEntryView {
  return {
    id: String(row.id),
    agreementId: row.agreementId,
    kind: row.kind,
    days: row.days,
    at: row.at,
    voucherId: row.voucherId,
    note: row.note,
  };
}

/** The row of a posting, as both the single and the bulk inserts write it. */
function entryRow(posting: LedgerPosting): Omit<typeof ledgerEntries.$inferSelect, 'id'> {
  return {
    agreementId: posting.agreementId,
    kind: posting.kind,
    days: posting.days,
    at: posting.at,
    voucherId: posting.voucherId ?? null,
    note: posting.note ?? null,
    actorId: posting.actorId ?? null,
  };
}

/**
 * Appends a ledger entry and moves the agreement's balance in the same transaction. The
 * balance update is conditional (`balance + days >= 0`), so two allocations racing for the
 * last days cannot both succeed: domain invariant 1, balance = Σ entries ≥ 0.
 */
export async function postLedgerEntry(
  tx: Executor,
  posting: LedgerPosting,
): Promise<{ entry: LedgerEntryView; balance: number }> {
  const [updated] = await tx
    .update(agreements)
    .set({ balance: sql`${agreements.balance} + ${posting.days}` })
    .where(and(eq(agreements.id, posting.agreementId), sql`${agreements.balance} + ${posting.days} >= 0`))
    .returning({ balance: agreements.balance });
  if (!updated) {
    const [current] = await tx
      .select({ balance: agreements.balance })
      .from(agreements)
      .where(eq(agreements.id, posting.agreementId));
    throw refusal('insufficient-days', 'agreement.insufficientDays', {
      balance: current?.balance ?? 0,
      needed: -posting.days,
    });
  }
  const [row] = await tx.insert(ledgerEntries).values(entryRow(posting)).returning();
  return { entry: presentLedgerEntry(row!), balance: updated.balance };
}

/**
 * The first entries of agreements created in this same transaction (a bulk import's batch), in
 * one multi-row statement. Each agreement was inserted with its balance already equal to its one
 * posting, so balance = Σ entries ≥ 0 (invariant 1) holds without the conditional update that
 * `postLedgerEntry` needs for an agreement others may be spending from at the same moment.
 */
export async function postOpeningEntries(tx: Executor, postings: readonly LedgerPosting[]): Promise<LedgerEntryView[]> {
  if (postings.length === 0) {
    return [];
  }
  if (postings.some((p) => p.days < 0)) {
    throw new Error('an opening entry adds days: a new agreement has none to take');
  }
  const rows = postings.map(entryRow);
  const ids = await insertMany(tx, ledgerEntries, rows, ['id']);
  return rows.map((row, i) => presentLedgerEntry({ ...row, id: Number(ids[i]!.id) }));
}
