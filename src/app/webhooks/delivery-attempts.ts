import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { organizations, users, webhookDeliveries, webhookEndpoints } from '../../db/schema/index.js';
import { enqueueEmail } from '../platform/outbox.js';
import type { AppContext } from '../context.js';
import { adminRoleByKind } from '../organizations/organization-admins.js';
import { retryDelayMs, webhookRetryWindowMs } from './webhook-policy.js';

/** How long a claimed delivery is leased to one dispatcher (more than the 10 s timeout). */
const leaseMs = 60_000;

export interface ClaimedDelivery {
  id: string;
  messageId: string;
  payload: string;
  attempts: number;
  createdAt: Date;
  url: string;
  endpointId: string;
  /** The secrets that sign it: the current one, and the previous one within 24 h of a rotation. */
  secrets: string[];
}

/**
 * Claims due deliveries with `FOR UPDATE SKIP LOCKED` in a short transaction and leases them
 * (moves `next_attempt_at` ahead), so another process skips them; the requests go out after
 * this commits, outside any transaction (decision 006).
 */
export async function claimDueDeliveries(ctx: AppContext, batchSize: number): Promise<ClaimedDelivery[]> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const rows = await tx
      .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, now)))
      .orderBy(asc(webhookDeliveries.nextAttemptAt))
      .limit(batchSize)
      .for('update', { of: webhookDeliveries, skipLocked: true });
    if (rows.length === 0) {
      return [];
    }
    await tx
      .update(webhookDeliveries)
      .set({ nextAttemptAt: new Date(now.getTime() + leaseMs) })
      .where(
        inArray(
          webhookDeliveries.id,
          rows.map((r) => r.delivery.id),
        ),
      );
    return rows.map(({ delivery, endpoint }) => ({
      id: delivery.id,
      messageId: delivery.messageId,
      payload: delivery.payload,
      attempts: delivery.attempts,
      createdAt: delivery.createdAt,
      url: endpoint.url,
      endpointId: endpoint.id,
      secrets:
        endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now
          ? [endpoint.secret, endpoint.previousSecret]
          : [endpoint.secret],
    }));
  });
}

export interface AttemptOutcome {
  ok: boolean;
  responseStatus: number | null;
  latencyMs: number;
  error: string | null;
}

/**
 * Records one attempt: success, a retry with backoff, or, 24 h after the event, `failed`.
 * A delivery that fails for good disables its endpoint (it kept failing for a day) and tells
 * the organisation's admins by e-mail, in the same transaction.
 */
export async function recordAttempt(
  ctx: AppContext,
  delivery: ClaimedDelivery,
  outcome: AttemptOutcome,
): Promise<'succeeded' | 'retry' | 'failed'> {
  const now = ctx.clock.now();
  const attempts = delivery.attempts + 1;
  const next = new Date(now.getTime() + retryDelayMs(attempts));
  const result = outcome.ok
    ? 'succeeded'
    : next.getTime() - delivery.createdAt.getTime() > webhookRetryWindowMs
      ? 'failed'
      : 'retry';
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(webhookDeliveries)
      .set({
        status: result === 'retry' ? 'pending' : result,
        attempts,
        lastAttemptAt: now,
        nextAttemptAt: result === 'retry' ? next : now,
        responseStatus: outcome.responseStatus,
        latencyMs: outcome.latencyMs,
        lastError: outcome.error,
      })
      .where(eq(webhookDeliveries.id, delivery.id));
    if (result !== 'failed') {
      return;
    }
    const [disabled] = await tx
      .update(webhookEndpoints)
      .set({
        disabledAt: now,
        disabledReason: `a delivery kept failing for 24 hours (last: ${outcome.error ?? `HTTP ${outcome.responseStatus}`})`,
      })
      .where(and(eq(webhookEndpoints.id, delivery.endpointId), sql`${webhookEndpoints.disabledAt} is null`))
      .returning();
    if (!disabled) {
      return;
    }
    const [organization] = await tx.select().from(organizations).where(eq(organizations.id, disabled.organizationId));
    const admins = await tx
      .select({ email: users.email })
      .from(users)
      .where(
        and(
          eq(users.organizationId, disabled.organizationId),
          eq(users.active, true),
          sql`${adminRoleByKind[organization!.kind]} = any(${users.roles})`,
          sql`${users.email} not like '%@keys.saps.invalid'`,
        ),
      );
    for (const admin of admins) {
      await enqueueEmail(
        tx,
        {
          to: admin.email,
          subject: 'SAPS: a webhook endpoint was disabled',
          text:
            `The webhook endpoint ${disabled.url} of ${organization!.name} was disabled: ${disabled.disabledReason}.\n` +
            'No further events are sent to it. Fix the receiver, then create the endpoint again.',
        },
        now,
      );
    }
  });
  return result;
}
