import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { ledgerEntryKinds } from '../../domain/ledger.js';
import { liveVoucherStatuses, voucherStatuses } from '../../domain/voucher-lifecycle.js';
import { sqlList } from '../sql-list.js';
import { organizations, users } from './organizations.js';
import { engagementTypes, programs } from './programs.js';
import { partnerLocations } from './partners.js';

/** A customer's licence agreement, holding its planning days (domain.md, "Customers and days"). */
export const agreements = pgTable(
  'agreements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id),
    licensingId: text('licensing_id').notNull(),
    /** Last day the agreement is active (program-local, inclusive). */
    endsOn: date('ends_on').notNull(),
    activatedAt: timestamp('activated_at', { withTimezone: true }),
    /**
     * Σ of this agreement's ledger entries, kept in the same transaction as each entry so that
     * "never negative" is a constraint the database enforces, whatever the race.
     */
    balance: integer('balance').notNull().default(0),
    /** When the retirement removal took the remaining days (once per agreement). */
    daysRemovedAt: timestamp('days_removed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('agreements_program_licensing_key').on(t.programId, t.licensingId),
    index('agreements_org_created_idx').on(t.organizationId, t.createdAt, t.id),
    check('agreements_balance_not_negative', sql`${t.balance} >= 0`),
  ],
);

/** Append-only ledger of planning days; balance = Σ days. */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    agreementId: uuid('agreement_id')
      .notNull()
      .references(() => agreements.id),
    kind: text('kind', { enum: ledgerEntryKinds }).notNull(),
    /** Signed: allocations and removals are negative. */
    days: integer('days').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    voucherId: uuid('voucher_id'),
    note: text('note'),
    actorId: uuid('actor_id'),
  },
  (t) => [index('ledger_entries_agreement_idx').on(t.agreementId, t.id)],
);

/** A Planning Services voucher, with its current reservation and completion report. */
export const vouchers = pgTable(
  'vouchers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id),
    agreementId: uuid('agreement_id')
      .notNull()
      .references(() => agreements.id),
    /** The customer organisation. */
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    engagementTypeId: uuid('engagement_type_id')
      .notNull()
      .references(() => engagementTypes.id),
    days: integer('days').notNull(),
    projectManagerId: uuid('project_manager_id')
      .notNull()
      .references(() => users.id),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    /** Kept when the creator marks a second 15-day voucher for another division or products. */
    exceptionReason: text('exception_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Anchor + lifetime × 24 h + extensions. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    extensionDays: integer('extension_days').notNull().default(0),
    status: text('status', { enum: voucherStatuses }).notNull(),
    /** Bumped by every change; checked in the WHERE of every conditional update. */
    version: integer('version').notNull().default(1),
    partnerId: uuid('partner_id').references(() => organizations.id),
    locationId: uuid('location_id').references(() => partnerLocations.id),
    deliveryCountry: text('delivery_country'),
    plannedStart: date('planned_start'),
    plannedEnd: date('planned_end'),
    reservedAt: timestamp('reserved_at', { withTimezone: true }),
    reservedBy: uuid('reserved_by'),
    completionReport: jsonb('completion_report'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    redeemedAt: timestamp('redeemed_at', { withTimezone: true }),
    /** Last day to submit the payment request: redemption date + payment window. */
    paymentDueBy: date('payment_due_by'),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /** Days lost at cancellation or expiry (agreement ended, or remaining days removed). */
    forfeitedDays: integer('forfeited_days').notNull().default(0),
  },
  (t) => [
    uniqueIndex('vouchers_code_key').on(t.code),
    index('vouchers_org_created_idx').on(t.organizationId, t.createdAt, t.id),
    index('vouchers_partner_created_idx').on(t.partnerId, t.createdAt, t.id),
    // The operators' list and export, all organisations newest first, page by page.
    index('vouchers_created_idx').on(t.createdAt, t.id),
    index('vouchers_agreement_idx').on(t.agreementId),
    index('vouchers_live_expiry_idx')
      .on(t.expiresAt)
      .where(sql`status in (${sqlList(liveVoucherStatuses)})`),
    check('vouchers_days_positive', sql`${t.days} > 0 and ${t.days} <= 15`),
  ],
);

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

/**
 * Uploaded files (deliverables). The bytes are stored out of this row (decision 018): on
 * PostgreSQL in `file_chunks`, so app processes stay stateless; on the embedded engine in
 * `$SAPS_DATA_DIR/files/<id>`. `content` is only read for rows written before that.
 */
export const files = pgTable(
  'files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    uploadedBy: uuid('uploaded_by')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /**
     * Real time of the upload (never the simulated program clock): orphans are removed a real
     * day after they arrived, whatever the demo date.
     */
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('files_org_idx').on(t.organizationId), index('files_received_idx').on(t.receivedAt)],
);

/** The bytes of a file on PostgreSQL, 256 KiB a row, each written by its own short statement. */
export const fileChunks = pgTable(
  'file_chunks',
  {
    /** No foreign key: the chunks are written before the file's row, which commits last. */
    fileId: uuid('file_id').notNull(),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.fileId, t.seq] })],
);

export const paymentRequestStatuses = ['submitted', 'approved', 'paid', 'denied'] as const;
export const denialReasons = [
  'missing_deliverable',
  'wrong_country',
  'length_limit',
  'partner_not_eligible',
  'other',
] as const;

/** A partner's request to be paid for redeemed vouchers of one delivery country (step 8). */
export const paymentRequests = pgTable(
  'payment_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: bigserial('number', { mode: 'number' }).notNull(),
    reference: text('reference').notNull(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => organizations.id),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id),
    deliveryCountry: text('delivery_country').notNull(),
    status: text('status', { enum: paymentRequestStatuses }).notNull(),
    version: integer('version').notNull().default(1),
    invoiceNumber: text('invoice_number').notNull(),
    invoiceDate: date('invoice_date').notNull(),
    totalMinor: integer('total_minor').notNull(),
    currency: text('currency').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    submittedBy: uuid('submitted_by')
      .notNull()
      .references(() => users.id),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    approvedBy: uuid('approved_by'),
    deniedAt: timestamp('denied_at', { withTimezone: true }),
    deniedBy: uuid('denied_by'),
    denialReason: text('denial_reason', { enum: denialReasons }),
    denialDetail: text('denial_detail'),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    paidOn: date('paid_on'),
    paymentReference: text('payment_reference'),
  },
  (t) => [
    uniqueIndex('payment_requests_reference_key').on(t.reference),
    index('payment_requests_partner_created_idx').on(t.partnerId, t.createdAt, t.id),
    index('payment_requests_status_idx').on(t.status, t.createdAt, t.id),
  ],
);

/** The vouchers of a payment request. `live` is false once the request is denied. */
export const paymentRequestVouchers = pgTable(
  'payment_request_vouchers',
  {
    paymentRequestId: uuid('payment_request_id')
      .notNull()
      .references(() => paymentRequests.id),
    voucherId: uuid('voucher_id')
      .notNull()
      .references(() => vouchers.id),
    days: integer('days').notNull(),
    amountMinor: integer('amount_minor').notNull(),
    live: boolean('live').notNull().default(true),
  },
  (t) => [
    uniqueIndex('payment_request_vouchers_key').on(t.paymentRequestId, t.voucherId),
    // Invariant 2: a voucher is in at most one live payment request, whatever the race.
    uniqueIndex('payment_request_vouchers_live_key')
      .on(t.voucherId)
      .where(sql`live`),
  ],
);
