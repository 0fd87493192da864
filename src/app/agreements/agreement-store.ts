import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/connection.js';
import { agreements } from '../../db/schema/index.js';
import { requireVisible } from '../access.js';
import type { Actor } from '../context.js';
import type { z } from 'zod';
import type { agreement } from '../../http/schemas/agreements.js';

export type AgreementRow = typeof agreements.$inferSelect;

/** The answer as its response schema says (a field removed there breaks the presenter). */
export type AgreementView = z.output<typeof agreement>;

export function presentAgreement(row: AgreementRow): AgreementView {
  return {
    id: row.id,
    licensingId: row.licensingId,
    programId: row.programId,
    organizationId: row.organizationId,
    endsOn: row.endsOn,
    activated: row.activatedAt !== null,
    activatedAt: row.activatedAt,
    balance: row.balance,
    daysRemovedAt: row.daysRemovedAt,
    createdAt: row.createdAt,
  };
}

/** Loads an agreement the actor may see (its customer, or operators); else 404. */
export async function loadVisibleAgreement(
  tx: Executor,
  actor: Actor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<AgreementRow> {
  const query = tx.select().from(agreements).where(eq(agreements.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return requireVisible(actor, row, (r) => r.organizationId, 'agreement', id);
}
