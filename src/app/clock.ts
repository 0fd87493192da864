import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/connection.js';
import { resultRows } from '../db/connection.js';
import { simulatedClock } from '../db/schema/index.js';
import type { Clock } from '../domain/clock.js';
import { fieldError, refusal } from '../domain/errors.js';
import { recordAudit } from './audit.js';
import type { Actor } from './context.js';

export const systemClock: Clock = { now: () => new Date() };

interface StoredClock {
  /** The simulated instant at the database's real time `db_now`. */
  current: Date;
  version: number;
}

const clockRow = 1;

/** The simulated instant now, computed by the database from the one row (decision 017). */
const readStored = sql`select set_to + (clock_timestamp() - set_at) as current, version
  from ${simulatedClock} where ${simulatedClock.id} = ${clockRow}`;

function toStored(row: { current: string | Date; version: string | number } | undefined): StoredClock {
  if (!row) {
    throw new Error('the simulated clock has no row: SimulatedClock.open() inserts it');
  }
  return { current: new Date(row.current), version: Number(row.version) };
}

/**
 * The demo/test clock of `SAPS_SIMULATED_CLOCK` (api.md, "Clock"): it advances in real time from
 * the last value set. It lives in the database (decision 017), so every process and every
 * restart read the same clock: the row holds the instant last set and the database's real time
 * then, and each process keeps the offset between that and its own real time, so `now()` costs
 * no SQL. The offset changes only when the row's version does.
 *
 * `shared` (PostgreSQL, where other processes may move the clock): `freshen()` checks the version
 * before each request; requests arriving together share one read.
 */
export class SimulatedClock implements Clock {
  private offsetMs = 0;
  private version = -1;
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly db: Database,
    readonly shared: boolean,
    private readonly realNow: () => number,
  ) {}

  /**
   * Opens the clock, starting it at `start` only if no process ever set it: a restart keeps the
   * clock where it was (no reset to 2021-03-01 and no audit events dated before earlier ones).
   */
  static async open(
    db: Database,
    start: Date,
    options: { shared: boolean; realNow?: () => number },
  ): Promise<SimulatedClock> {
    await db
      .insert(simulatedClock)
      .values({ id: clockRow, setTo: start, setAt: sql`clock_timestamp()`, version: 1 })
      .onConflictDoNothing();
    const clock = new SimulatedClock(db, options.shared, options.realNow ?? Date.now);
    await clock.sync();
    return clock;
  }

  now(): Date {
    return new Date(this.realNow() + this.offsetMs);
  }

  /** Reads the row once; adopts a new offset only when another process (or a PUT) changed it. */
  async sync(): Promise<void> {
    const before = this.realNow();
    const stored = toStored(resultRows<{ current: string; version: string }>(await this.db.execute(readStored))[0]);
    if (stored.version === this.version) {
      return;
    }
    // The database computed `current` somewhere during the round trip: take its middle, so two
    // processes disagree by at most half a round trip (decision 017).
    const middle = (before + this.realNow()) / 2;
    this.offsetMs = stored.current.getTime() - middle;
    this.version = stored.version;
  }

  /**
   * Makes sure the clock is at least as new as the database when this is called: waits for a read
   * that started after the call. Concurrent callers share reads (at most one running, one queued).
   */
  freshen(): Promise<void> {
    if (!this.running) {
      this.running = this.sync().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = undefined;
        return this.freshen();
      });
    return this.next;
  }

  /** Re-reads the row every `intervalMs` (background jobs, processes that serve no requests). */
  startRefreshing(intervalMs = 1_000, onError: (error: unknown) => void = () => undefined): void {
    this.stopRefreshing();
    this.timer = setInterval(() => {
      this.freshen().catch(onError);
    }, intervalMs);
    this.timer.unref();
  }

  stopRefreshing(): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /**
   * Sets the clock for every process. Moving it back is refused unless asked for: it revives
   * expired invitations and vouchers and dates new audit events before earlier ones.
   */
  async set(actor: Actor, instant: Date, options: { allowBackwards?: boolean } = {}): Promise<void> {
    await this.db.transaction(async (tx) => {
      const stored = toStored(
        resultRows<{ current: string; version: string }>(await tx.execute(sql`${readStored} for update`))[0],
      );
      if (instant.getTime() < stored.current.getTime() && options.allowBackwards !== true) {
        throw refusal(
          'policy-violation',
          'clock.backwards',
          { current: stored.current.toISOString(), requested: instant.toISOString() },
          { errors: [fieldError('body.allowBackwards', 'field.allowBackwards')] },
        );
      }
      await tx
        .update(simulatedClock)
        .set({ setTo: instant, setAt: sql`clock_timestamp()`, version: sql`${simulatedClock.version} + 1` })
        .where(eq(simulatedClock.id, clockRow));
      await recordAudit(tx, {
        at: instant,
        actorId: actor.userId,
        organizationIds: [actor.organizationId],
        action: 'clock.set',
        entityType: 'clock',
        entityId: 'simulated',
        before: { now: stored.current.toISOString() },
        after: { now: instant.toISOString(), backwards: instant.getTime() < stored.current.getTime() },
      });
    });
    await this.sync();
  }
}
