import { isIPv6 } from 'node:net';
import type { CounterFamily, RateLimitRule } from '../platform/rate-limit.js';

/**
 * The sign-in limits of decision 015, designed so that an attacker cannot lock a user out of
 * the client the user usually signs in from:
 * - per account *and client address*: 5 failures in 15 minutes. Guessing from elsewhere never
 *   touches the counter of the user's own address.
 * - per account, from clients that never signed in to it: 30 failures in 15 minutes (the cap
 *   on an attacker who rotates addresses).
 * - per address, for accounts not known at that address: 50 failures in 15 minutes. People
 *   who already signed in from an office address keep signing in while it is limited.
 * A client is *known* for an account for 90 days after a successful sign-in from its address.
 */
export const signInWindowSeconds = 15 * 60;
export const knownClientDays = 90;

/** IPv6 clients get a /64 each (one host's usual allocation), so rotating in it gains nothing. */
export function clientAddress(ip: string): string {
  if (!isIPv6(ip) || ip.includes('.')) {
    return ip;
  }
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

const knownClientPrefix = 'login:known-client:';
const accountPrefix = 'login:account:';
const addressPrefix = 'login:ip:';

/** The rows these limits keep in `rate_limit_counters`, on the real clock, and for how long. */
export const signInCounterFamilies: readonly CounterFamily[] = [
  { prefix: accountPrefix, keepSeconds: signInWindowSeconds },
  { prefix: addressPrefix, keepSeconds: signInWindowSeconds },
  { prefix: knownClientPrefix, keepSeconds: knownClientDays * 86_400 },
];

export function knownClientKey(email: string, client: string): string {
  return `${knownClientPrefix}${email}:${client}`;
}

/** The prefix of every counter of one account, cleared when its password is reset. */
export function accountCounterPrefix(email: string): string {
  return `${accountPrefix}${email}:`;
}

export function signInRules(email: string, client: string, known: boolean): RateLimitRule[] {
  const perClient: RateLimitRule = {
    key: `${accountCounterPrefix(email)}client:${client}`,
    limit: 5,
    windowSeconds: signInWindowSeconds,
    what: 'signInAccountAddress',
  };
  if (known) {
    return [perClient];
  }
  return [
    perClient,
    {
      key: `${accountCounterPrefix(email)}unknown-clients`,
      limit: 30,
      windowSeconds: signInWindowSeconds,
      what: 'signInAccountNew',
    },
    {
      key: `${addressPrefix}${client}`,
      limit: 50,
      windowSeconds: signInWindowSeconds,
      what: 'signInAddress',
    },
  ];
}
