import { z } from 'zod';
import type { AppContext } from '../app/context.js';
import {
  claimDueMessages,
  markMessageFailed,
  markMessageSent,
  type ClaimedMessage,
} from '../app/platform/outbox-store.js';
import { renderNoticeEmail } from './email-templates.js';
import type { Mailer } from './mailer.js';

/** A failing message is retried this many times in all, then kept as a dead letter. */
export const maxAttempts = 8;
/**
 * While a dispatcher sends a claimed row, the row's `available_at` is pushed this far ahead,
 * so that another dispatcher (another app process on PostgreSQL) does not see it as due.
 */
export const claimLeaseMs = 5 * 60 * 1000;
/**
 * A claimed row is sent only while this much of its lease remains: more than one send can take
 * (mailer.ts bounds the SMTP timeouts), so the lease cannot expire in the middle of a send.
 * Rows left unsent wait for their lease to end and are claimed again.
 */
const sendBudgetMs = 2 * 60 * 1000;
const baseRetryDelayMs = 30 * 1000;
const maxRetryDelayMs = 60 * 60 * 1000;

/** The wait after the `failures`-th failed attempt: 30 s, 1 min, 2 min, … capped at 1 h. */
export function retryDelayMs(failures: number): number {
  return Math.min(baseRetryDelayMs * 2 ** Math.max(0, failures - 1), maxRetryDelayMs);
}

const emailPayload = z.object({ to: z.string().min(1), subject: z.string(), text: z.string() });

/** A notice or reminder (app/notifications/deliver-notice.ts), rendered here, outside any transaction. */
const noticeEmailPayload = z.object({
  to: z.string().min(1),
  language: z.enum(['en', 'fr']),
  subject: z.string(),
  greeting: z.string(),
  paragraphs: z.array(z.string()),
  facts: z.array(z.object({ label: z.string(), value: z.string() })),
  action: z.object({ label: z.string(), url: z.string() }),
  footer: z.string(),
  unsubscribe: z.object({ url: z.string(), label: z.string() }).optional(),
});

/** Every kind the outbox carries; a new kind adds a member here and a case in `deliver`. */
type OutboxMessage =
  | { kind: 'email'; payload: z.infer<typeof emailPayload> }
  | { kind: 'notice_email'; payload: z.infer<typeof noticeEmailPayload> };

function parseMessage(kind: string, payload: unknown): OutboxMessage {
  switch (kind) {
    case 'email':
      return { kind, payload: emailPayload.parse(payload) };
    case 'notice_email':
      return { kind, payload: noticeEmailPayload.parse(payload) };
    default:
      // Perhaps written by a newer version during a rolling deploy: retried like any failure,
      // so a dispatcher that knows the kind can still send it before it becomes a dead letter.
      throw new Error(`unknown outbox kind "${kind}"`);
  }
}

async function deliver(message: OutboxMessage, mailer: Mailer): Promise<{ file?: string }> {
  switch (message.kind) {
    case 'email': {
      const sent = await mailer.send(message.payload);
      return sent.file ? { file: sent.file } : {};
    }
    case 'notice_email': {
      const sent = await mailer.send(await renderNoticeEmail(message.payload));
      return sent.file ? { file: sent.file } : {};
    }
    default: {
      const unhandled: never = message;
      throw new Error(`no delivery for outbox kind ${JSON.stringify(unhandled)}`);
    }
  }
}

export interface DispatchResult {
  sent: number;
  /** Failed attempts that will be tried again after a backoff. */
  retried: number;
  /** Messages that failed their last attempt and are now dead letters (`failed_at`). */
  failed: number;
}

/**
 * Rows claimed per short claim transaction. A claim is one round trip however many rows it takes,
 * so 10,000 notices are 100 claims; a process claims no more than it sends well within its lease
 * (at a few hundred messages a second, 100 take well under a second).
 */
export const defaultBatchSize = 100;

