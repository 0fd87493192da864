import { z } from 'zod';
import { fieldKey } from '../../domain/messages.js';
import { ledgerEntryKinds } from '../../domain/ledger.js';
import { calendarDate, id, instant } from './common.js';

export const agreement = z.object({
  id,
  licensingId: z.string(),
  programId: id,
  organizationId: id,
  endsOn: calendarDate,
  activated: z.boolean(),
  activatedAt: instant.nullable(),
  balance: z.number().int().describe('planning days not yet allocated to vouchers'),
  daysRemovedAt: instant.nullable(),
  createdAt: instant,
});

export const createAgreementRequest = z.strictObject({
  programId: id,
  licensingId: z.string().trim().min(1).max(64),
  endsOn: calendarDate,
});

export const listAgreementsQuery = z.strictObject({
  organizationId: id.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export const ledgerEntry = z.object({
  id: z.string(),
  agreementId: id,
  kind: z.enum(ledgerEntryKinds),
  days: z.number().int(),
  at: instant,
  voucherId: id.nullable(),
  note: z.string().nullable(),
});

const positiveDays = z.number().int().min(1, fieldKey('field.atLeastOneDay')).max(100_000);

export const accrualRequest = z.strictObject({ days: positiveDays, note: z.string().trim().max(500).optional() });
export const trainingConversionRequest = z.strictObject({ days: positiveDays });
export const adjustmentRequest = z.strictObject({
  days: z.number().int().min(-100_000).max(100_000),
  reason: z.string().trim().min(1, fieldKey('field.reasonRequired')).max(500),
});
