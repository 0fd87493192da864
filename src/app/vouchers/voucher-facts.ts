import type { DecisionFacts } from '../../domain/voucher-decisions.js';
import type { Actor } from '../context.js';
import { presentVoucher, type VoucherView } from './present-voucher.js';
import type { LoadedVoucher, VoucherRow } from './voucher-store.js';

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

/** The answer after a change: the voucher as the decision left it, for the caller, now. */
export function presentAfter(actor: Actor, loaded: LoadedVoucher, after: VoucherRow, now: Date): VoucherView {
  return presentVoucher(after, loaded.engagementType, loaded.policy, {
    actor,
    now,
    payment: loaded.payment,
    standing: loaded.standing,
  });
}
