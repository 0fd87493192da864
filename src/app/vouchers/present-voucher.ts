import type { ProgramPolicy } from '../../domain/program-policy.js';
import { availableEvents, type VoucherEvent, type VoucherStatus } from '../../domain/voucher-lifecycle.js';
import { voucherDeadlines, type VoucherDeadlines } from '../../domain/voucher-rules.js';
import type { EngagementTypeRow, VoucherRow } from './voucher-store.js';

export interface CompletionReport {
  deliveredFrom: string;
  deliveredTo: string;
  consultantIds: string[];
  summary: string;
  nextSteps: string;
  deliverableFileIds: string[];
  submittedAt: string;
  submittedBy: string;
}

export interface VoucherView {
  id: string;
  code: string;
  status: VoucherStatus;
  programId: string;
  agreementId: string;
  organizationId: string;
  engagementTypeId: string;
  engagementTypeName: string;
  offeringCode: string;
  days: number;
  projectManagerId: string;
  exceptionReason: string | null;
  createdAt: Date;
  expiresAt: Date;
  extensionDays: number;
  reservation: {
    partnerId: string;
    locationId: string;
    deliveryCountry: string;
    plannedStart: string;
    plannedEnd: string;
    reservedAt: Date;
  } | null;
  completionReport: CompletionReport | null;
  completedAt: Date | null;
  redeemedAt: Date | null;
  paymentDueBy: string | null;
  endedAt: Date | null;
  forfeitedDays: number;
  deadlines: VoucherDeadlines;
  availableActions: VoucherEvent[];
}

export function presentVoucher(
  voucher: VoucherRow,
  engagementType: EngagementTypeRow,
  policy: ProgramPolicy,
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
    availableActions: availableEvents(voucher.status),
  };
}
