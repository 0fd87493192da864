import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations, users } from './organizations.js';
import { programs } from './programs.js';

/**
 * Where a program sends questions, by region (api.md, "Support"): the seed's "your regional
 * Partner Support team: EMEA Partner Support (an e-mail address); General Partner Support
 * (service requests)".
 */
export const supportContacts = pgTable(
  'support_contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id),
    /** The order of the list as the operator put it. */
    position: integer('position').notNull(),
    name: text('name').notNull(),
    email: text('email'),
    url: text('url'),
    /** ISO country codes, regions (`EMEA`, `AMER`, `APAC`) or `*` for everyone. */
    regions: text('regions').array().notNull(),
  },
  (t) => [index('support_contacts_program_idx').on(t.programId, t.position)],
);

export const serviceRequestStatuses = ['open', 'answered', 'closed'] as const;

/** A question to the operator, from any signed-in user, optionally about a voucher or request. */
export const serviceRequests = pgTable(
  'service_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: bigserial('number', { mode: 'number' }).notNull(),
    reference: text('reference').notNull(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    requesterId: uuid('requester_id')
      .notNull()
      .references(() => users.id),
    subject: text('subject').notNull(),
    message: text('message').notNull(),
    voucherId: uuid('voucher_id'),
    paymentRequestId: uuid('payment_request_id'),
    status: text('status', { enum: serviceRequestStatuses }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('service_requests_reference_key').on(t.reference),
    index('service_requests_org_created_idx').on(t.organizationId, t.createdAt, t.id),
    index('service_requests_open_idx')
      .on(t.status, t.createdAt, t.id)
      .where(sql`status <> 'closed'`),
  ],
);

export const serviceRequestReplies = pgTable(
  'service_request_replies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    serviceRequestId: uuid('service_request_id')
      .notNull()
      .references(() => serviceRequests.id),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    /** An operator's reply sets the request `answered`; the requester's sets it `open`. */
    fromOperator: boolean('from_operator').notNull(),
    message: text('message').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('service_request_replies_request_idx').on(t.serviceRequestId, t.at)],
);
