import { date, integer, pgTable, primaryKey, text, timestamp, boolean, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** A voucher benefit program with its policy calendar (domain.md, "Catalog"). */
export const programs = pgTable(
  'programs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /** IANA zone in which the calendar dates below are interpreted. */
    timeZone: text('time_zone').notNull(),
    voucherLifetimeDays: integer('voucher_lifetime_days').notNull(),
    expiryAnchor: text('expiry_anchor', { enum: ['created'] })
      .notNull()
      .default('created'),
    paymentWindowDays: integer('payment_window_days').notNull(),
    paymentSlaDays: integer('payment_sla_days').notNull(),
    cloudRetirementDate: date('cloud_retirement_date').notNull(),
    trainingConversionEndDate: date('training_conversion_end_date').notNull(),
    accrualEndDate: date('accrual_end_date').notNull(),
    lastVoucherDate: date('last_voucher_date').notNull(),
    daysRemovalDate: date('days_removal_date').notNull(),
    lastRedemptionDate: date('last_redemption_date').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('programs_name_key').on(t.name)],
);

/** DDPS, SDPS, …: an offering, with its offering-level qualifying competencies (any one). */
export const offerings = pgTable(
  'offerings',
  {
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    competencies: text('competencies').array().notNull(),
    /** Retired offerings stay in the catalog for the vouchers that name them. */
    retired: boolean('retired').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.programId, t.code] })],
);

/** An engagement a voucher can be for (program-facts.md §2.2). */
export const engagementTypes = pgTable(
  'engagement_types',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id),
    offeringCode: text('offering_code').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** Subset of {1, 3, 5, 10, 15}: never more than 15 days (program policy). */
    allowedLengths: integer('allowed_lengths').array().notNull(),
    /** Cloud engagement types retire on the program's cloud retirement date. */
    cloud: boolean('cloud').notNull().default(false),
    /** Engagement-level qualifying competencies; any one qualifies. */
    competencies: text('competencies').array().notNull(),
    /** Consultant exams; any one qualifies a consultant to deliver. */
    exams: text('exams').array().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('engagement_types_program_code_key').on(t.programId, t.code)],
);

/** Daily rate paid per program and delivery country, in integer minor units. */
export const rates = pgTable(
  'rates',
  {
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id),
    country: text('country').notNull(),
    amountMinor: integer('amount_minor').notNull(),
    currency: text('currency').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.programId, t.country] })],
);

/** Versions of the program agreement a partner's global admin signs (seed step 2). */
export const programAgreements = pgTable(
  'program_agreements',
  {
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id),
    version: text('version').notNull(),
    text: text('text').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.programId, t.version] })],
);
