import { BlockList, isIP } from 'node:net';
import { DomainError, fieldError } from '../../domain/errors.js';
import { msg, render, type MessageKey } from '../../domain/messages.js';

/** A 2xx within this is success (api.md); a slower answer is a failed attempt. */
export const webhookTimeoutMs = 10_000;
/** What is read of a receiver's answer: enough for the delivery log, never a memory risk. */
export const webhookResponseBodyLimit = 16 * 1024;
/** Retries go on for this long after the event; then the delivery is `failed`. */
export const webhookRetryWindowMs = 24 * 60 * 60 * 1000;
/** After a rotation, the previous secret keeps signing for this long. */
export const previousSecretValidityMs = 24 * 60 * 60 * 1000;

/**
 * Delay before attempt n + 1 after n failed attempts: the first retry within 30 s (api.md),
 * then growing to an hour between attempts for the rest of the 24 h.
 */
export function retryDelayMs(failedAttempts: number): number {
  const schedule = [10_000, 30_000, 120_000, 600_000, 1_800_000];
  return schedule[failedAttempts - 1] ?? 3_600_000;
}

/** `SAPS_WEBHOOK_ALLOW_PRIVATE=1`: allow http:// and loopback, private and link-local targets. */
export function webhookAllowPrivate(): boolean {
  return process.env.SAPS_WEBHOOK_ALLOW_PRIVATE === '1';
}

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** Loopback, private, link-local, carrier-grade NAT, multicast or unspecified (IPv4-mapped too). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) {
    return blocked.check(mapped[1]!, 'ipv4');
  }
  const family = isIP(address);
  if (family === 0) {
    return true;
  }
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * An endpoint URL: absolute `https` (or `http` when private targets are allowed), no
 * credentials, and not an IP literal of a private network unless allowed. Host names are checked
 * again at each delivery, on the addresses they resolve to then.
 */
export function validateEndpointUrl(value: string, allowPrivate: boolean): URL {
  // "the webhook URL must use https": the field's message inside the detail, both from the catalogue.
  const refuse = (key: MessageKey) =>
    new DomainError(
      'validation-failed',
      { key: 'webhook.url', params: { problem: render(msg(key), 'en') }, parts: { problem: [msg(key)] } },
      { errors: [fieldError('body.url', key)] },
    );
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw refuse('webhook.absoluteUrl');
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) {
    throw refuse('webhook.https');
  }
  if (url.username || url.password) {
    throw refuse('webhook.noCredentials');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && (host === 'localhost' || (isIP(host) !== 0 && isPrivateAddress(host)))) {
    throw refuse('webhook.notPrivate');
  }
  return url;
}
