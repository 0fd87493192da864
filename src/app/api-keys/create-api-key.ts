import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { apiKeys, organizations, users } from '../../db/schema/index.js';
import { fieldError, refusal } from '../../domain/errors.js';
import { rolesNotAllowedFor, type Role } from '../../domain/roles.js';
import { notFound } from '../access.js';
import { recordAudit } from '../audit.js';
import { newSecret, sha256 } from '../auth/tokens.js';
import type { Actor, AppContext } from '../context.js';
import { adminRoleByKind } from '../organizations/organization-admins.js';
import { presentApiKey, type ApiKeyView } from './present-api-key.js';

export const apiKeyTokenPrefix = 'saps_';

export interface CreatedApiKey extends ApiKeyView {
  /** Shown once: only its hash is stored. */
  token: string;
}

/**
 * `POST /organizations/{id}/api-keys`: an admin of that organisation (a person, not another key)
 * makes a key whose roles are a subset of their own (api.md, Integrations). The key acts through
 * a principal of its own in `users`, named after it, with no password: it can never sign in.
 */
export async function createApiKey(
  ctx: AppContext,
  actor: Actor,
  organizationId: string,
  input: { name: string; roles: Role[] },
): Promise<CreatedApiKey> {
  if (actor.organizationId !== organizationId) {
    throw notFound('organization', organizationId);
  }
  if (actor.apiKeyId) {
    throw refusal('forbidden', 'access.apiKeyCannotCreateKeys');
  }
  if (!actor.roles.includes(adminRoleByKind[actor.organizationKind])) {
    throw refusal('forbidden', 'access.apiKeyAdminOnly', { role: adminRoleByKind[actor.organizationKind] });
  }
  const roles = [...new Set(input.roles)];
  const notHeld = roles.filter((role) => !actor.roles.includes(role));
  const wrongKind = rolesNotAllowedFor(actor.organizationKind, roles);
  if (notHeld.length > 0 || wrongKind.length > 0) {
    throw refusal(
      'validation-failed',
      'apiKey.rolesNotHeld',
      {},
      {
        errors: [fieldError('body.roles', 'field.notYourRoles', { roles: [...new Set([...notHeld, ...wrongKind])] })],
      },
    );
  }
  const now = ctx.clock.now();
  const id = randomUUID();
  const token = `${apiKeyTokenPrefix}${newSecret()}`;
  return ctx.db.transaction(async (tx) => {
    const [organization] = await tx.select().from(organizations).where(eq(organizations.id, organizationId));
    if (!organization) {
      throw notFound('organization', organizationId);
    }
    const [principal] = await tx
      .insert(users)
      .values({
        organizationId,
        // Unroutable on purpose (RFC 2606 .invalid): no e-mail can reach a key.
        email: `api-key-${id}@keys.saps.invalid`,
        name: `API key \u201c${input.name}\u201d`,
        roles,
        passwordHash: null,
        active: true,
        createdAt: now,
      })
      .returning({ id: users.id });
    const [row] = await tx
      .insert(apiKeys)
      .values({
        id,
        organizationId,
        principalId: principal!.id,
        name: input.name,
        roles,
        tokenHash: sha256(token),
        tokenPrefix: token.slice(0, apiKeyTokenPrefix.length + 6),
        createdBy: actor.userId,
        createdAt: now,
      })
      .returning();
    const view = presentApiKey(row!);
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      organizationIds: [organizationId],
      action: 'api_key.created',
      entityType: 'api_key',
      entityId: id,
      before: null,
      after: { name: view.name, roles: view.roles, tokenPrefix: view.tokenPrefix, principalId: principal!.id },
    });
    return { ...view, token };
  });
}
