import { z } from 'zod';
import { fieldKey } from '../../domain/messages.js';
import { calendarDate, id, instant } from './common.js';

export const sweepResult = z.object({
  expired: z.number().int(),
  daysReturned: z.number().int(),
  daysForfeited: z.number().int(),
  agreementsEmptied: z.number().int(),
  daysRemoved: z.number().int(),
});

export const extensionRequest = z.strictObject({
  programId: id,
  createdBefore: calendarDate.describe('vouchers created before 00:00 of this program-local date'),
  days: z.number().int().min(1).max(365),
  reason: z.string().trim().min(1, fieldKey('field.reasonRequired')).max(500),
});

export const simulationQuery = z.strictObject({ at: instant });

export const simulation = z.object({
  at: instant,
  sweep: sweepResult,
  programs: z.array(
    z.object({
      name: z.string(),
      timeZone: z.string(),
      rules: z.array(z.object({ date: calendarDate, rule: z.string(), from: instant, inForce: z.boolean() })),
    }),
  ),
});

export const auditEventsQuery = z.strictObject({
  entityId: z.string().max(200).optional(),
  actorId: id.optional(),
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe('a voucher code (with or without dashes), a request reference, an organisation or user name'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export const auditEvent = z.object({
  id: z.string(),
  at: instant,
  actorId: id.nullable(),
  actorName: z.string().nullable().describe('the acting user; null for the system'),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  entityLabel: z
    .string()
    .nullable()
    .describe('what people call the entity: voucher code, request reference, licensing ID, name'),
  organizationNames: z.array(z.string()),
  before: z.unknown(),
  after: z.unknown(),
});

const moneyByCurrency = z.array(
  z.object({ currency: z.string(), amountMinor: z.number().int(), count: z.number().int() }),
);

export const dashboard = z.object({
  at: instant,
  days: z.object({
    accrued: z.number().int(),
    converted: z.number().int(),
    adjusted: z.number().int(),
    allocated: z.number().int(),
    redeemed: z.number().int(),
    returned: z.number().int(),
    removed: z.number().int(),
    forfeited: z.number().int(),
    available: z.number().int(),
  }),
  vouchersByStatus: z.record(z.string(), z.number().int()),
  paymentLiability: z.object({
    redeemedUnclaimed: moneyByCurrency,
    submitted: moneyByCurrency,
    approvedUnpaid: moneyByCurrency,
    overdue: moneyByCurrency,
  }),
  upcomingDeadlines: z.array(
    z.object({
      kind: z.enum(['voucher_expiry', 'payment_request']),
      voucherId: id,
      code: z.string(),
      status: z.string(),
      due: instant.describe('the first instant the deadline bites'),
      lastDay: calendarDate.describe('the last program-local day before `due`, the day to show'),
    }),
  ),
});