/**
 * Sends the due outbox rows, batch after batch, until none is due. Each batch is claimed in a
 * short transaction (`FOR UPDATE SKIP LOCKED`, plus a lease on `available_at`) and sent after
 * that transaction committed: network I/O never runs inside a transaction, since on PGlite one
 * connection serves every request. Within a batch, `mailer.concurrency` rows are sent at once
 * (one per pooled SMTP connection); each row's result is recorded as soon as its own send ends,
 * so a crash resends at most the messages in flight (at least once, decision 006).
 */
export async function dispatchOutbox(
  ctx: AppContext,
  mailer: Mailer,
  options: { batchSize?: number } = {},
): Promise<DispatchResult> {
  const batchSize = options.batchSize ?? defaultBatchSize;
  const result: DispatchResult = { sent: 0, retried: 0, failed: 0 };
  for (;;) {
    const claimedAt = ctx.clock.now();
    const leaseUntil = new Date(claimedAt.getTime() + claimLeaseMs);
    const rows = await claimDueMessages(ctx, claimedAt, leaseUntil, batchSize);
    await eachAtMost(rows, mailer.concurrency, async (row) => {
      // Checked when the send starts, not when the batch was claimed: a slow batch leaves its
      // last rows to the next claim rather than sending them after the lease.
      if (ctx.clock.now().getTime() > leaseUntil.getTime() - sendBudgetMs) {
        ctx.log.warn({ outboxId: row.id }, 'outbox lease nearly over: message left for the next claim');
        return;
      }
      const outcome = await sendOne(ctx, mailer, row, leaseUntil);
      result[outcome] += 1;
    });
    if (rows.length < batchSize) {
      break;
    }
  }
  if (result.sent + result.retried + result.failed > 0) {
    ctx.log.info(result, 'outbox dispatched');
  }
  return result;
}

/**
 * Runs `work` on every item, at most `limit` at a time, in order of start. It settles only when
 * every started run has ended (a shutdown closes the database after it), then rethrows the first
 * error; a worker whose run failed (the database is gone) takes no more items.
 */
async function eachAtMost<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next]!;
      next += 1;
      await work(item);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
  const failure = (await Promise.allSettled(workers)).find((r) => r.status === 'rejected');
  if (failure) {
    throw failure.reason;
  }
}

/**
 * The result is recorded only if the row still carries our lease: if it expired and another
 * dispatcher claimed the row, that dispatcher records its own result.
 */
async function sendOne(
  ctx: AppContext,
  mailer: Mailer,
  row: ClaimedMessage,
  leaseUntil: Date,
): Promise<keyof DispatchResult> {
  try {
    const { file } = await deliver(parseMessage(row.kind, row.payload), mailer);
    await markMessageSent(ctx, row.id, leaseUntil, ctx.clock.now());
    if (file) {
      ctx.log.info({ outboxId: row.id, file }, 'e-mail written to a file (SMTP_URL is not set)');
    }
    return 'sent';
  } catch (error) {
    const now = ctx.clock.now();
    const failures = row.attempts + 1;
    const lastError = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
    const dead = failures >= maxAttempts;
    await markMessageFailed(ctx, row.id, leaseUntil, {
      lastError,
      availableAt: dead ? now : new Date(now.getTime() + retryDelayMs(failures)),
      failedAt: dead ? now : null,
    });
    if (dead) {
      ctx.log.error(
        { outboxId: row.id, kind: row.kind, attempts: failures, lastError },
        'outbox message failed for good (dead letter)',
      );
      return 'failed';
    }
    ctx.log.warn(
      { outboxId: row.id, kind: row.kind, attempts: failures, lastError },
      'outbox message failed; will retry',
    );
    return 'retried';
  }
}

/** Re-exported for `saps jobs run` and the tests: the backlog query lives with the table's others. */
export { outboxBacklog } from '../app/platform/outbox-store.js';
