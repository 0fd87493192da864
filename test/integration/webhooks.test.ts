import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvents } from '../../src/app/platform/events.js';
import type { VoucherView } from '../../src/app/vouchers/present-voucher.js';
import { domainEvents, outbox, webhookDeliveries, webhookEndpoints } from '../../src/db/schema/index.js';
import type { DomainEvent, DomainEventType, VoucherEventData } from '../../src/domain/events.js';
import { eventConsumers } from '../../src/jobs/event-consumers.js';
import { fanOutEvents } from '../../src/jobs/event-fan-out.js';
import { dispatchWebhooks } from '../../src/jobs/webhook-dispatcher.js';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';
import { demoEmails, makeVoucher } from '../support/voucher-factory.js';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let t: TestApp;
let receiver: Server;
let base: string;
const received: Received[] = [];
/** Status codes to answer per path, one per request; 200 when none is queued. */
const answers = new Map<string, number[]>();
const endpoints = new Map<string, { id: string; secret: string }>();

beforeAll(async () => {
  process.env.SAPS_WEBHOOK_ALLOW_PRIVATE = '1';
  t = await buildTestApp();
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ path: req.url!, headers: req.headers, body });
      const queued = answers.get(req.url!);
      res.statusCode = queued?.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  for (const [name, email] of [
    ['northwind', demoEmails.benefitAdmin],
    ['fabrikam', demoEmails.partner],
    ['tailspin', demoEmails.otherPartner],
    ['operator', demoEmails.operator],
  ] as const) {
    endpoints.set(name, await createEndpoint(email, `/${name}`, ['voucher.reserved', 'voucher.created']));
  }
});
afterAll(async () => {
  delete process.env.SAPS_WEBHOOK_ALLOW_PRIVATE;
  await new Promise((resolve) => receiver.close(resolve));
  await t.close();
});

async function api(email: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) {
  const response = await t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: bearer(await t.login(email)),
    ...(payload ? { payload } : {}),
  });
  return { status: response.statusCode, body: response.body ? response.json<any>() : null };
}

async function createEndpoint(email: string, path: string, events: string[]) {
  const created = await api(email, 'POST', '/webhook-endpoints', { url: `${base}${path}`, events });
  expect(created.status).toBe(201);
  expect(created.body.secret).toMatch(/^whsec_/);
  return { id: created.body.id as string, secret: created.body.secret as string };
}

/** An event as the producers record it (src/domain/events.ts), from a real voucher row. */
async function recordVoucherEvent(type: DomainEventType, voucher: VoucherView): Promise<number> {
  const partner = voucher.reservation?.partnerId ?? null;
  const data: VoucherEventData = {
    voucherId: voucher.id,
    code: voucher.code,
    status: voucher.status,
    customerOrganizationId: voucher.organizationId,
    partnerOrganizationId: partner,
    projectManagerId: voucher.projectManagerId,
    agreementId: voucher.agreementId,
    engagementTypeId: voucher.engagementTypeId,
    days: voucher.days,
    expiresAt: voucher.expiresAt.toISOString(),
  };
  const event: DomainEvent = {
    type,
    entityType: 'voucher',
    entityId: voucher.id,
    programId: voucher.programId,
    organizationIds: partner ? [voucher.organizationId, partner] : [voucher.organizationId],
    actorId: null,
    at: t.clock.now(),
    data: { ...data },
  };
  await recordEvents(t.ctx.db, [event]);
  const [row] = await t.ctx.db.select({ id: sql<number>`max(${domainEvents.id})`.mapWith(Number) }).from(domainEvents);
  return row!.id;
}

async function pump() {
  await fanOutEvents(t.ctx, eventConsumers({ publicUrl: 'http://saps.test' }));
  return dispatchWebhooks(t.ctx, { allowPrivate: true });
}

const ofEvent = (eventId: number, path?: string) =>
  received.filter((r) => r.headers['webhook-id'] === `msg_${eventId}` && (!path || r.path === path));

function verifies(request: Received, secret: string): boolean {
  try {
    new Webhook(secret).verify(request.body, request.headers as Record<string, string>);
    return true;
  } catch {
    return false;
  }
}

async function deliveryOf(endpoint: string, eventId: number) {
  const [row] = await t.ctx.db
    .select()
    .from(webhookDeliveries)
    .where(
      sql`${webhookDeliveries.endpointId} = ${endpoints.get(endpoint)!.id} and ${webhookDeliveries.eventId} = ${eventId}`,
    );
  return row;
}

