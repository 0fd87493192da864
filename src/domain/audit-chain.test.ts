import { describe, expect, it } from 'vitest';
import { canonicalJson, chainHash, genesisHash, type AuditRecord } from './audit-chain.js';

// The identity stands in for sha256 here: distinct inputs stay distinct (the real hash is in app/).
const sha = (text: string) => text;
const record: AuditRecord = {
  id: 7,
  at: new Date('2021-03-01T09:00:00.000Z'),
  actorId: null,
  organizationIds: ['b', 'a'],
  action: 'voucher.created',
  entityType: 'voucher',
  entityId: 'v1',
  before: null,
  after: { status: 'assigned', days: 5, nested: { z: 1, a: [2, { y: 1, b: 2 }] } },
};

describe('audit chain', () => {
  it('writes the same canonical text whatever the key order, and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, 1] } })).toBe('{"a":{"c":[3,1],"d":2},"b":1}');
    expect(canonicalJson({ a: { c: [3, 1], d: 2 }, b: 1 })).toBe(canonicalJson({ b: 1, a: { d: 2, c: [3, 1] } }));
    expect(canonicalJson({ a: undefined, b: new Date('2021-01-01T00:00:00Z') })).toBe(
      '{"b":"2021-01-01T00:00:00.000Z"}',
    );
  });

  it('chains on the previous hash: any change to the record or to the predecessor changes the hash', () => {
    const first = chainHash(genesisHash, record, sha);
    expect(first.startsWith(`${genesisHash}\n`)).toBe(true);
    expect(chainHash(genesisHash, { ...record }, sha)).toBe(first);
    expect(chainHash(genesisHash, { ...record, after: { ...(record.after as object), days: 3 } }, sha)).not.toBe(first);
    expect(chainHash(genesisHash, { ...record, id: 8 }, sha)).not.toBe(first);
    expect(chainHash(genesisHash, { ...record, at: new Date('2021-03-01T09:00:00.001Z') }, sha)).not.toBe(first);
    expect(chainHash(first, record, sha)).not.toBe(first);
  });
});
