import { randomUUID } from 'node:crypto';
import { count, isNull } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app/context.js';
import { recordEvents } from '../../src/app/platform/events.js';
import type { DatabaseHandle } from '../../src/db/connection.js';
import { domainEvents } from '../../src/db/schema/index.js';
import type { DomainEvent } from '../../src/domain/events.js';
import { fanOutEvents, type EventConsumer, type StoredDomainEvent } from '../../src/jobs/event-fan-out.js';
import { createTestDatabase, engine } from '../support/database.js';
import { TestClock } from '../support/test-clock.js';

let handle: DatabaseHandle;
let ctx: AppContext;

beforeAll(async () => {
  handle = await createTestDatabase();
  const clock = new TestClock('2021-03-01T09:00:00.000Z');
  ctx = { db: handle.db, clock, realClock: clock, log: pino({ level: 'silent' }), dataDir: '.' };
});
afterAll(async () => {
  await handle.close();
});
beforeEach(async () => {
  await handle.db.delete(domainEvents);
});

function event(entityId: string): DomainEvent {
  return {
    type: 'voucher.reserved',
    entityType: 'voucher',
    entityId,
    programId: null,
    organizationIds: [randomUUID()],
    actorId: null,
    at: new Date('2021-03-01T09:00:00.000Z'),
    data: { code: 'PS-AAAA-BBBB' },
  };
}

function collector(): EventConsumer & { seen: StoredDomainEvent[] } {
  const seen: StoredDomainEvent[] = [];
  return { name: 'collector', seen, consume: async (_tx, e) => void seen.push(e) };
}

describe('domain events', () => {
  it('exist only for committed changes: a rolled-back transaction leaves none', async () => {
    await recordEvents(handle.db, [event('committed')]);
    await handle.db
      .transaction(async (tx) => {
        await recordEvents(tx, [event('rolled-back')]);
        throw new Error('refused');
      })
      .catch(() => undefined);
    const consumer = collector();
    await fanOutEvents(ctx, [consumer]);
    expect(consumer.seen.map((e) => e.entityId)).toEqual(['committed']);
  });

  it('reach each consumer once, in order, and are not handed out again', async () => {
    await recordEvents(
      handle.db,
      Array.from({ length: 7 }, (_, i) => event(`v${i}`)),
    );
    const consumer = collector();
    expect(await fanOutEvents(ctx, [consumer], { batchSize: 3 })).toEqual({ processed: 7 });
    expect(await fanOutEvents(ctx, [consumer], { batchSize: 3 })).toEqual({ processed: 0 });
    expect(consumer.seen.map((e) => e.entityId)).toEqual(['v0', 'v1', 'v2', 'v3', 'v4', 'v5', 'v6']);
    expect(consumer.seen[0]!.data).toEqual({ code: 'PS-AAAA-BBBB' });
  });

  it('stay unprocessed when a consumer fails, so that nothing is half consumed', async () => {
    await recordEvents(handle.db, [event('a')]);
    const failing: EventConsumer = {
      name: 'failing',
      consume: async () => {
        throw new Error('consumer down');
      },
    };
    await expect(fanOutEvents(ctx, [failing])).rejects.toThrow('consumer down');
    const [pending] = await handle.db.select({ n: count() }).from(domainEvents).where(isNull(domainEvents.processedAt));
    expect(pending!.n).toBe(1);
  });

  it('leave an unknown event type for a version that knows it, without looping', async () => {
    await handle.db.insert(domainEvents).values({
      type: 'voucher.teleported',
      entityType: 'voucher',
      entityId: 'x',
      organizationIds: [],
      at: new Date(),
      data: {},
    });
    const consumer = collector();
    expect(await fanOutEvents(ctx, [consumer], { batchSize: 1 })).toEqual({ processed: 0 });
    expect(consumer.seen).toEqual([]);
  });

  it.runIf(engine === 'postgres')('are consumed once when two processes fan out at the same moment', async () => {
    await recordEvents(
      handle.db,
      Array.from({ length: 200 }, (_, i) => event(`p${i}`)),
    );
    const consumer = collector();
    await Promise.all([
      fanOutEvents(ctx, [consumer], { batchSize: 10 }),
      fanOutEvents(ctx, [consumer], { batchSize: 10 }),
    ]);
    const ids = consumer.seen.map((e) => e.entityId);
    expect(ids).toHaveLength(200);
    expect(new Set(ids).size).toBe(200);
  });
});
