import type { AppContext } from '../app/context.js';
import { removeOrphanFiles } from '../app/files/remove-orphan-files.js';
import { sendDueReminders } from '../app/notifications/send-due-reminders.js';
import { runSweep } from '../app/operations/run-sweep.js';
import { sealAuditEvents } from '../app/operations/seal-audit.js';
import type { Mailer } from './mailer.js';
import { eventConsumers } from './event-consumers.js';
import { fanOutEvents } from './event-fan-out.js';
import { dispatchOutbox } from './outbox-dispatcher.js';
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
        return dispatchOutbox(ctx, mailer, { batchSize: 20 });
      },
    },
    // Rules are enforced at action time; the sweep only records what time already decided.
    { name: 'sweep', intervalMs: 60_000, run: () => runSweep(ctx) },
    // Uploads never attached to a completion report within a day (decision 018).
    { name: 'orphan-files', intervalMs: 60 * 60_000, run: () => removeOrphanFiles(ctx) },
    // Reminders of approaching deadlines, each once per recipient, subject and offset.
    { name: 'reminders', intervalMs: 60_000, run: () => sendDueReminders(ctx, links) },
    // Chains the committed audit records (decision 021).
    { name: 'audit-seal', intervalMs: 10_000, run: () => sealAuditEvents(ctx) },
    { name: 'webhooks', intervalMs: 2_000, run: () => dispatchWebhooks(ctx) },
  ];
}
