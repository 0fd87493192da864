import { eventConsumers } from '../../src/jobs/event-consumers.js';
import { fanOutEvents } from '../../src/jobs/event-fan-out.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSweep } from '../../src/app/operations/run-sweep.js';
import { buildApp } from '../../src/http/app.js';
import type { ZodApp } from '../../src/http/route-types.js';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';
import { makeVoucher } from '../support/voucher-factory.js';

let t: TestApp;
let guarded: ZodApp;
const token = 'metrics-token-0123456789';

beforeAll(async () => {
  t = await buildTestApp();
  guarded = await buildApp({ ctx: t.ctx, logger: false, publicUrl: 'http://saps.test', metricsToken: token });
  await guarded.ready();
  await makeVoucher(t, { until: 'assigned' });
  await runSweep(t.ctx);
});
afterAll(async () => {
  await guarded.close();
  await t.close();
});

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * The Prometheus text exposition format, strictly: every line is a HELP, a TYPE or a sample
 * `name{label="value",…} number`, and every sample belongs to a family announced by TYPE.
 */
function parsePrometheus(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '') {
      continue;
    }
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$/.test(line)) {
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/.exec(line);
    if (!sample) {
      throw new Error(`not Prometheus text: ${line}`);
    }
    const labels: Record<string, string> = {};
    for (const pair of (sample[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/g)) {
      labels[pair[1]!] = pair[2]!;
    }
    const name = sample[1]!;
    const family = [...types.keys()].find(
      (f) => name === f || /^_(bucket|sum|count|total)$/.test(name.slice(f.length)),
    );
    if (!family) {
      throw new Error(`sample without a TYPE: ${line}`);
    }
    samples.push({ name, labels, value: Number(sample[3]) });
  }
  return { types, samples };
}

describe('GET /metrics', () => {
  it('answers Prometheus text: requests by route and status, latency, outbox, sweeps, vouchers, days at risk', async () => {
    const operator = await t.login('operator@saps.example');
    await t.app.inject({ method: 'GET', url: '/api/v1/vouchers', headers: bearer(operator) });
    await t.app.inject({ method: 'GET', url: '/api/v1/vouchers?status=lost', headers: bearer(operator) });
    // The voucher's notice e-mail reaches the outbox once its event is fanned out (decision 011).
    await fanOutEvents(t.ctx, eventConsumers({ publicUrl: 'http://saps.test' }));
    const response = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const { types, samples } = parsePrometheus(response.body);
    expect(types.get('saps_http_requests_total')).toBe('counter');
    expect(types.get('saps_http_request_duration_seconds')).toBe('histogram');
    const find = (name: string, labels: Record<string, string> = {}) =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
    expect(find('saps_http_requests_total', { route: '/api/v1/vouchers', status: '200', method: 'GET' })?.value).toBe(
      1,
    );
    expect(find('saps_http_requests_total', { route: '/api/v1/vouchers', status: '400' })?.value).toBe(1);
    expect(find('saps_http_request_duration_seconds_count', { route: '/api/v1/vouchers' })?.value).toBe(2);
    expect(find('saps_vouchers', { status: 'assigned' })?.value).toBeGreaterThanOrEqual(1);
    expect(find('saps_outbox_pending')?.value).toBeGreaterThanOrEqual(1); // the voucher's e-mail
    expect(find('saps_outbox_dead_letters')?.value).toBe(0);
    expect(types.get('saps_webhook_deliveries')).toBe('gauge');
    expect(find('saps_webhook_deliveries', { status: 'failed' })?.value).toBe(0);
    expect(find('saps_webhook_deliveries', { status: 'pending' })?.value).toBe(0);
    expect(find('saps_sweep_runs_total', { result: 'succeeded' })?.value).toBeGreaterThanOrEqual(1);
    expect(find('saps_days_at_risk', { program: 'Software Assurance Planning Services' })?.value).toBeGreaterThan(0);
  });

  it('needs the bearer token when SAPS_METRICS_TOKEN is set', async () => {
    expect((await guarded.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const wrong = await guarded.inject({ method: 'GET', url: '/metrics', headers: bearer(`${token}x`) });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['content-type']).toMatch(/problem\+json/);
    const right = await guarded.inject({ method: 'GET', url: '/metrics', headers: bearer(token) });
    expect(right.statusCode).toBe(200);
    expect(() => parsePrometheus(right.body)).not.toThrow();
  });
});
