import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { webhookDeliveries, webhookEndpoints } from '../../db/schema/index.js';
import { refusal } from '../../domain/errors.js';
import { hasRole, notFound } from '../access.js';
import { recordAudit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import { adminRoleByKind } from '../organizations/organization-admins.js';
import type { WebhookEventType } from '../../domain/webhook-events.js';
import { previousSecretValidityMs, validateEndpointUrl, webhookAllowPrivate } from './webhook-policy.js';

type EndpointRow = typeof webhookEndpoints.$inferSelect;
type DeliveryRow = typeof webhookDeliveries.$inferSelect;

export interface WebhookEndpointView {
  id: string;
  organizationId: string;
  url: string;
  events: string[];
  description: string | null;
  createdAt: Date;
  disabledAt: Date | null;
  disabledReason: string | null;
  previousSecretExpiresAt: Date | null;
}

export interface WebhookDeliveryView {
  id: string;
  webhookId: string;
  eventType: string;
  status: DeliveryRow['status'];
  attempts: number;
  createdAt: Date;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
  responseStatus: number | null;
  latencyMs: number | null;
  lastError: string | null;
}

function present(row: EndpointRow): WebhookEndpointView {
  return {
    id: row.id,
    organizationId: row.organizationId,
    url: row.url,
    events: row.events,
    description: row.description,
    createdAt: row.createdAt,
    disabledAt: row.disabledAt,
    disabledReason: row.disabledReason,
    previousSecretExpiresAt: row.previousSecretExpiresAt,
  };
}

function presentDelivery(row: DeliveryRow): WebhookDeliveryView {
  return {
    id: row.id,
    webhookId: row.messageId,
    eventType: row.eventType,
    status: row.status,
    attempts: row.attempts,
    createdAt: row.createdAt,
    lastAttemptAt: row.lastAttemptAt,
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt : null,
    responseStatus: row.responseStatus,
    latencyMs: row.latencyMs,
    lastError: row.lastError,
  };
}

/** Standard Webhooks secrets: `whsec_` and 32 random bytes in base64. */
function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The organisation's admin (or an API key holding that role) runs its own endpoints. */
function requireWebhookAdmin(actor: Actor): void {
  if (!hasRole(actor, adminRoleByKind[actor.organizationKind])) {
    throw refusal('forbidden', 'access.webhooksAdmin', { role: adminRoleByKind[actor.organizationKind] });
  }
}

async function loadOwnEndpoint(ctx: AppContext, actor: Actor, id: string): Promise<EndpointRow> {
  requireWebhookAdmin(actor);
  const [row] = await ctx.db
    .select()
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.id, id),
        eq(webhookEndpoints.organizationId, actor.organizationId),
        isNull(webhookEndpoints.deletedAt),
      ),
    );
  if (!row) {
    throw notFound('webhook endpoint', id);
  }
  return row;
}

export async function createWebhookEndpoint(
  ctx: AppContext,
  actor: Actor,
  input: { url: string; events: WebhookEventType[]; description?: string | undefined },
): Promise<WebhookEndpointView & { secret: string }> {
  requireWebhookAdmin(actor);
  const url = validateEndpointUrl(input.url, webhookAllowPrivate());
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({
        organizationId: actor.organizationId,
        url: url.toString(),
        events: [...new Set(input.events)],
        description: input.description ?? null,
        secret: newWebhookSecret(),
        createdBy: actor.userId,
        createdAt: now,
      })
      .returning();
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      organizationIds: [actor.organizationId],
      action: 'webhook_endpoint.created',
      entityType: 'webhook_endpoint',
      entityId: row!.id,
      before: null,
      after: { url: row!.url, events: row!.events },
    });
    return { ...present(row!), secret: row!.secret };
  });
}

export async function listWebhookEndpoints(ctx: AppContext, actor: Actor): Promise<WebhookEndpointView[]> {
  requireWebhookAdmin(actor);
  const rows = await ctx.db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.organizationId, actor.organizationId), isNull(webhookEndpoints.deletedAt)))
    .orderBy(desc(webhookEndpoints.createdAt));
  return rows.map(present);
}

/** Deleting stops it at once: its pending deliveries end as `failed`. */
export async function deleteWebhookEndpoint(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const endpoint = await loadOwnEndpoint(ctx, actor, id);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx.update(webhookEndpoints).set({ deletedAt: now }).where(eq(webhookEndpoints.id, endpoint.id));
    await tx
      .update(webhookDeliveries)
      .set({ status: 'failed', lastError: 'endpoint deleted' })
      .where(and(eq(webhookDeliveries.endpointId, endpoint.id), eq(webhookDeliveries.status, 'pending')));
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      organizationIds: [actor.organizationId],
      action: 'webhook_endpoint.deleted',
      entityType: 'webhook_endpoint',
      entityId: endpoint.id,
      before: { url: endpoint.url },
      after: null,
    });
  });
}

/** A new secret; the old one keeps signing (a second signature) for 24 h, so receivers can switch. */
export async function rotateWebhookSecret(
  ctx: AppContext,
  actor: Actor,
  id: string,
): Promise<{ secret: string; previousSecretExpiresAt: Date }> {
  const endpoint = await loadOwnEndpoint(ctx, actor, id);
  const now = ctx.clock.now();
  const secret = newWebhookSecret();
  const previousSecretExpiresAt = new Date(now.getTime() + previousSecretValidityMs);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(webhookEndpoints)
      .set({ secret, previousSecret: endpoint.secret, previousSecretExpiresAt })
      .where(eq(webhookEndpoints.id, endpoint.id));
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      organizationIds: [actor.organizationId],
      action: 'webhook_endpoint.secret_rotated',
      entityType: 'webhook_endpoint',
      entityId: endpoint.id,
      before: null,
      after: { previousSecretExpiresAt },
    });
  });
  return { secret, previousSecretExpiresAt };
}

/** The delivery log, newest first (the last 200). */
export async function listWebhookDeliveries(ctx: AppContext, actor: Actor, id: string): Promise<WebhookDeliveryView[]> {
  const endpoint = await loadOwnEndpoint(ctx, actor, id);
  const rows = await ctx.db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.endpointId, endpoint.id))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.eventId))
    .limit(200);
  return rows.map(presentDelivery);
}

/** Manual retry: the delivery is due now again, same body and `webhook-id`, whatever its status. */
export async function retryWebhookDelivery(
  ctx: AppContext,
  actor: Actor,
  endpointId: string,
  deliveryId: string,
): Promise<WebhookDeliveryView> {
  const endpoint = await loadOwnEndpoint(ctx, actor, endpointId);
  if (endpoint.disabledAt) {
    throw refusal('invalid-transition', 'webhook.disabled');
  }
  const [row] = await ctx.db
    .update(webhookDeliveries)
    .set({ status: 'pending', nextAttemptAt: ctx.clock.now() })
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpoint.id)))
    .returning();
  if (!row) {
    throw notFound('webhook delivery', deliveryId);
  }
  return presentDelivery(row);
}
