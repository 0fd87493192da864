import type { AppContext } from '../app/context.js';
import { removeOrphanFiles } from '../app/files/remove-orphan-files.js';
import { sendDueReminders } from '../app/notifications/send-due-reminders.js';
import { pruneRateLimitCounters } from '../app/platform/prune-rate-limit-counters.js';
import type { NoticeLinks } from '../app/notifications/deliver-notice.js';
import { runSweep } from '../app/operations/run-sweep.js';
import { sealAuditEvents } from '../app/operations/seal-audit.js';
import type { Mailer } from './mailer.js';
import { eventConsumers } from './event-consumers.js';
import { fanOutEvents } from './event-fan-out.js';
import { dispatchOutbox, type DispatchResult } from './outbox-dispatcher.js';
import type { Job } from './scheduler.js';
import { dispatchWebhooks } from './webhook-dispatcher.js';

/** The jobs `saps serve` runs in-process (decision 006). Add a job here, one line each. */
export function backgroundJobs(runtime: { ctx: AppContext; config: { publicUrl: string } }, mailer: Mailer): Job[] {
  const { ctx } = runtime;
  const links = { publicUrl: runtime.config.publicUrl };
  return [
    {
      name: 'outbox',
      intervalMs: 2_000,
      // Committed domain events first become their consumers' outbox rows, then those go out.
      run: async () => {
        await fanOutEvents(ctx, eventConsumers(links));
        return dispatchOutbox(ctx, mailer);
      },
    },
    // Rules are enforced at action time; the sweep only records what time already decided.
    { name: 'sweep', intervalMs: 60_000, run: () => runSweep(ctx) },
    // Uploads never attached to a completion report within a day (decision 018).
    { name: 'orphan-files', intervalMs: 60 * 60_000, run: () => removeOrphanFiles(ctx) },
    // "The scheduler sends the reminders that are due" (api.md): the use case POST /admin/sweeps
    // calls, each reminder once per recipient, subject and offset; the outbox job mails them.
    { name: 'reminders', intervalMs: 60_000, run: () => sendDueReminders(ctx, links) },
    // Chains the committed audit records (decision 021).
    { name: 'audit-seal', intervalMs: 10_000, run: () => sealAuditEvents(ctx) },
    { name: 'webhooks', intervalMs: 2_000, run: () => dispatchWebhooks(ctx) },
    // Rate-limit rows whose window has passed; the shortest window is 15 minutes.
    { name: 'rate-limit-counters', intervalMs: 15 * 60_000, run: () => pruneRateLimitCounters(ctx) },
  ];
}

export interface OneShotResult {
  /** Committed domain events handed to their consumers (notices, webhooks). */
  events: number;
  /** Reminders due now, one per recipient (as `remindersSent` of POST /admin/sweeps). */
  remindersSent: number;
  outbox: DispatchResult;
}

/**
 * What `saps jobs run` does once: the scheduler's outbox and reminder jobs in the order that
 * gets everything due out of the door in one go. Events become notices, the due reminders are
 * written (the same `sendDueReminders` as the scheduler and POST /admin/sweeps, so a reminder
 * one of them sent is not sent again), then the outbox sends every due e-mail, these included.
 */
export async function runDueJobsOnce(ctx: AppContext, mailer: Mailer, links: NoticeLinks): Promise<OneShotResult> {
  const fanned = await fanOutEvents(ctx, eventConsumers(links));
  const { remindersSent } = await sendDueReminders(ctx, links);
  const outbox = await dispatchOutbox(ctx, mailer);
  return { events: fanned.processed, remindersSent, outbox };
}
