import { sql } from 'drizzle-orm';
import { resultRows } from '../../db/connection.js';
import type { AppContext } from '../context.js';
import { reserveAttempt, type CounterFamily, type RateLimitRule } from '../platform/rate-limit.js';
import { newSecret, sha256 } from './tokens.js';

export const passwordResetLifetimeMs = 60 * 60 * 1000;

const resetWindowSeconds = 60 * 60;
const resetPrefix = 'password-reset:';

/** The rows these limits keep in `rate_limit_counters`, on the program clock (as `now` below). */
export const passwordResetCounterFamily: CounterFamily = { prefix: resetPrefix, keepSeconds: resetWindowSeconds };

/**
 * Every request counts (not only failures, unlike sign-in): each one may send an e-mail. They
 * count the same whether the account exists or not, so a refusal reveals nothing either.
 */
function resetRules(email: string, ip: string): RateLimitRule[] {
  return [
    {
      key: `${resetPrefix}account:${email}`,
      limit: 3,
      windowSeconds: resetWindowSeconds,
      what: 'resetEmail',
    },
    { key: `${resetPrefix}ip:${ip}`, limit: 20, windowSeconds: resetWindowSeconds, what: 'resetAddress' },
  ];
}

/**
 * "Password reset goes by e-mail" (issue 4). The answer is the same whether or not the e-mail
 * has an (active) account, so it reveals nothing; an account gets a single-use link valid for
 * one hour, which replaces any earlier unused link.
 *
 * The time it takes must not tell either (issue 9, finding 11): both paths run the same
 * statements in one writing transaction (the counters, then one statement that supersedes the
 * old links, creates the new one, queues the e-mail and writes the audit event — for no row
 * when the e-mail has no account). `bench/password-reset-timing.ts` measures the difference.
 */
export async function requestPasswordReset(
  ctx: AppContext,
  input: { email: string; ip: string },
  links: { publicUrl: string },
): Promise<void> {
  const email = input.email.trim().toLowerCase();
  const now = ctx.clock.now();
  const rules = resetRules(email, input.ip);
  const token = newSecret();
  const expiresAt = new Date(now.getTime() + passwordResetLifetimeMs);
  const rest =
    `,\n\nSomeone asked to reset the password of your SAPS account.\n` +
    `Choose a new password within one hour (the link works once):\n` +
    `${links.publicUrl}/reset-password?token=${token}\n\n` +
    `If it was not you, ignore this message: your password stays as it is.\n`;
  const created = await ctx.db.transaction(async (tx) => {
    await reserveAttempt(tx, rules, now);
    const result = await tx.execute(sql`
      with target as (
        select id, email, name, organization_id from users where email = ${email} and active
      ),
      superseded as (
        update password_resets set used_at = ${now}
        where user_id in (select id from target) and used_at is null
        returning id
      ),
      created as (
        insert into password_resets (user_id, token_hash, created_at, expires_at)
        select id, ${sha256(token)}, ${now}, ${expiresAt} from target
        returning id, user_id
      ),
      mail as (
        insert into outbox (kind, payload, created_at, available_at)
        select 'email',
          jsonb_build_object('to', t.email, 'subject', 'Reset your SAPS password', 'text', 'Hello ' || t.name || ${rest}::text),
          ${now}, ${now}
        from target t
        returning id
      ),
      audit as (
        insert into audit_events (at, actor_id, organization_ids, action, entity_type, entity_id, before, after)
        select ${now}, null, array[t.organization_id], 'user.password-reset-requested', 'user', t.id::text, null,
          jsonb_build_object('passwordResetId', c.id, 'expiresAt', ${expiresAt.toISOString()}::text, 'ip', ${input.ip}::text)
        from target t join created c on c.user_id = t.id
        returning id
      )
      select count(*)::int as created from created`);
    return resultRows<{ created: number }>(result)[0]?.created ?? 0;
  });
  if (created === 0) {
    ctx.log.info({ ip: input.ip }, 'password reset requested for an unknown or inactive e-mail');
  }
}
