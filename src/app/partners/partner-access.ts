import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/connection.js';
import { organizations } from '../../db/schema/index.js';
import { refusal } from '../../domain/errors.js';
import type { Role } from '../../domain/roles.js';
import { hasRole, isOperator, notFound } from '../access.js';
import type { Actor } from '../context.js';

export type PartnerRow = typeof organizations.$inferSelect;

/**
 * Loads the partner organisation `/partners/{id}` names, scoped to the caller (conventions.md
 * §7): operators see every partner; a partner's people see only their own; everyone else gets
 * the same 404 as for an id that does not exist. `customersMayRead` opens it to customers too
 * (the business profile is public to them).
 */
export async function loadVisiblePartner(
  tx: Executor,
  actor: Actor,
  partnerId: string,
  options: { customersMayRead?: boolean } = {},
): Promise<PartnerRow> {
  const [row] = await tx
    .select()
    .from(organizations)
    .where(and(eq(organizations.id, partnerId), eq(organizations.kind, 'partner')));
  if (!row) {
    throw notFound('partner', partnerId);
  }
  const visible =
    isOperator(actor) ||
    actor.organizationId === row.id ||
    (options.customersMayRead === true && actor.organizationKind === 'customer');
  if (!visible) {
    throw notFound('partner', partnerId);
  }
  return row;
}

/**
 * Who may change a partner's data: the listed partner roles of that very partner, and the
 * operator's admin when `operatorMay` says so. Call after `loadVisiblePartner`, so that
 * another organisation's caller has already had a 404.
 */
export function requirePartnerRole(
  actor: Actor,
  partner: PartnerRow,
  partnerRoles: Role[],
  options: { operatorMay: boolean },
): void {
  if (isOperator(actor)) {
    if (options.operatorMay && hasRole(actor, 'operator_admin')) {
      return;
    }
  } else if (actor.organizationId === partner.id && hasRole(actor, ...partnerRoles)) {
    return;
  }
  const allowed = [...partnerRoles, ...(options.operatorMay ? ['operator_admin'] : [])];
  throw refusal('forbidden', 'access.needsRole', { roles: allowed });
}

/** Only the operator's admin (competencies are managed by the operator). */
export function requireOperatorAdmin(actor: Actor): void {
  if (!(isOperator(actor) && hasRole(actor, 'operator_admin'))) {
    throw refusal('forbidden', 'access.operatorAdminOnly', { role: 'operator_admin' });
  }
}