describe('webhooks (Standard Webhooks, signed with standardwebhooks)', () => {
  it('sends each committed event exactly once to every organisation that may read the object, and to nobody else', async () => {
    const voucher = await makeVoucher(t, { until: 'reserved' });
    const eventId = await recordVoucherEvent('voucher.reserved', voucher);
    await pump();
    await pump();
    for (const name of ['northwind', 'fabrikam', 'operator']) {
      const requests = ofEvent(eventId, `/${name}`);
      expect(requests, name).toHaveLength(1);
      expect(verifies(requests[0]!, endpoints.get(name)!.secret)).toBe(true);
      const body = JSON.parse(requests[0]!.body) as {
        type: string;
        timestamp: string;
        data: { id: string; code: string };
      };
      expect(body).toMatchObject({ type: 'voucher.reserved', data: { id: voucher.id, code: voucher.code } });
      expect(Date.parse(body.timestamp)).toBe(t.clock.now().getTime());
    }
    // Tailspin may not read Fabrikam's voucher of Northwind: nothing, not even an empty notice.
    expect(ofEvent(eventId, '/tailspin')).toEqual([]);
    // Another endpoint's secret does not verify (each endpoint signs with its own).
    expect(verifies(ofEvent(eventId, '/northwind')[0]!, endpoints.get('fabrikam')!.secret)).toBe(false);
  });

  it('sends nothing for a refused operation (no event is committed)', async () => {
    const voucher = await makeVoucher(t, { until: 'reserved' });
    await pump();
    const before = received.length;
    const [{ n: eventsBefore }] = (await t.ctx.db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(domainEvents)) as [{ n: number }];
    const refused = await api(demoEmails.benefitAdmin, 'POST', `/vouchers/${voucher.id}/cancel`);
    expect(refused.status).toBe(409);
    await pump();
    const [{ n: eventsAfter }] = (await t.ctx.db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(domainEvents)) as [{ n: number }];
    expect(eventsAfter).toBe(eventsBefore);
    expect(received.length).toBe(before);
  });

  it('retries after a 500 within 30 s with the same webhook-id and body, and logs status and latency', async () => {
    const voucher = await makeVoucher(t, { until: 'assigned' });
    await pump(); // the producers' own events for the new voucher go out first
    answers.set('/northwind', [500]);
    const eventId = await recordVoucherEvent('voucher.created', voucher);
    await pump();
    const failed = await deliveryOf('northwind', eventId);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, responseStatus: 500, lastError: 'HTTP 500' });
    expect(failed!.nextAttemptAt.getTime() - t.clock.now().getTime()).toBeLessThanOrEqual(30_000);
    await pump();
    expect(ofEvent(eventId, '/northwind')).toHaveLength(1); // not due yet
    t.clock.set(failed!.nextAttemptAt.toISOString());
    await pump();
    const requests = ofEvent(eventId, '/northwind');
    expect(requests).toHaveLength(2);
    expect(requests[1]!.body).toBe(requests[0]!.body);
    expect(verifies(requests[1]!, endpoints.get('northwind')!.secret)).toBe(true);
    const log = await api(
      demoEmails.benefitAdmin,
      'GET',
      `/webhook-endpoints/${endpoints.get('northwind')!.id}/deliveries`,
    );
    const entry = log.body.items.find((d: { webhookId: string }) => d.webhookId === `msg_${eventId}`);
    expect(entry).toMatchObject({
      status: 'succeeded',
      attempts: 2,
      responseStatus: 200,
      eventType: 'voucher.created',
    });
    expect(entry.latencyMs).toEqual(expect.any(Number));

    // Manual retry: sent again at once, same webhook-id.
    const retried = await api(
      demoEmails.benefitAdmin,
      'POST',
      `/webhook-endpoints/${endpoints.get('northwind')!.id}/deliveries/${entry.id}/retry`,
    );
    expect(retried.status).toBe(202);
    await pump();
    expect(ofEvent(eventId, '/northwind')).toHaveLength(3);
    // Another organisation cannot see or retry it.
    const foreign = await api(
      demoEmails.otherPartner,
      'POST',
      `/webhook-endpoints/${endpoints.get('northwind')!.id}/deliveries/${entry.id}/retry`,
    );
    expect(foreign.status).toBe(404);
  });

  it('rotates the secret: both secrets verify for 24 h, then only the new one', async () => {
    const old = endpoints.get('northwind')!;
    const rotated = await api(demoEmails.benefitAdmin, 'POST', `/webhook-endpoints/${old.id}/secret-rotation`);
    expect(rotated.status).toBe(200);
    const fresh = rotated.body.secret as string;
    expect(fresh).not.toBe(old.secret);
    const voucher = await makeVoucher(t, { until: 'assigned' });
    const during = await recordVoucherEvent('voucher.created', voucher);
    await pump();
    const [inWindow] = ofEvent(during, '/northwind');
    expect(verifies(inWindow!, fresh)).toBe(true);
    expect(verifies(inWindow!, old.secret)).toBe(true);
    t.clock.set(new Date(Date.parse(rotated.body.previousSecretExpiresAt as string) + 1000).toISOString());
    const after = await recordVoucherEvent('voucher.created', voucher);
    await pump();
    const [late] = ofEvent(after, '/northwind');
    expect(verifies(late!, fresh)).toBe(true);
    expect(verifies(late!, old.secret)).toBe(false);
  });

  it('disables an endpoint that keeps failing for 24 h and tells its admins; nothing more is sent to it', async () => {
    const failing = await createEndpoint(demoEmails.partner, '/failing', ['voucher.reserved']);
    endpoints.set('failing', failing);
    answers.set(
      '/failing',
      Array.from({ length: 100 }, () => 503),
    );
    const voucher = await makeVoucher(t, { until: 'reserved' });
    const eventId = await recordVoucherEvent('voucher.reserved', voucher);
    await pump();
    for (let i = 0; i < 60; i += 1) {
      const delivery = await deliveryOf('failing', eventId);
      if (delivery!.status !== 'pending') {
        break;
      }
      t.clock.set(delivery!.nextAttemptAt.toISOString());
      await pump();
    }
    const delivery = await deliveryOf('failing', eventId);
    expect(delivery!.status).toBe('failed');
    expect(delivery!.lastAttemptAt!.getTime() - delivery!.createdAt.getTime()).toBeLessThanOrEqual(24 * 3600 * 1000);
    expect(delivery!.attempts).toBeGreaterThan(20);
    const [endpoint] = await t.ctx.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, failing.id));
    expect(endpoint!.disabledAt).not.toBeNull();
    const mails = await t.ctx.db.select().from(outbox).where(eq(outbox.kind, 'email'));
    const notice = mails.find(
      (m) => (m.payload as { subject: string }).subject === 'SAPS: a webhook endpoint was disabled',
    );
    expect(notice?.payload).toMatchObject({ to: 'admin@fabrikam.example' });
    const next = await recordVoucherEvent('voucher.reserved', voucher);
    await pump();
    expect(ofEvent(next, '/failing')).toEqual([]);
    expect(ofEvent(next, '/fabrikam')).toHaveLength(1);
  });

  it('refuses loopback and private targets unless SAPS_WEBHOOK_ALLOW_PRIVATE=1, and plain http', async () => {
    delete process.env.SAPS_WEBHOOK_ALLOW_PRIVATE;
    try {
      for (const url of [
        `${base}/x`,
        'https://127.0.0.1/x',
        'https://10.1.2.3/x',
        'https://[::1]/x',
        'https://169.254.169.254/x',
        'ftp://example.com/x',
        'relative/x',
      ]) {
        const refused = await api(demoEmails.partner, 'POST', '/webhook-endpoints', {
          url,
          events: ['voucher.reserved'],
        });
        expect(refused.status, url).toBe(400);
        expect(refused.body.errors[0].path).toBe('body.url');
      }
    } finally {
      process.env.SAPS_WEBHOOK_ALLOW_PRIVATE = '1';
    }
    // At delivery, a name resolving to loopback is refused too when private targets are not allowed.
    const voucher = await makeVoucher(t, { until: 'reserved' });
    await t.ctx.db
      .update(webhookEndpoints)
      .set({ url: base.replace('127.0.0.1', 'localhost') + '/fabrikam' })
      .where(eq(webhookEndpoints.id, endpoints.get('fabrikam')!.id));
    const eventId = await recordVoucherEvent('voucher.reserved', voucher);
    await fanOutEvents(t.ctx, eventConsumers({ publicUrl: 'http://saps.test' }));
    await dispatchWebhooks(t.ctx, { allowPrivate: false });
    expect(ofEvent(eventId, '/fabrikam')).toEqual([]);
    expect((await deliveryOf('fabrikam', eventId))!.lastError).toMatch(/^refused: localhost resolves to/);
  });
});
