import { assertTrainingConversionAllowed } from '../../domain/program-policy.js';
import { requireRole } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { changeDays } from './days-change.js';
import type { LedgerEntryView } from './ledger.js';

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
