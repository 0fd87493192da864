import { and, desc, eq, isNull } from 'drizzle-orm';
import { apiKeys, organizations, users } from '../../db/schema/index.js';
import { refusal } from '../../domain/errors.js';
import { hasRole, isOperator, notFound } from '../access.js';
import { recordAudit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import { adminRoleByKind } from '../organizations/organization-admins.js';
import { presentApiKey, type ApiKeyView } from './present-api-key.js';

/** The organisation's admins (a person), or an operator admin for any organisation. */
async function requireKeyManager(ctx: AppContext, actor: Actor, organizationId: string): Promise<void> {
  const [organization] = await ctx.db
    .select({ kind: organizations.kind })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  if (!organization || (!isOperator(actor) && actor.organizationId !== organizationId)) {
    throw notFound('organization', organizationId);
  }
  if (actor.apiKeyId) {
    throw refusal('forbidden', 'access.apiKeysByPerson');
  }
  const mayManage =
    (isOperator(actor) && hasRole(actor, 'operator_admin')) ||
    (actor.organizationId === organizationId && hasRole(actor, adminRoleByKind[organization.kind]));
  if (!mayManage) {
    throw refusal('forbidden', 'access.apiKeysAdmin', { role: adminRoleByKind[organization.kind] });
  }
}

/** `GET /organizations/{id}/api-keys`: newest first, revoked ones included, never a token. */
export async function listApiKeys(ctx: AppContext, actor: Actor, organizationId: string): Promise<ApiKeyView[]> {
  await requireKeyManager(ctx, actor, organizationId);
  const rows = await ctx.db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.organizationId, organizationId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
    .limit(500);
  return rows.map(presentApiKey);
}

/**
 * `DELETE /organizations/{id}/api-keys/{keyId}`: dead at once. Authentication reads the key on
 * every request (no cache), so the next request with it is refused; its principal is
 * deactivated too. Revoking a revoked key changes nothing.
 */
export async function revokeApiKey(
  ctx: AppContext,
  actor: Actor,
  organizationId: string,
  keyId: string,
): Promise<void> {
  await requireKeyManager(ctx, actor, organizationId);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const [key] = await tx
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.organizationId, organizationId)))
      .for('update');
    if (!key) {
      throw notFound('API key', keyId);
    }
    if (key.revokedAt) {
      return;
    }
    const [revoked] = await tx
      .update(apiKeys)
      .set({ revokedAt: now })
      .where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)))
      .returning();
    await tx.update(users).set({ active: false }).where(eq(users.id, key.principalId));
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      organizationIds: [organizationId],
      action: 'api_key.revoked',
      entityType: 'api_key',
      entityId: keyId,
      before: { revokedAt: null },
      after: { revokedAt: revoked!.revokedAt },
    });
  });
}
