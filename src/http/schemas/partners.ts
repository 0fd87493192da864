import { z } from 'zod';
import { fieldKey } from '../../domain/messages.js';
import { calendarDate, country, email, id, instant } from './common.js';

export const partnerParams = z.strictObject({ id });
export const competencyParams = z.strictObject({ id, competencyId: id });
export const consultantParams = z.strictObject({ id, userId: id });

export const competencyLevel = z.enum(['silver', 'gold']);

export const competency = z.object({
  id,
  partnerId: id,
  name: z.string(),
  level: competencyLevel,
  validFrom: calendarDate,
  validUntil: calendarDate,
});

export const addCompetencyRequest = z.strictObject({
  name: z.string().trim().min(1, fieldKey('field.required')).max(200).describe('e.g. Windows and Devices'),
  level: competencyLevel,
  validFrom: calendarDate.describe('first day it is held, inclusive'),
  validUntil: calendarDate.describe('last day it is held, inclusive'),
});

export const importCompetenciesRequest = z.strictObject({
  csv: z
    .string()
    .min(1)
    .max(500_000)
    .describe('CSV with the header row name,level,validFrom,validUntil; level is silver or gold'),
  mode: z
    .enum(['atomic', 'partial'])
    .describe('atomic: import nothing if any row is bad; partial: import the good rows, report the others'),
});

export const importCompetenciesResponse = z.object({
  mode: z.enum(['atomic', 'partial']),
  imported: z.number().int(),
  skipped: z.array(
    z.object({ row: z.number().int().describe('line in the file; the header is row 1'), reason: z.string() }),
  ),
});

export const location = z.object({ id, country });
export const addLocationRequest = z.strictObject({ country });

export const exam = z.object({ id, exam: z.string(), passedOn: calendarDate });
export const recordExamRequest = z.strictObject({
  exam: z.string().trim().min(1, fieldKey('field.required')).max(200).describe('e.g. MD-100 Windows 10'),
  passedOn: calendarDate,
});

export const consultant = z.object({
  userId: id,
  name: z.string(),
  email: z.string(),
  active: z.boolean(),
  exams: z.array(exam),
});

export const signature = z.object({
  id,
  programId: id,
  version: z.string(),
  signerId: id,
  signedAt: instant,
  ip: z.string().nullable(),
});
export const signAgreementRequest = z.strictObject({
  programId: id,
  version: z.string().trim().min(1).max(100).describe('the current version, from GET /programs/{id}/agreement'),
});

export const enrollment = z.object({
  id,
  programId: id,
  offeringCode: z.string(),
  enrolledAt: instant,
  validUntil: instant,
});
export const enrollRequest = z.strictObject({
  programId: id,
  offeringCode: z.string().trim().min(1).max(40).describe('e.g. DDPS'),
});

export const requirement = z.object({
  key: z.enum([
    'program_agreement',
    'enrollment',
    'offering_competency',
    'engagement_competency',
    'engagement_type_active',
    'delivery_location',
  ]),
  met: z.boolean(),
  label: z.string(),
  missing: z.string().optional(),
});

export const offeringEligibility = z.object({
  offeringCode: z.string(),
  offeringName: z.string(),
  requirements: z.array(requirement).describe('to enrol in the offering'),
  engagementTypes: z.array(
    z.object({
      id,
      code: z.string(),
      name: z.string(),
      requirements: z.array(requirement).describe('to reserve and redeem a voucher of this type'),
    }),
  ),
});

export const eligibilityQuery = z.strictObject({
  programId: id,
  country: country.optional().describe('a delivery country: adds the location requirement'),
});

const language = z
  .string()
  .regex(/^[a-z]{2,3}$/, fieldKey('field.languageCode'))
  .describe('ISO 639 language code, e.g. en');
const offeringCode = z.string().trim().min(1).max(40);

export const profileRequest = z.strictObject({
  description: z.string().trim().min(1, fieldKey('field.required')).max(4000),
  countries: z.array(country).max(250),
  languages: z.array(language).max(50),
  offerings: z.array(offeringCode).max(50),
  contactEmail: email,
  // http(s) only (issue 9, finding 12): the directory shows it as a link, and a `javascript:`
  // or `data:` URL there would run in the reader's session.
  website: z
    .url({ protocol: /^https?$/, hostname: z.regexes.domain, message: fieldKey('field.httpUrl') })
    .max(500)
    .nullable()
    .optional()
    .transform((value) => value ?? null),
});

export const profile = z.object({
  partnerId: id,
  name: z.string(),
  description: z.string(),
  countries: z.array(z.string()),
  languages: z.array(z.string()),
  offerings: z.array(z.string()),
  contactEmail: z.string(),
  website: z.string().nullable(),
  updatedAt: instant,
});

export const directoryQuery = z.strictObject({
  offering: offeringCode.optional(),
  country: country.optional(),
  language: language.optional(),
  q: z.string().max(200).optional().describe('free text over the name and description, ranked'),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('at most 200'),
  cursor: z.string().max(500).optional().describe('the nextCursor of the previous page'),
});

export const directoryEntry = z.object({
  organizationId: id,
  name: z.string(),
  description: z.string(),
  countries: z.array(z.string()),
  languages: z.array(z.string()),
  offerings: z.array(z.string()),
  contactEmail: z.string(),
  website: z.string().nullable(),
});

export const paymentRegistration = z.object({ id, programId: id, registeredBy: id, registeredAt: instant });
export const paymentRegistrationRequest = z.strictObject({ programId: id });

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.null() });
}
