import { z } from 'zod';
import { fieldKey } from '../../domain/messages.js';
import { voucherStatuses } from '../../domain/voucher-lifecycle.js';
import { voucherActions } from '../../domain/voucher-permissions.js';
import { deadlineRules } from '../../domain/voucher-rules.js';
import { calendarDate, country, id, instant } from './common.js';

const deadline = z
  .object({
    before: instant.describe('the first instant at which the action is refused'),
    lastDay: calendarDate.describe('the last program-local day on which the action is allowed'),
    rule: z.enum(deadlineRules),
    label: z.string().describe('e.g. "2022-01-01, last redemption day"'),
  })
  .meta({ id: 'Deadline' });

export const voucherStatus = z.enum(voucherStatuses);

export const completionReport = z.object({
  deliveredFrom: calendarDate,
  deliveredTo: calendarDate,
  consultantIds: z.array(id),
  consultants: z
    .array(z.object({ id, name: z.string() }))
    .describe('the delivering consultants with their names, in the order of consultantIds'),
  summary: z.string(),
  nextSteps: z.string(),
  deliverableFileIds: z.array(id),
  submittedAt: z.string(),
  submittedBy: id,
});

export const voucher = z
  .object({
    id,
    code: z.string(),
    status: voucherStatus,
    programId: id,
    agreementId: id,
    organizationId: id,
    customerName: z.string().describe('the customer organisation'),
    engagementTypeId: id,
    engagementTypeName: z.string(),
    offeringCode: z.string(),
    days: z.number().int(),
    projectManagerId: id,
    projectManagerName: z
      .string()
      .nullable()
      .describe('the project manager; null for a partner that validated the code but does not hold the voucher'),
    exceptionReason: z.string().nullable(),
    createdAt: instant,
    expiresAt: instant,
    extensionDays: z.number().int(),
    reservation: z
      .object({
        partnerId: id,
        partnerName: z.string().describe('the partner holding the reservation'),
        locationId: id,
        deliveryCountry: country,
        plannedStart: calendarDate,
        plannedEnd: calendarDate,
        reservedAt: instant,
      })
      .nullable(),
    completionReport: completionReport.nullable(),
    completedAt: instant.nullable(),
    redeemedAt: instant.nullable(),
    paymentDueBy: calendarDate.nullable().describe('last day to submit the payment request'),
    endedAt: instant.nullable(),
    forfeitedDays: z.number().int(),
    deadlines: z.object({ reserveBy: deadline, redeemBy: deadline, paymentBy: deadline.nullable() }),
    availableActions: z
      .array(z.enum(voucherActions))
      .describe('what the caller may do now; an action not listed is refused'),
  })
  .meta({ id: 'Voucher' });
export type VoucherResponse = z.output<typeof voucher>;

export const createVoucherRequest = z.strictObject({
  agreementId: id,
  engagementTypeId: id,
  days: z.number().int().min(1).max(15, fieldKey('field.maxFifteenDays')),
  projectManagerId: id,
  exceptionReason: z
    .string()
    .trim()
    .max(500)
    .optional()
    .describe('for a second 15-day voucher of the same type: another division or other products'),
});

export const listVouchersQuery = z.strictObject({
  status: voucherStatus.optional(),
  agreementId: id.optional(),
  organizationId: id.optional(),
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe('a voucher code (with or without dashes), the customer’s or the partner’s name; any case'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export const changeProjectManagerRequest = z.strictObject({ projectManagerId: id });

const code = z.string().trim().min(1, fieldKey('field.required')).max(40);

export const voucherValidationRequest = z.strictObject({
  code,
  customerEmail: z.string().trim().min(3).max(254),
});

export const voucherValidation = z.object({
  id,
  code: z.string(),
  status: voucherStatus,
  engagementTypeId: id,
  engagementTypeName: z.string(),
  offeringCode: z.string(),
  days: z.number().int(),
  expiresAt: instant,
  customerName: z.string(),
  deadlines: voucher.shape.deadlines,
  availableActions: voucher.shape.availableActions,
});

export const reservationRequest = z.strictObject({
  code,
  locationId: id,
  plannedStart: calendarDate,
  plannedEnd: calendarDate,
  acceptTerms: z.literal(true, fieldKey('field.acceptTerms')),
});

export const completionReportRequest = z.strictObject({
  deliveredFrom: calendarDate,
  deliveredTo: calendarDate,
  consultantIds: z.array(id).min(1, fieldKey('field.atLeastOneConsultant')).max(20),
  summary: z.string().trim().min(1, fieldKey('field.required')).max(10_000),
  nextSteps: z.string().trim().min(1, fieldKey('field.required')).max(10_000),
  deliverableFileIds: z.array(id).min(1, fieldKey('field.uploadDeliverable')).max(20),
});

export const file = z.object({
  id,
  name: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  contentType: z.string(),
  createdAt: instant,
});
