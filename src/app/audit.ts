import { auditEvents } from '../db/schema/index.js';
import { insertMany } from '../db/bulk-sql.js';
import type { Executor } from '../db/connection.js';
import { systemUserId } from './context.js';

export interface AuditRecord {
  at: Date;
  actorId: string | null;
  /** Organisations (besides operators) allowed to read this event. */
  organizationIds: string[];
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** An audit record without its instant and actor: what a change says of itself. */
export type AuditFacts = Omit<AuditRecord, 'at' | 'actorId'>;

function auditRow(record: AuditRecord): typeof auditEvents.$inferInsert {
  return {
    ...record,
    // The command line is the system, as the sweeps and the seed are.
    actorId: record.actorId === systemUserId ? null : record.actorId,
    before: record.before ?? null,
    after: record.after ?? null,
  };
}

/** Domain invariant 5: every state change writes exactly one audit record, in its transaction. */
export async function recordAudit(tx: Executor, record: AuditRecord): Promise<void> {
  await tx.insert(auditEvents).values(auditRow(record));
}

/**
 * The audit records of many changes made in one transaction (a batch of a bulk import), in one
 * statement (`insertMany`): still one record per change (invariant 5), in the order given.
 */
export async function recordAudits(tx: Executor, records: readonly AuditRecord[]): Promise<void> {
  await insertMany(tx, auditEvents, records.map(auditRow));
}
