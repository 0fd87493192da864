import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AppContext } from '../../app/context.js';
import { sweepRuns } from '../../app/operations/run-sweep.js';
import { readServiceGauges } from '../../app/operations/service-gauges.js';
import { problemBody, sendProblem } from '../errors.js';

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Extra collectors that other modules add (webhook deliveries by result). */
export type MetricsExtension = (registry: Registry, ctx: AppContext) => void;

/**
 * `GET /metrics` at the site root, in the Prometheus text format (api.md, Metrics): HTTP requests
 * by route and status, their latency, the outbox backlog and dead letters, sweep runs, vouchers
 * by status, webhook deliveries by result and the days at risk. With `SAPS_METRICS_TOKEN` set, it needs that bearer token.
 * Each app has its own registry (tests build many apps in one process).
 */
export function registerMetrics(
  app: FastifyInstance,
  ctx: AppContext,
  options: { token?: string | undefined; extensions?: readonly MetricsExtension[] },
): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'saps_process_' });
  const requests = new Counter({
    name: 'saps_http_requests_total',
    help: 'HTTP requests by method, route (the pattern, not the URL) and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'saps_http_request_duration_seconds',
    help: 'HTTP request latency by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Counter({
    name: 'saps_sweep_runs_total',
    help: 'Sweep runs of this process by result',
    labelNames: ['result'] as const,
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ result: 'succeeded' }, sweepRuns.succeeded);
      this.inc({ result: 'failed' }, sweepRuns.failed);
    },
  });
  const vouchersByStatus = new Gauge({
    name: 'saps_vouchers',
    help: 'Vouchers by status',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const outboxPending = new Gauge({
    name: 'saps_outbox_pending',
    help: 'Outbox messages (e-mails) not sent yet: due now or waiting for a retry',
    registers: [registry],
  });
  const outboxDead = new Gauge({
    name: 'saps_outbox_dead_letters',
    help: 'Outbox messages given up after their last attempt',
    registers: [registry],
  });
  const webhookDeliveries = new Gauge({
    name: 'saps_webhook_deliveries',
    help: 'Webhook deliveries by result: pending (the backlog, retries included), succeeded, failed',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const daysAtRisk = new Gauge({
    name: 'saps_days_at_risk',
    help: 'Remaining agreement days that the retirement removal will take if nobody acts, by program',
    labelNames: ['program'] as const,
    registers: [registry],
  });
  for (const extend of options.extensions ?? []) {
    extend(registry, ctx);
  }

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') {
      return;
    }
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (options.token) {
      const header = request.headers.authorization ?? '';
      const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
      if (!sameToken(given, options.token)) {
        return sendProblem(
          reply,
          problemBody('unauthenticated', 'GET /metrics needs Authorization: Bearer <SAPS_METRICS_TOKEN>'),
        );
      }
    }
    // The database gauges are read at scrape time: a scrape costs a few aggregate queries.
    const gauges = await readServiceGauges(ctx);
    vouchersByStatus.reset();
    for (const row of gauges.vouchersByStatus) {
      vouchersByStatus.set({ status: row.status }, row.count);
    }
    outboxPending.set(gauges.outboxPending);
    outboxDead.set(gauges.outboxDead);
    webhookDeliveries.reset();
    for (const status of ['pending', 'succeeded', 'failed']) {
      webhookDeliveries.set({ status }, gauges.webhookDeliveriesByStatus.find((r) => r.status === status)?.count ?? 0);
    }
    daysAtRisk.reset();
    for (const row of gauges.daysAtRisk) {
      daysAtRisk.set({ program: row.program }, row.days);
    }
    return reply.type(registry.contentType).send(await registry.metrics());
  });
  return registry;
}
