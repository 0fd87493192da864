/**
 * The shape every voucher decision returns (issue 8): `decide(snapshot, input, now)` → the
 * changed fields, the ledger entries, the audit record and the domain events. The use case
 * persists exactly that, once, in the change's transaction; nothing here does I/O.
 */
import type { DomainEvent, DomainEventType, VoucherEventData } from './events.js';
import type { LedgerEntryKind } from './ledger.js';
import type { Role, OrganizationKind } from './roles.js';
import type { VoucherStatus } from './voucher-lifecycle.js';

/** The voucher as a decision reads it (the row of `vouchers`, structurally). */
export interface VoucherState {
  id: string;
  code: string;
  status: VoucherStatus;
  version: number;
  programId: string;
  agreementId: string;
  organizationId: string;
  engagementTypeId: string;
  days: number;
  projectManagerId: string;
  createdBy: string;
  exceptionReason: string | null;
  createdAt: Date;
  expiresAt: Date;
  extensionDays: number;
  partnerId: string | null;
  locationId: string | null;
  deliveryCountry: string | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  reservedAt: Date | null;
  reservedBy: string | null;
  completionReport: unknown;
  completedAt: Date | null;
  redeemedAt: Date | null;
  paymentDueBy: string | null;
  endedAt: Date | null;
  forfeitedDays: number;
}

/** The fields a decision may change (never the id or the version: persistence bumps it). */
export type VoucherChanges = Partial<Omit<VoucherState, 'id' | 'version'>>;

/** Who acts: the caller's organisation and roles; null for the system (sweep, operator bulk jobs). */
export interface DecisionActor {
  userId: string;
  organizationId: string;
  organizationKind: OrganizationKind;
  roles: readonly Role[];
}

export interface LedgerEntryDraft {
  agreementId: string;
  kind: LedgerEntryKind;
  /** Signed: allocations are negative. */
  days: number;
  at: Date;
  voucherId: string;
  actorId: string | null;
  note: string | null;
}

export interface AuditDraft {
  at: Date;
  actorId: string | null;
  organizationIds: string[];
  action: string;
  entityType: 'voucher';
  entityId: string;
  before: VoucherState | null;
  after: VoucherState;
}

export interface VoucherDecision {
  /** The status after the event: the transition table's, never hard-coded by a caller. */
  status: VoucherStatus;
  /** The voucher as it is after the change (version bumped). */
  after: VoucherState;
  changes: VoucherChanges;
  ledger: LedgerEntryDraft[];
  audit: AuditDraft;
  events: DomainEvent[];
}

/** Who may read a voucher besides operators: its customer and the partner holding it. */
export function voucherReaders(voucher: Pick<VoucherState, 'organizationId' | 'partnerId'>): string[] {
  return voucher.partnerId ? [voucher.organizationId, voucher.partnerId] : [voucher.organizationId];
}

/** What every voucher event's `data` carries (events.ts, VoucherEventData). */
export function voucherEventData(voucher: VoucherState): VoucherEventData {
  return {
    voucherId: voucher.id,
    code: voucher.code,
    status: voucher.status,
    customerOrganizationId: voucher.organizationId,
    partnerOrganizationId: voucher.partnerId,
    projectManagerId: voucher.projectManagerId,
    agreementId: voucher.agreementId,
    engagementTypeId: voucher.engagementTypeId,
    days: voucher.days,
    expiresAt: voucher.expiresAt.toISOString(),
  };
}

/**
 * Builds the decision from the snapshot, the changes and the event: the after-state, one audit
 * record readable by both parties (before and after), one domain event.
 */
export function voucherDecision(input: {
  before: VoucherState | null;
  after: VoucherState;
  changes: VoucherChanges;
  actorId: string | null;
  at: Date;
  auditAction: string;
  eventType: DomainEventType;
  eventData?: Record<string, unknown>;
  /** Readers besides the after-state's (the partner that held an expired voucher). */
  extraReaders?: readonly string[];
  ledger?: LedgerEntryDraft[];
}): VoucherDecision {
  const readers = [
    ...new Set([
      ...voucherReaders(input.after),
      ...(input.before ? voucherReaders(input.before) : []),
      ...(input.extraReaders ?? []),
    ]),
  ];
  return {
    status: input.after.status,
    after: input.after,
    changes: input.changes,
    ledger: input.ledger ?? [],
    audit: {
      at: input.at,
      actorId: input.actorId,
      organizationIds: readers,
      action: input.auditAction,
      entityType: 'voucher',
      entityId: input.after.id,
      before: input.before,
      after: input.after,
    },
    events: [
      {
        type: input.eventType,
        entityType: 'voucher',
        entityId: input.after.id,
        programId: input.after.programId,
        organizationIds: readers,
        actorId: input.actorId,
        at: input.at,
        data: {
          ...voucherEventData(input.after),
          // The partner holding it, or the one that held it until this event (a release, an
          // expiry), so that its notices can name and reach that partner (events.ts).
          partnerOrganizationId: input.after.partnerId ?? input.before?.partnerId ?? null,
          ...input.eventData,
        },
      },
    ],
  };
}

/** The snapshot with the changes applied and the version bumped, as the conditional update writes it. */
export function applyChanges(before: VoucherState, changes: VoucherChanges): VoucherState {
  return { ...before, ...changes, version: before.version + 1 };
}
