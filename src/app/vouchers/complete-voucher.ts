import { and, eq, inArray } from 'drizzle-orm';
import { consultantExams, files, users } from '../../db/schema/index.js';
import { localDate } from '../../domain/calendar-dates.js';
import { DomainError } from '../../domain/errors.js';
import { assertTransition } from '../../domain/voucher-lifecycle.js';
import { assertNotExpired } from '../../domain/voucher-rules.js';
import { notFound, requireRole } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { presentVoucher, type CompletionReport, type VoucherView } from './present-voucher.js';
import { auditVoucherChange } from './voucher-audit.js';
import { loadVisibleVoucher, updateVoucherIf } from './voucher-store.js';

export interface CompletionReportInput {
  deliveredFrom: string;
  deliveredTo: string;
  consultantIds: string[];
  summary: string;
  nextSteps: string;
  deliverableFileIds: string[];
}

/**
 * The completion report (seed step 6): actual dates, the delivering consultants (at least one
 * qualified by an exam of the engagement type), summary, next steps and the customer planning
 * deliverable uploaded.
 */
export async function completeVoucher(
  ctx: AppContext,
  actor: Actor,
  voucherId: string,
  input: CompletionReportInput,
): Promise<VoucherView> {
  requireRole(actor, 'partner_admin', 'consultant');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const { voucher, engagementType, policy } = await loadVisibleVoucher(tx, actor, voucherId);
    if (voucher.partnerId !== actor.organizationId) {
      throw notFound('voucher', voucherId);
    }
    assertTransition('complete', voucher.status);
    assertNotExpired(voucher.expiresAt, now, 'file the completion report');
    const today = localDate(now, policy.timeZone);
    if (input.deliveredTo < input.deliveredFrom) {
      throw new DomainError('validation-failed', 'the delivery ends before it starts', {
        errors: [{ path: 'body.deliveredTo', message: 'must not be before deliveredFrom' }],
      });
    }
    if (input.deliveredTo > today) {
      throw new DomainError(
        'validation-failed',
        `the engagement cannot be reported as delivered after today (${today})`,
        {
          errors: [{ path: 'body.deliveredTo', message: 'must not be in the future' }],
        },
      );
    }
    const consultantIds = [...new Set(input.consultantIds)];
    const consultants = await tx
      .select({ id: users.id, roles: users.roles })
      .from(users)
      .where(and(inArray(users.id, consultantIds), eq(users.organizationId, actor.organizationId)));
    const unknown = consultantIds.filter(
      (id) => !consultants.some((c) => c.id === id && c.roles.includes('consultant')),
    );
    if (unknown.length > 0) {
      throw new DomainError(
        'validation-failed',
        'every delivering consultant must be a consultant of your organisation',
        {
          errors: [
            { path: 'body.consultantIds', message: `not a consultant of your organisation: ${unknown.join(', ')}` },
          ],
        },
      );
    }
    const qualified = await tx
      .select({ userId: consultantExams.userId })
      .from(consultantExams)
      .where(and(inArray(consultantExams.userId, consultantIds), inArray(consultantExams.exam, engagementType.exams)));
    if (qualified.length === 0) {
      throw new DomainError(
        'not-eligible',
        `none of the delivering consultants passed an exam for ${engagementType.name} (${engagementType.exams.join(', ')})`,
      );
    }
    const fileIds = [...new Set(input.deliverableFileIds)];
    const found = await tx
      .select({ id: files.id })
      .from(files)
      .where(and(inArray(files.id, fileIds), eq(files.organizationId, actor.organizationId)));
    const missing = fileIds.filter((id) => !found.some((f) => f.id === id));
    if (missing.length > 0) {
      throw new DomainError(
        'validation-failed',
        'the deliverable files must be uploaded by your organisation first (POST /files)',
        {
          errors: [{ path: 'body.deliverableFileIds', message: `unknown file: ${missing.join(', ')}` }],
        },
      );
    }
    const report: CompletionReport = {
      deliveredFrom: input.deliveredFrom,
      deliveredTo: input.deliveredTo,
      consultantIds,
      summary: input.summary,
      nextSteps: input.nextSteps,
      deliverableFileIds: fileIds,
      submittedAt: now.toISOString(),
      submittedBy: actor.userId,
    };
    const after = await updateVoucherIf(tx, voucher, {
      status: 'completed',
      completionReport: report,
      completedAt: now,
    });
    await auditVoucherChange(tx, {
      actorId: actor.userId,
      at: now,
      action: 'voucher.completed',
      before: voucher,
      after,
    });
    return presentVoucher(after, engagementType, policy);
  });
}
