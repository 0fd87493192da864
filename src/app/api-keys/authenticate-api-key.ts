import { sql } from 'drizzle-orm';
import { resultRows } from '../../db/connection.js';
import type { Role } from '../../domain/roles.js';
import { sha256 } from '../auth/tokens.js';
import type { Actor, AppContext } from '../context.js';

/** `last_used_at` is written at most this often per key, so requests stay one read each. */
export const lastUsedResolutionMs = 60_000;

interface KeyRow {
  key_id: string;
  principal_id: string;
  organization_id: string;
  organization_kind: Actor['organizationKind'];
  roles: string[];
}

/**
 * The live key behind a `saps_…` bearer token, in ONE statement: the lookup (not revoked, its
 * principal active) and, in a data-modifying CTE, `last_used_at` moved forward when it is
 * more than a minute old. The key acts with its own roles, as its organisation.
 */
export async function authenticateApiKey(ctx: AppContext, token: string): Promise<Actor | null> {
  const now = ctx.realClock.now();
  const staleBefore = new Date(now.getTime() - lastUsedResolutionMs);
  const result = await ctx.db.execute(sql`
    with key as (
      select k.id as key_id, k.principal_id, k.organization_id, o.kind as organization_kind, k.roles
      from api_keys k
      join users u on u.id = k.principal_id
      join organizations o on o.id = k.organization_id
      where k.token_hash = ${sha256(token)} and k.revoked_at is null and u.active
    ), touched as (
      update api_keys set last_used_at = ${now.toISOString()}::timestamptz
      where id = (select key_id from key)
        and (last_used_at is null or last_used_at < ${staleBefore.toISOString()}::timestamptz)
      returning id
    )
    select key.*, (select count(*) from touched) as touched from key`);
  const [row] = resultRows<KeyRow>(result);
  if (!row) {
    return null;
  }
  return {
    userId: row.principal_id,
    organizationId: row.organization_id,
    organizationKind: row.organization_kind,
    roles: row.roles as Role[],
    // Not a session: logging out with a key ends nothing (`sessions` has no row with this id).
    sessionId: row.key_id,
    apiKeyId: row.key_id,
  };
}
