/**
 * Wire types, from the server's Zod schemas (types only: the web app never imports server code).
 * They are the JSON side of each schema (`z.input`): instants are ISO strings there, while
 * `z.output` is the server's side, where they are `Date`s.
 */
import type { z } from 'zod';
import type { agreement, ledgerEntry } from '../../http/schemas/agreements.js';
import type {
  authProviders,
  loginResponse,
  role as roleSchema,
  singleSignOnRefusal,
  user,
} from '../../http/schemas/auth.js';
import type { money as moneySchema, problem } from '../../http/schemas/common.js';
import type {
  auditEvent,
  dashboard,
  extensionRequest,
  simulation,
  sweepResult,
} from '../../http/schemas/operations.js';
import type { organization } from '../../http/schemas/organizations.js';
import type { consultant, location, paymentRegistration } from '../../http/schemas/partners.js';
import type { denialRequest, paymentRequest } from '../../http/schemas/payments.js';
import type { calendar as calendarSchema, engagementType, program, rate } from '../../http/schemas/programs.js';
import type { file, voucher, voucherValidation } from '../../http/schemas/vouchers.js';
import type { auditChainState } from '../../http/schemas/audit-chain';
import type { apiKey, createdApiKey } from '../../http/schemas/api-keys';
import type {
  createdWebhookEndpoint,
  webhookDelivery,
  webhookEndpoint,
  webhookEventType,
} from '../../http/schemas/webhooks';

export type Role = z.input<typeof roleSchema>;
export type User = z.input<typeof user>;
export type LoginResponse = z.input<typeof loginResponse>;
export type AuthProviders = z.input<typeof authProviders>;
export type SingleSignOnRefusal = z.input<typeof singleSignOnRefusal>;
export type Organization = z.input<typeof organization>;
export type OrganizationKind = Organization['kind'];
export type Program = z.input<typeof program>;
export type ProgramCalendar = z.input<typeof calendarSchema>;
export type EngagementType = z.input<typeof engagementType>;
export type Rate = z.input<typeof rate>;
export type Money = z.input<typeof moneySchema>;
export type Problem = z.input<typeof problem>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** `GET /me` answers the user schema; the app needs these fields of it (the sign-in answer has them too). */
export type Me = Pick<User, 'id' | 'email' | 'name' | 'organizationId' | 'organizationKind' | 'roles'>;

/** `GET /clock` (routes/system.ts declares it inline). */
export interface Clock {
  now: string;
  simulated: boolean;
  /** Demo mode: the demo logins exist (absent from older servers). */
  demo?: boolean;
}

// ---- Customers and days ----
export type Agreement = z.input<typeof agreement>;
export type LedgerEntry = z.input<typeof ledgerEntry>;

// ---- Vouchers ----
export type Voucher = z.input<typeof voucher>;
export type VoucherStatus = Voucher['status'];
export const voucherStatuses = [
  'assigned',
  'reserved',
  'completed',
  'redeemed',
  'cancelled',
  'expired',
] as const satisfies readonly VoucherStatus[];
export type Reservation = NonNullable<Voucher['reservation']>;
export type CompletionReport = NonNullable<Voucher['completionReport']>;
export type Deadline = Voucher['deadlines']['reserveBy'];
export type VoucherValidation = z.input<typeof voucherValidation>;
export type StoredFile = z.input<typeof file>;

// ---- Partners ----
export type Location = z.input<typeof location>;
export type Consultant = z.input<typeof consultant>;
export type PaymentRegistration = z.input<typeof paymentRegistration>;

// ---- Payments ----
export type PaymentRequest = z.input<typeof paymentRequest>;
export type PaymentStatus = PaymentRequest['status'];
export const paymentStatuses = ['submitted', 'approved', 'paid', 'denied'] as const satisfies readonly PaymentStatus[];
export type DenialReason = z.input<typeof denialRequest>['reason'];
export const denialReasons = [
  'missing_deliverable',
  'wrong_country',
  'length_limit',
  'partner_not_eligible',
  'other',
] as const satisfies readonly DenialReason[];

// ---- Operations ----
export type Dashboard = z.input<typeof dashboard>;
export type AuditEvent = z.input<typeof auditEvent>;
export type AuditChainState = z.input<typeof auditChainState>;
export type ApiKey = z.input<typeof apiKey>;
export type CreatedApiKey = z.input<typeof createdApiKey>;
export type WebhookEndpoint = z.input<typeof webhookEndpoint>;
export type CreatedWebhookEndpoint = z.input<typeof createdWebhookEndpoint>;
export type WebhookDelivery = z.input<typeof webhookDelivery>;
export type WebhookEventType = z.input<typeof webhookEventType>;
export type SweepResult = z.input<typeof sweepResult>;
export type ExtensionRequest = z.input<typeof extensionRequest>;
export type Simulation = z.input<typeof simulation>;

// Notifications, days at risk and support (issue 10).
export type Preferences = z.input<typeof import('../../http/schemas/notifications.js').preferences>;
export type NotificationItem = z.input<typeof import('../../http/schemas/notifications.js').notification>;
export type NotificationPage = z.input<typeof import('../../http/schemas/notifications.js').notificationPage>;
export type AtRisk = z.input<typeof import('../../http/schemas/at-risk.js').atRisk>;
export type CloseOut = z.input<typeof import('../../http/schemas/close-out.js').closeOut>;
export type SupportContactList = z.input<typeof import('../../http/schemas/support.js').supportContactList>;
export type ServiceRequest = z.input<typeof import('../../http/schemas/support.js').serviceRequest>;

// Bulk imports (issue 11).
export type ImportRun = z.input<typeof import('../../http/schemas/imports.js').importRun>;
export type ImportAccepted = z.input<typeof import('../../http/schemas/imports.js').importAccepted>;
export type ImportKind = z.input<typeof import('../../http/schemas/imports.js').importKind>;
