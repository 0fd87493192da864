import { DomainError, refusal } from '../domain/errors.js';
import type { Role } from '../domain/roles.js';
import type { Actor } from './context.js';

/**
 * Authorisation and tenant scoping in one place (conventions.md §7). Roles are checked here,
 * in the application layer; "missing" and "another organisation's" are the same 404.
 */
export function isOperator(actor: Actor): boolean {
  return actor.organizationKind === 'operator';
}

export function hasRole(actor: Actor, ...wanted: Role[]): boolean {
  return wanted.some((role) => actor.roles.includes(role));
}

export function requireRole(actor: Actor, ...wanted: Role[]): void {
  if (!hasRole(actor, ...wanted)) {
    throw refusal('forbidden', 'access.needsRole', { roles: wanted });
  }
}

export function notFound(what: string, id: string): DomainError {
  return refusal('not-found', 'access.notFound', { what, id });
}

/** True when the actor may see data owned by `organizationId`. */
export function canSeeOrganization(actor: Actor, organizationId: string): boolean {
  return isOperator(actor) || actor.organizationId === organizationId;
}

/** Throws the same 404 for absent rows and rows of another organisation. */
export function requireVisible<T>(
  actor: Actor,
  row: T | undefined,
  ownerOf: (row: T) => string | readonly string[],
  what: string,
  id: string,
): T {
  if (!row) {
    throw notFound(what, id);
  }
  if (isOperator(actor)) {
    return row;
  }
  const owners = ownerOf(row);
  const list = typeof owners === 'string' ? [owners] : owners;
  if (!list.includes(actor.organizationId)) {
    throw notFound(what, id);
  }
  return row;
}
