import type { z } from 'zod';
// The answer's type is the schema's output (issue 8: no hand-written view to drift from it); a
// type-only import, erased at build time, so the layers stay apart at run time.
import type { voucher as voucherSchema } from '../../http/schemas/vouchers.js';
import type { ProgramPolicy } from '../../domain/program-policy.js';
import { availableVoucherActions, type PaymentFacts } from '../../domain/voucher-permissions.js';
import { voucherDeadlines } from '../../domain/voucher-rules.js';
import { isOperator } from '../access.js';
import type { Actor } from '../context.js';
import type { EngagementTypeRow, Standing, VoucherNames, VoucherRow } from './voucher-store.js';

/** The voucher answer: exactly what the schema serialises (a field dropped there fails here). */
export type VoucherView = z.output<typeof voucherSchema>;
export type CompletionReport = NonNullable<VoucherView['completionReport']>;

/** Who reads the answer, and when: `availableActions` is computed for them, now. */
export interface Viewer {
  actor: Actor;
  now: Date;
  payment: PaymentFacts;
  standing?: Standing | undefined;
  names: VoucherNames;
}

/**
 * Whether the caller is one of the voucher's parties (operators, its customer, the partner
 * holding it), who may read the project manager's name. A partner that only proved the code
 * (validation, before reserving) sees the customer's name, as the validation answer always
 * gave it, but not the customer's people.
 */
function isParty(actor: Actor, voucher: VoucherRow): boolean {
  return (
    isOperator(actor) || actor.organizationId === voucher.organizationId || actor.organizationId === voucher.partnerId
  );
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
          partnerName: viewer.names.partner ?? '',
          locationId: voucher.locationId,
          deliveryCountry: voucher.deliveryCountry,
          plannedStart: voucher.plannedStart,
          plannedEnd: voucher.plannedEnd,
          reservedAt: voucher.reservedAt,
        }
      : null;
  const stored = voucher.completionReport as Omit<CompletionReport, 'consultants'> | null;
  const consultantNames = new Map(viewer.names.consultants.map((c) => [c.id, c.name]));
  const completionReport = stored
    ? {
        ...stored,
        // In the order the partner named them; a name the reader cannot know stays empty.
        consultants: stored.consultantIds.map((id) => ({ id, name: consultantNames.get(id) ?? '' })),
      }
    : null;
  return {
    id: voucher.id,
    code: voucher.code,
    status: voucher.status,
    programId: voucher.programId,
    agreementId: voucher.agreementId,
    organizationId: voucher.organizationId,
    customerName: viewer.names.customer,
    engagementTypeId: voucher.engagementTypeId,
    engagementTypeName: engagementType.name,
    offeringCode: engagementType.offeringCode,
    days: voucher.days,
    projectManagerId: voucher.projectManagerId,
    projectManagerName: isParty(viewer.actor, voucher) ? viewer.names.projectManager : null,
    exceptionReason: voucher.exceptionReason,
    createdAt: voucher.createdAt,
    expiresAt: voucher.expiresAt,
    extensionDays: voucher.extensionDays,
    reservation,
    completionReport,
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
