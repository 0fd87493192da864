import { auditEvents } from '../db/schema/index.js';
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

/** Domain invariant 5: every state change writes exactly one audit record, in its transaction. */
export async function recordAudit(tx: Executor, record: AuditRecord): Promise<void> {
  await tx.insert(auditEvents).values({
    ...record,
    // The command line is the system, as the sweeps and the seed are.
    actorId: record.actorId === systemUserId ? null : record.actorId,
    before: record.before ?? null,
    after: record.after ?? null,
  });
}
