/**
 * The tamper-evident audit chain (issue 11, decision 021), pure: a record's canonical form and
 * the chained hash. `hash(n) = sha256(hash(n − 1) ‖ "\n" ‖ canonical(record n))`, starting from
 * 64 zeros. The hashing itself is passed in, so the domain stays free of Node's crypto.
 */
export const genesisHash = '0'.repeat(64);

export interface AuditRecord {
  id: number;
  at: Date;
  actorId: string | null;
  organizationIds: readonly string[];
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** JSON with object keys sorted at every depth: the same record always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) {
    return 'null';
  }
  if (value instanceof Date) {
    return JSON.stringify(value.toISOString());
  }
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function canonicalAuditRecord(record: AuditRecord): string {
  return canonicalJson({
    id: record.id,
    at: record.at,
    actorId: record.actorId,
    organizationIds: record.organizationIds,
    action: record.action,
    entityType: record.entityType,
    entityId: record.entityId,
    before: record.before,
    after: record.after,
  });
}

export function chainHash(previous: string, record: AuditRecord, sha256Hex: (text: string) => string): string {
  return sha256Hex(`${previous}\n${canonicalAuditRecord(record)}`);
}
