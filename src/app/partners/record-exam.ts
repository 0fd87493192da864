import { and, eq } from 'drizzle-orm';
import { consultantExams, users } from '../../db/schema/index.js';
import { localDate } from '../../domain/calendar-dates.js';
import { fieldError, refusal } from '../../domain/errors.js';
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
      throw refusal(
        'validation-failed',
        'partner.examInFuture',
        {},
        {
          errors: [fieldError('body.passedOn', 'field.notInFuture')],
        },
      );
    }
    const [consultant] = await tx
      .select()
      .from(users)
      .where(and(eq(users.id, userId), eq(users.organizationId, partnerId)));
    if (!consultant) {
      throw notFound('user', userId);
    }
    if (!consultant.roles.includes('consultant')) {
      throw refusal(
        'policy-violation',
        'partner.notConsultant',
        { name: consultant.name },
        {
          errors: [fieldError('params.userId', 'field.notConsultantRole')],
        },
      );
    }
    const exam = input.exam.trim();
    const [row] = await tx
      .insert(consultantExams)
      .values({ partnerId, userId, exam, passedOn: input.passedOn, createdAt: now })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      throw refusal(
        'policy-violation',
        'partner.examRecorded',
        { name: consultant.name, exam },
        {
          errors: [fieldError('body.exam', 'field.alreadyRecorded')],
        },
      );
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
