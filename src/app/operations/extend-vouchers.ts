import { resultRows, sqlList } from '../../db/connection.js';
import { liveVoucherStatuses } from '../../domain/voucher-lifecycle.js';
import { isoInstant } from './sweep.js';
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
    // N × 24 h, an absolute duration: `interval 'N days'` is calendar days in the session's time
    // zone, one hour short across a DST change (decideExtension is the rule; a test checks both).
    const extension = sql`make_interval(hours => ${input.days * 24})`;
    const result = await tx.execute(sql`
      with extended as (
        update vouchers
        set expires_at = expires_at + ${extension},
            extension_days = extension_days + ${input.days},
            version = version + 1
        where program_id = ${input.programId}
          and created_at < ${before}
          and status in (${sqlList(liveVoucherStatuses)})
          and expires_at > ${now}
        returning id, code, status, program_id, agreement_id, organization_id, partner_id, project_manager_id,
                  engagement_type_id, days, version, expires_at, extension_days
      ),
      -- decideExtension's domain event, with the data of events.ts.
      events as (
        insert into domain_events (type, entity_type, entity_id, program_id, organization_ids, actor_id, at, data)
        select 'voucher.extended', 'voucher', id::text, program_id, array_remove(array[organization_id, partner_id], null),
          ${actor.userId}::uuid, ${now},
          jsonb_build_object('voucherId', id, 'code', code, 'status', status,
            'customerOrganizationId', organization_id, 'partnerOrganizationId', partner_id,
            'projectManagerId', project_manager_id, 'agreementId', agreement_id, 'engagementTypeId', engagement_type_id,
            'days', days, 'expiresAt', ${isoInstant(sql`expires_at`)},
            'previousExpiresAt', ${isoInstant(sql`(expires_at - ${extension})`)},
            'extensionDays', ${input.days}::int, 'reason', ${input.reason}::text)
        from extended
      ),
      audit as (
        insert into audit_events (at, actor_id, organization_ids, action, entity_type, entity_id, before, after)
        select ${now}, ${actor.userId}::uuid, array_remove(array[organization_id, partner_id], null), 'voucher.extended',
          'voucher', id::text,
          jsonb_build_object('expiresAt', expires_at - ${extension}, 'version', version - 1),
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
