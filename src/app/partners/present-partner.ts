import type {
  consultantExams,
  enrollments,
  partnerCompetencies,
  partnerLocations,
  partnerProfiles,
  paymentRegistrations,
  programAgreementSignatures,
} from '../../db/schema/index.js';
import type { z } from 'zod';
import type {
  competency,
  enrollment,
  exam,
  location,
  paymentRegistration,
  profile,
  signature,
} from '../../http/schemas/partners.js';

// Presenters: rows never leave the application layer as they are (conventions.md §4).

/** The answer as its response schema says (a field removed there breaks the presenter). */
export type CompetencyView = z.output<typeof competency>;

export function presentCompetency(row: typeof partnerCompetencies.$inferSelect): CompetencyView {
  return {
    id: row.id,
    partnerId: row.partnerId,
    name: row.name,
    level: row.level,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
  };
}

/** The answer as its response schema says (a field removed there breaks the presenter). */
export type LocationView = z.output<typeof location>;

export function presentLocation(row: typeof partnerLocations.$inferSelect): LocationView {
  return { id: row.id, country: row.country };
}

/** The answer as its response schema says (a field removed there breaks the presenter). */
export type ExamView = z.output<typeof exam>;

export function presentExam(row: typeof consultantExams.$inferSelect): ExamView {
  return { id: row.id, exam: row.exam, passedOn: row.passedOn };
}

/** The answer as its response schema says (a field removed there breaks the presenter). */
export type SignatureView = z.output<typeof signature>;

export function presentSignature(row: typeof programAgreementSignatures.$inferSelect): SignatureView {
  return {
    id: row.id,
    programId: row.programId,
    version: row.version,
    signerId: row.signerId,
    signedAt: row.signedAt,
    ip: row.ip,
  };
}

/** The answer as its response schema says (a field removed there breaks the presenter). */
export type EnrollmentView = z.output<typeof enrollment>;

export function presentEnrollment(row: typeof enrollments.$inferSelect): EnrollmentView {
  return {
    id: row.id,
    programId: row.programId,
    offeringCode: row.offeringCode,
    enrolledAt: row.enrolledAt,
    validUntil: row.validUntil,
  };
}

export interface ProfileInput {
  description: string;
  countries: string[];
  languages: string[];
  offerings: string[];
  contactEmail: string;
  website: string | null;
}

/** The answer as its response schema says (a field removed there breaks the presenter). */
export type ProfileView = z.output<typeof profile>;

export function presentProfile(row: typeof partnerProfiles.$inferSelect, name: string): ProfileView {
  return {
    partnerId: row.partnerId,
    name,
    description: row.description,
    countries: row.countries,
    languages: row.languages,
    offerings: row.offerings,
    contactEmail: row.contactEmail,
    website: row.website,
    updatedAt: row.updatedAt,
  };
}

/** The answer as its response schema says (a field removed there breaks the presenter). */
export type PaymentRegistrationView = z.output<typeof paymentRegistration>;

export function presentPaymentRegistration(row: typeof paymentRegistrations.$inferSelect): PaymentRegistrationView {
  return { id: row.id, programId: row.programId, registeredBy: row.registeredBy, registeredAt: row.registeredAt };
}
