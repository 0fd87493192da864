import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { AppContext } from '../app/context.js';
import { systemClock } from '../app/clock.js';
import {
  claimDueDeliveries,
  recordAttempt,
  type AttemptOutcome,
  type ClaimedDelivery,
} from '../app/webhooks/delivery-attempts.js';
import {
  isPrivateAddress,
  webhookAllowPrivate,
  webhookResponseBodyLimit,
  webhookTimeoutMs,
} from '../app/webhooks/webhook-policy.js';
import type { Clock } from '../domain/clock.js';

export interface WebhookDispatchResult {
  succeeded: number;
  retried: number;
  failed: number;
}

/**
 * Resolves like `dns.lookup` but refuses loopback, private and link-local addresses: checked on
 * the address the socket connects to, so a name that resolves differently later (DNS
 * rebinding) is caught too.
 */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      const refused = addresses.find((a) => isPrivateAddress(a.address));
      if (!allowPrivate && refused) {
        callback(
          Object.assign(new Error(`refused: ${hostname} resolves to ${refused.address}, a private address`), {
            code: 'EPRIVATE',
          }),
          '',
          0,
        );
        return;
      }
      if (options.all) {
        (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
        return;
      }
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** One POST with the Standard Webhooks headers; 2xx within 10 s is success. Reads ≤ 16 KiB back. */
function send(delivery: ClaimedDelivery, wallClock: Clock, allowPrivate: boolean): Promise<AttemptOutcome> {
  const started = performance.now();
  const timestamp = wallClock.now();
  // Every live secret signs (space-separated `v1,…`): during a rotation either one verifies.
  const signature = delivery.secrets
    .map((secret) => new Webhook(secret).sign(delivery.messageId, timestamp, delivery.payload))
    .join(' ');
  const url = new URL(delivery.url);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: Omit<AttemptOutcome, 'latencyMs'>) => {
      if (!settled) {
        settled = true;
        resolve({ ...outcome, latencyMs: Math.round(performance.now() - started) });
      }
    };
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'SAPS-Webhooks/1',
          'webhook-id': delivery.messageId,
          'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
          'webhook-signature': signature,
        },
        lookup: guardedLookup(allowPrivate),
        signal: AbortSignal.timeout(webhookTimeoutMs),
      },
      (res: IncomingMessage) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > webhookResponseBodyLimit) {
            // The answer is not needed beyond its status: stop reading a body that never ends.
            res.destroy();
          }
        });
        const status = res.statusCode ?? 0;
        const done = () =>
          finish({
            ok: status >= 200 && status < 300,
            responseStatus: status,
            error: status >= 200 && status < 300 ? null : `HTTP ${status}`,
          });
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      },
    );
    req.on('error', (error: Error & { code?: string }) => {
      const message =
        error.name === 'TimeoutError' || error.name === 'AbortError'
          ? `no answer within ${webhookTimeoutMs / 1000} s`
          : error.message;
      finish({ ok: false, responseStatus: null, error: message });
    });
    req.end(delivery.payload);
  });
}

/**
 * Sends the due webhook deliveries, batch by batch, each claimed and leased first and recorded
 * after its request (decision 023). Requests of one batch go out in parallel.
 */
export async function dispatchWebhooks(
  ctx: AppContext,
  options: { batchSize?: number; allowPrivate?: boolean; wallClock?: Clock } = {},
): Promise<WebhookDispatchResult> {
  const batchSize = options.batchSize ?? 20;
  const allowPrivate = options.allowPrivate ?? webhookAllowPrivate();
  const wallClock = options.wallClock ?? systemClock;
  const result: WebhookDispatchResult = { succeeded: 0, retried: 0, failed: 0 };
  for (;;) {
    const claimed = await claimDueDeliveries(ctx, batchSize);
    const outcomes = await Promise.all(
      claimed.map(async (delivery) => recordAttempt(ctx, delivery, await send(delivery, wallClock, allowPrivate))),
    );
    for (const outcome of outcomes) {
      result[outcome === 'retry' ? 'retried' : outcome] += 1;
    }
    if (claimed.length < batchSize) {
      return result;
    }
  }
}
