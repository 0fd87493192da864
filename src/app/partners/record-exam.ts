import { and, eq } from 'drizzle-orm';
import { consultantExams, users } from '../../db/schema/index.js';
import { localDate } from '../../domain/calendar-dates.js';
import { DomainError } from '../../domain/errors.js';
import { notFound } from '../access.js';
import { recordAudit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import { loadVisiblePartner, requirePartnerRole } from './partner-access.js';
import { presentExam, type ExamView } from './present-partner.js';

/**
 * Records an exam or assessment a consultant passed ("Delivery consultant: must have passed
 * the technical assessments/exams", program-facts.md §1). An engagement type names the exams
 * that qualify a consultant to deliver it.
 */
export async function recordExam(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  userId: string,
  input: { exam: string; passedOn: string },
): Promise<ExamView> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const partner = await loadVisiblePartner(tx, actor, partnerId);
    requirePartnerRole(actor, partner, ['global_admin', 'partner_admin'], { operatorMay: true });
    // Calendar dates carry no zone; no exam can have been passed after today anywhere on earth.
    if (input.passedOn > localDate(now, 'Pacific/Kiritimati')) {
      throw new DomainError('validation-failed', 'passedOn is in the future', {
        errors: [{ path: 'body.passedOn', message: 'must not be in the future' }],
      });
    }
    const [consultant] = await tx
      .select()
      .from(users)
      .where(and(eq(users.id, userId), eq(users.organizationId, partnerId)));
    if (!consultant) {
      throw notFound('user', userId);
    }
    if (!consultant.roles.includes('consultant')) {
      throw new DomainError('policy-violation', `${consultant.name} is not a consultant of this partner`, {
        errors: [{ path: 'params.userId', message: 'the user does not hold the consultant role' }],
      });
    }
    const exam = input.exam.trim();
    const [row] = await tx
      .insert(consultantExams)
      .values({ partnerId, userId, exam, passedOn: input.passedOn, createdAt: now })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      throw new DomainError('policy-violation', `${consultant.name} already has the exam ${exam} on record`, {
        errors: [{ path: 'body.exam', message: 'already recorded' }],
      });
    }
    const view = presentExam(row);
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      organizationIds: [partnerId],
      action: 'consultant-exam.recorded',
      entityType: 'consultant-exam',
      entityId: view.id,
      before: null,
      after: { ...view, userId },
    });
    return view;
  });
}
