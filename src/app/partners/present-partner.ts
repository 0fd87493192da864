import type {
  consultantExams,
  enrollments,
  partnerCompetencies,
  partnerLocations,
  partnerProfiles,
  paymentRegistrations,
  programAgreementSignatures,
} from '../../db/schema/index.js';
import type { HeldCompetency } from '../../domain/eligibility.js';

// Presenters: rows never leave the application layer as they are (conventions.md §4).

export interface CompetencyView extends HeldCompetency {
  id: string;
  partnerId: string;
}

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

export interface LocationView {
  id: string;
  country: string;
}

export function presentLocation(row: typeof partnerLocations.$inferSelect): LocationView {
  return { id: row.id, country: row.country };
}

export interface ExamView {
  id: string;
  exam: string;
  passedOn: string;
}

export function presentExam(row: typeof consultantExams.$inferSelect): ExamView {
  return { id: row.id, exam: row.exam, passedOn: row.passedOn };
}

export interface SignatureView {
  id: string;
  programId: string;
  version: string;
  signerId: string;
  signedAt: Date;
  ip: string | null;
}

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

export interface EnrollmentView {
  id: string;
  programId: string;
  offeringCode: string;
  enrolledAt: Date;
  validUntil: Date;
}

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

export interface ProfileView extends ProfileInput {
  partnerId: string;
  name: string;
  updatedAt: Date;
}

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

export interface PaymentRegistrationView {
  id: string;
  programId: string;
  registeredBy: string;
  registeredAt: Date;
}

export function presentPaymentRegistration(row: typeof paymentRegistrations.$inferSelect): PaymentRegistrationView {
  return { id: row.id, programId: row.programId, registeredBy: row.registeredBy, registeredAt: row.registeredAt };
}
