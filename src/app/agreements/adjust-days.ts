import { fieldError, refusal } from '../../domain/errors.js';
import { requireRole } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { changeDays } from './days-change.js';
import type { LedgerEntryView } from './ledger.js';

/** Operator correction, either sign, with a reason; never below zero. */
export async function adjustDays(
  ctx: AppContext,
  actor: Actor,
  agreementId: string,
  input: { days: number; reason: string },
): Promise<LedgerEntryView> {
  requireRole(actor, 'operator_admin');
  if (input.days === 0) {
    throw refusal(
      'validation-failed',
      'agreement.zeroAdjustment',
      {},
      {
        errors: [fieldError('body.days', 'field.notZero')],
      },
    );
  }
  return changeDays(
    ctx,
    actor,
    agreementId,
    { kind: 'adjustment', days: input.days, note: input.reason },
    () => undefined,
  );
}
