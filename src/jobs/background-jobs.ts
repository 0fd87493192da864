import type { AppContext } from '../app/context.js';
import { runSweep } from '../app/operations/run-sweep.js';
import { sealAuditEvents } from '../app/operations/seal-audit.js';
import type { Mailer } from './mailer.js';
import { eventConsumers } from './event-consumers.js';
import { fanOutEvents } from './event-fan-out.js';
import { dispatchOutbox } from './outbox-dispatcher.js';
import type { Job } from './scheduler.js';
import { dispatchWebhooks } from './webhook-dispatcher.js';

/** The jobs `saps serve` runs in-process (decision 006). Add a job here, one line each. */
export function backgroundJobs(runtime: { ctx: AppContext }, mailer: Mailer): Job[] {
  const { ctx } = runtime;
  return [
    {
      name: 'outbox',
      intervalMs: 2_000,
      // Committed domain events first become their consumers' outbox rows, then those go out.
      run: async () => {
        await fanOutEvents(ctx, eventConsumers());
        return dispatchOutbox(ctx, mailer, { batchSize: 20 });
      },
    },
    // Rules are enforced at action time; the sweep only records what time already decided.
    { name: 'sweep', intervalMs: 60_000, run: () => runSweep(ctx) },
    // Chains the committed audit records (decision 021).
    { name: 'audit-seal', intervalMs: 10_000, run: () => sealAuditEvents(ctx) },
    { name: 'webhooks', intervalMs: 2_000, run: () => dispatchWebhooks(ctx) },
  ];
}
