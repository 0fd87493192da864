import { organizations } from '../../db/schema/index.js';
import { requireRole } from '../access.js';
import { recordAudit, type AuditFacts } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import type { z } from 'zod';
import type { organization } from '../../http/schemas/organizations.js';

/** The answer as its response schema says (a field removed there breaks the presenter). */
export type OrganizationView = z.output<typeof organization>;

export function presentOrganization(row: typeof organizations.$inferSelect): OrganizationView {
  return { id: row.id, kind: row.kind, name: row.name, country: row.country, createdAt: row.createdAt };
}

/** `organization.created`, as the API and the bulk import both record it. */
export function organizationCreatedAudit(view: OrganizationView): AuditFacts {
  return {
    organizationIds: [view.id],
    action: 'organization.created',
    entityType: 'organization',
    entityId: view.id,
    before: null,
    after: view,
  };
}

/** Operators register customer and partner organisations (api.md, "Operator"). */
export async function createOrganization(
  ctx: AppContext,
  actor: Actor,
  input: { kind: 'customer' | 'partner'; name: string; country: string },
): Promise<OrganizationView> {
  requireRole(actor, 'operator_admin');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(organizations)
      .values({ kind: input.kind, name: input.name.trim(), country: input.country, createdAt: now })
      .returning();
    const view = presentOrganization(row!);
    await recordAudit(tx, { at: now, actorId: actor.userId, ...organizationCreatedAudit(view) });
    return view;
  });
}
