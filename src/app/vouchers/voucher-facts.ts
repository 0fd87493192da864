import type { DecisionFacts } from '../../domain/voucher-decisions.js';
import type { Actor } from '../context.js';
import { presentVoucher, type VoucherView } from './present-voucher.js';
import type { LoadedVoucher, VoucherNames, VoucherRow } from './voucher-store.js';

/** The facts every voucher decision reads: who acts, the program's policy, the type, now. */
export function decisionFacts(actor: Actor, loaded: LoadedVoucher, now: Date): DecisionFacts {
  return {
    actor,
    policy: loaded.policy,
    engagementType: loaded.engagementType,
    now,
    payment: loaded.payment,
    ...(loaded.standing ? { standing: loaded.standing } : {}),
  };
}

/**
 * The answer after a change: the voucher as the decision left it, for the caller, now. `names`
 * are the loaded ones unless the change brought new parties (a reservation's partner, a new
 * project manager, the report's consultants): the use case passes those, read in its snapshot.
 */
export function presentAfter(
  actor: Actor,
  loaded: LoadedVoucher,
  after: VoucherRow,
  now: Date,
  names: Partial<VoucherNames> = {},
): VoucherView {
  return presentVoucher(after, loaded.engagementType, loaded.policy, {
    actor,
    now,
    payment: loaded.payment,
    standing: loaded.standing,
    names: { ...loaded.names, ...names },
  });
}
