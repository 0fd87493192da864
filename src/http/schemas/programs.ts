import { z } from 'zod';
import { fieldKey } from '../../domain/messages.js';
import { calendarDate, country, currency, id, instant } from './common.js';

export const calendar = z.strictObject({
  cloudRetirementDate: calendarDate,
  trainingConversionEndDate: calendarDate,
  accrualEndDate: calendarDate,
  lastVoucherDate: calendarDate,
  daysRemovalDate: calendarDate,
  lastRedemptionDate: calendarDate,
});

export const program = z.object({
  id,
  name: z.string(),
  timeZone: z.string(),
  voucherLifetimeDays: z.number().int(),
  expiryAnchor: z.enum(['created']),
  paymentWindowDays: z.number().int(),
  paymentSlaDays: z.number().int(),
  calendar,
  createdAt: instant,
});

export const createProgramRequest = z.strictObject({
  name: z.string().trim().min(1).max(200),
  timeZone: z.string().min(1).max(64).describe('IANA time zone, e.g. Pacific/Auckland'),
  voucherLifetimeDays: z.number().int().min(1).max(3650),
  paymentWindowDays: z.number().int().min(1).max(3650),
  paymentSlaDays: z.number().int().min(1).max(3650).optional(),
  calendar,
});

const allowedLength = z.union([z.literal(1), z.literal(3), z.literal(5), z.literal(10), z.literal(15)]);

export const engagementType = z.object({
  id,
  code: z.string(),
  offeringCode: z.string(),
  name: z.string(),
  allowedLengths: z.array(z.number().int()),
  cloud: z.boolean(),
  competencies: z.array(z.string()),
  exams: z.array(z.string()),
});

export const createEngagementTypeRequest = z.strictObject({
  code: z.string().trim().min(1).max(40),
  offeringCode: z.string().trim().min(1).max(40),
  name: z.string().trim().min(1).max(200),
  allowedLengths: z.array(allowedLength, fieldKey('field.allowedLengths')).min(1, fieldKey('field.atLeastOneLength')),
  cloud: z.boolean().default(false),
  competencies: z.array(z.string().trim().min(1).max(200)).min(1, fieldKey('field.atLeastOneCompetency')),
  exams: z.array(z.string().trim().min(1).max(200)).min(1, fieldKey('field.atLeastOneExam')),
});

export const programAgreement = z.object({ version: z.string(), text: z.string(), publishedAt: instant });

export const rate = z.object({ country, amountMinor: z.number().int(), currency });

export const setRateRequest = z.strictObject({
  amountMinor: z.number().int().min(0).max(100_000_000),
  currency,
});

export const rateParams = z.strictObject({ id, country });

export const offering = z.object({
  code: z.string(),
  name: z.string(),
  competencies: z.array(z.string()).describe('offering-level competencies; any one qualifies; "Gold X" needs Gold'),
  retired: z.boolean(),
});

export const createOfferingRequest = z.strictObject({
  code: z.string().trim().min(1).max(40),
  name: z.string().trim().min(1).max(200),
  competencies: z.array(z.string().trim().min(1).max(200)).min(1, fieldKey('field.atLeastOneCompetency')),
  retired: z.boolean().default(false),
});

export const publishAgreementRequest = z.strictObject({
  version: z.string().trim().min(1).max(40),
  text: z.string().trim().min(1).max(100_000),
});
