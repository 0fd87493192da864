import type { z } from 'zod';
// The answer's type is the schema's output (issue 8: no hand-written view to drift from it); a
// type-only import, erased at build time, so the layers stay apart at run time.
import type { voucher as voucherSchema } from '../../http/schemas/vouchers.js';
import type { ProgramPolicy } from '../../domain/program-policy.js';
import { availableVoucherActions, type PaymentFacts } from '../../domain/voucher-permissions.js';
import { voucherDeadlines } from '../../domain/voucher-rules.js';
import type { Actor } from '../context.js';
import type { EngagementTypeRow, Standing, VoucherRow } from './voucher-store.js';

/** The voucher answer: exactly what the schema serialises (a field dropped there fails here). */
export type VoucherView = z.output<typeof voucherSchema>;
export type CompletionReport = NonNullable<VoucherView['completionReport']>;

/** Who reads the answer, and when: `availableActions` is computed for them, now. */
export interface Viewer {
  actor: Actor;
  now: Date;
  payment: PaymentFacts;
  standing?: Standing | undefined;
}

export function presentVoucher(
  voucher: VoucherRow,
  engagementType: EngagementTypeRow,
  policy: ProgramPolicy,
  viewer: Viewer,
): VoucherView {
  const reservation =
    voucher.partnerId &&
    voucher.locationId &&
    voucher.deliveryCountry &&
    voucher.plannedStart &&
    voucher.plannedEnd &&
    voucher.reservedAt
      ? {
          partnerId: voucher.partnerId,
          locationId: voucher.locationId,
          deliveryCountry: voucher.deliveryCountry,
          plannedStart: voucher.plannedStart,
          plannedEnd: voucher.plannedEnd,
          reservedAt: voucher.reservedAt,
        }
      : null;
  return {
    id: voucher.id,
    code: voucher.code,
    status: voucher.status,
    programId: voucher.programId,
    agreementId: voucher.agreementId,
    organizationId: voucher.organizationId,
    engagementTypeId: voucher.engagementTypeId,
    engagementTypeName: engagementType.name,
    offeringCode: engagementType.offeringCode,
    days: voucher.days,
    projectManagerId: voucher.projectManagerId,
    exceptionReason: voucher.exceptionReason,
    createdAt: voucher.createdAt,
    expiresAt: voucher.expiresAt,
    extensionDays: voucher.extensionDays,
    reservation,
    completionReport: (voucher.completionReport as CompletionReport | null) ?? null,
    completedAt: voucher.completedAt,
    redeemedAt: voucher.redeemedAt,
    paymentDueBy: voucher.paymentDueBy,
    endedAt: voucher.endedAt,
    forfeitedDays: voucher.forfeitedDays,
    deadlines: voucherDeadlines(policy, {
      expiresAt: voucher.expiresAt,
      cloud: engagementType.cloud,
      redeemedAt: voucher.redeemedAt,
    }),
    availableActions: availableVoucherActions(voucher, {
      actor: viewer.actor,
      policy,
      engagementType,
      now: viewer.now,
      payment: viewer.payment,
      ...(viewer.standing ? { standing: viewer.standing } : {}),
    }),
  };
}
