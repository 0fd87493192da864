import { assertAccrualAllowed } from '../../domain/program-policy.js';
import { requireRole } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { changeDays } from './days-change.js';
import type { LedgerEntryView } from './ledger.js';

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
