import { resultRows } from '../../db/connection.js';
import { sql } from 'drizzle-orm';
import { startOfLocalDay } from '../../domain/calendar-dates.js';
import { requireRole } from '../access.js';
import { recordAudit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import { loadProgramPolicy } from '../programs/read-programs.js';

/**
 * Bulk extension (domain.md, "Extension"): the operator extends by N days the live vouchers
 * of a program created before a date — the 2020 precedent: +90 days for vouchers created before
 * 2020-04-01. `createdBefore` is program-local (00:00 of that date). Vouchers already past
 * their expiry are not revived.
 */
export async function extendVouchers(
  ctx: AppContext,
  actor: Actor,
  input: { programId: string; createdBefore: string; days: number; reason: string },
): Promise<{ extended: number }> {
  requireRole(actor, 'operator_admin');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const policy = await loadProgramPolicy(tx, input.programId);
    const before = startOfLocalDay(input.createdBefore, policy.timeZone);
    const result = await tx.execute(sql`
      with extended as (
        update vouchers
        set expires_at = expires_at + make_interval(days => ${input.days}),
            extension_days = extension_days + ${input.days},
            version = version + 1
        where program_id = ${input.programId}
          and created_at < ${before}
          and status in ('assigned', 'reserved', 'completed')
          and expires_at > ${now}
        returning id, organization_id, partner_id, version, expires_at, extension_days
      ),
      audit as (
        insert into audit_events (at, actor_id, organization_ids, action, entity_type, entity_id, before, after)
        select ${now}, ${actor.userId}::uuid, array_remove(array[organization_id, partner_id], null), 'voucher.extended',
          'voucher', id::text,
          jsonb_build_object('expiresAt', expires_at - make_interval(days => ${input.days}), 'version', version - 1),
          jsonb_build_object('expiresAt', expires_at, 'version', version, 'extensionDays', extension_days, 'reason', ${input.reason}::text)
        from extended
      )
      select count(*)::int as extended from extended
    `);
    const extended = resultRows<{ extended: number }>(result)[0]?.extended ?? 0;
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      organizationIds: [],
      action: 'program.vouchers-extended',
      entityType: 'program',
      entityId: input.programId,
      before: null,
      after: { ...input, extended },
    });
    ctx.log.info({ ...input, extended }, 'vouchers extended');
    return { extended };
  });
}
