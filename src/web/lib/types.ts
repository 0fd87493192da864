/**
 * Wire types. Where the server already has a Zod schema, the type comes from it (types only:
 * the web app never imports server code), on the JSON side (`z.input`: instants are strings).
 * The rest follow api.md until their schemas land on the server.
 */
import type { z } from 'zod';
import type { loginResponse, role as roleSchema, user } from '../../http/schemas/auth.js';
import type { money as moneySchema, problem } from '../../http/schemas/common.js';
import type { organization } from '../../http/schemas/organizations.js';
import type { calendar as calendarSchema, engagementType, program, rate } from '../../http/schemas/programs.js';

export type Role = z.input<typeof roleSchema>;
export type User = z.input<typeof user>;
export type LoginResponse = z.input<typeof loginResponse>;
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

export interface Me {
  id: string;
  email: string;
  name: string;
  organizationId: string;
  organizationKind: OrganizationKind;
  roles: Role[];
}

export interface Clock {
  now: string;
  simulated: boolean;
}

// ---- Customers and days (api.md "Customers and days") ----
export interface Agreement {
  id: string;
  licensingId: string;
  programId: string;
  organizationId: string;
  endsOn: string;
  activated: boolean;
  balance: number;
}

export interface LedgerEntry {
  id: string;
  kind: string;
  days: number;
  at: string;
  voucherId?: string | null;
  note?: string | null;
}

// ---- Vouchers ----
export const voucherStatuses = ['assigned', 'reserved', 'completed', 'redeemed', 'cancelled', 'expired'] as const;
export type VoucherStatus = (typeof voucherStatuses)[number];

export interface Reservation {
  partnerOrganizationId?: string;
  partnerName?: string;
  locationId?: string;
  plannedStart?: string;
  plannedEnd?: string;
  reservedAt?: string;
}

export interface CompletionReport {
  deliveredFrom: string;
  deliveredTo: string;
  consultantIds: string[];
  summary: string;
  nextSteps: string;
  deliverableFileIds: string[];
  deliverables?: { id: string; name: string; size: number }[];
  submittedAt?: string;
}

export interface Voucher {
  id: string;
  code: string;
  status: VoucherStatus;
  agreementId: string;
  organizationId: string;
  engagementTypeId: string;
  days: number;
  projectManagerId: string;
  createdAt: string;
  expiresAt: string;
  reservation?: Reservation | null;
  completionReport?: CompletionReport | null;
  redeemedAt?: string | null;
  paymentDueBy?: string | null;
  /** Optional extras a server may add: the effective deadlines and the rule behind each. */
  deadlines?: { name: string; date: string; rule?: string }[];
  history?: { status: VoucherStatus; at: string }[];
  customerName?: string;
}

export interface VoucherValidation {
  id: string;
  code: string;
  status: VoucherStatus;
  engagementTypeId: string;
  days: number;
  expiresAt: string;
  customerName: string;
}

export interface Location {
  id: string;
  country: string;
}

// ---- Payments ----
export const paymentStatuses = ['submitted', 'approved', 'paid', 'denied'] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

export interface PaymentRequest {
  id: string;
  reference: string;
  status: PaymentStatus;
  total: Money;
  voucherIds: string[];
  invoiceNumber?: string;
  invoiceDate?: string;
  createdAt?: string;
  denialReason?: string | null;
}
