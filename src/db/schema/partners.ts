import { sql } from 'drizzle-orm';
import { date, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations, users } from './organizations.js';
import { programs } from './programs.js';

/** Competencies a partner holds (domain.md, "Partners"), managed by the operator. */
export const partnerCompetencies = pgTable(
  'partner_competencies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => organizations.id),
    name: text('name').notNull(),
    level: text('level', { enum: ['silver', 'gold'] }).notNull(),
    /** Program-local calendar dates, both inclusive. */
    validFrom: date('valid_from').notNull(),
    validUntil: date('valid_until').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('partner_competencies_partner_idx').on(t.partnerId)],
);

/** A partner location (MPN location ID): at most one per country. */
export const partnerLocations = pgTable(
  'partner_locations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => organizations.id),
    country: text('country').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('partner_locations_partner_country_key').on(t.partnerId, t.country)],
);

/** Exams and assessments a consultant passed; they qualify the consultant to deliver. */
export const consultantExams = pgTable(
  'consultant_exams',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => organizations.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    exam: text('exam').notNull(),
    passedOn: date('passed_on').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('consultant_exams_user_exam_key').on(t.userId, t.exam)],
);

/** The global admin's signature of a program agreement version (seed step 2). */
export const programAgreementSignatures = pgTable(
  'program_agreement_signatures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => organizations.id),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id),
    version: text('version').notNull(),
    signerId: uuid('signer_id')
      .notNull()
      .references(() => users.id),
    signedAt: timestamp('signed_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
  },
  (t) => [uniqueIndex('program_agreement_signatures_key').on(t.partnerId, t.programId, t.version)],
);

/** Enrolment in an offering; lasts one year and is renewed (domain.md, "Partners"). */
export const enrollments = pgTable(
  'enrollments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => organizations.id),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id),
    offeringCode: text('offering_code').notNull(),
    enrolledAt: timestamp('enrolled_at', { withTimezone: true }).notNull(),
    validUntil: timestamp('valid_until', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('enrollments_partner_offering_key').on(t.partnerId, t.programId, t.offeringCode)],
);

/** Registration for payments per program (SAVB), possible after the first redemption. */
export const paymentRegistrations = pgTable(
  'payment_registrations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => organizations.id),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id),
    registeredBy: uuid('registered_by')
      .notNull()
      .references(() => users.id),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('payment_registrations_key').on(t.partnerId, t.programId)],
);

/** The business profile customers find in the partner directory. */
export const partnerProfiles = pgTable(
  'partner_profiles',
  {
    partnerId: uuid('partner_id')
      .primaryKey()
      .references(() => organizations.id),
    description: text('description').notNull(),
    countries: text('countries').array().notNull(),
    languages: text('languages').array().notNull(),
    offerings: text('offerings').array().notNull(),
    contactEmail: text('contact_email').notNull(),
    website: text('website'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('partner_profiles_search_idx').using('gin', sql`to_tsvector('simple', ${t.description})`)],
);
