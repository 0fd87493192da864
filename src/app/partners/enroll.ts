import { and, eq } from 'drizzle-orm';
import { enrollments, offerings } from '../../db/schema/index.js';
import { localDate } from '../../domain/calendar-dates.js';
import { assertRequirementsMet, enrollmentRequirements } from '../../domain/eligibility.js';
import { fieldError, refusal } from '../../domain/errors.js';
import { recordAudit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import { loadProgramRow } from '../programs/read-programs.js';
import { loadPartnerFacts } from './partner-facts.js';
import { loadVisiblePartner, requirePartnerRole } from './partner-access.js';
import { presentEnrollment, type EnrollmentView } from './present-partner.js';

/**
 * "Enrolment lasts one year and is renewed" (domain.md): the same instant one year later.
 * (Our reading: a renewal runs one year from the renewal, not from the previous end.)
 */
export function oneYearAfter(instant: Date): Date {
  const next = new Date(instant);
  next.setUTCFullYear(next.getUTCFullYear() + 1);
  return next;
}

/**
 * Enrolment in an offering (seed step 2): needs the signed current program agreement and an
 * offering-level competency, decided by `enrollmentRequirements` — the same function the
 * eligibility view shows. Posting again renews it for one year from now.
 */
export async function enroll(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  input: { programId: string; offeringCode: string },
): Promise<{ enrollment: EnrollmentView; renewed: boolean }> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const partner = await loadVisiblePartner(tx, actor, partnerId);
    requirePartnerRole(actor, partner, ['global_admin', 'partner_admin'], { operatorMay: false });
    const program = await loadProgramRow(tx, input.programId);
    const [offering] = await tx
      .select()
      .from(offerings)
      .where(and(eq(offerings.programId, input.programId), eq(offerings.code, input.offeringCode)));
    if (!offering) {
      throw refusal(
        'validation-failed',
        'program.noOffering',
        { code: input.offeringCode },
        {
          errors: [fieldError('body.offeringCode', 'field.unknownOffering')],
        },
      );
    }
    if (offering.retired) {
      throw refusal('policy-violation', 'partner.offeringRetired', { code: offering.code, name: offering.name });
    }
    const facts = await loadPartnerFacts(tx, partnerId, input.programId, offering.code);
    const today = localDate(now, program.timeZone);
    assertRequirementsMet(
      enrollmentRequirements({ code: offering.code, competencies: offering.competencies }, facts, today),
      'enroll',
    );
    const validUntil = oneYearAfter(now);
    const [before] = await tx
      .select()
      .from(enrollments)
      .where(
        and(
          eq(enrollments.partnerId, partnerId),
          eq(enrollments.programId, input.programId),
          eq(enrollments.offeringCode, offering.code),
        ),
      )
      .for('update');
    const [row] = before
      ? await tx.update(enrollments).set({ validUntil }).where(eq(enrollments.id, before.id)).returning()
      : await tx
          .insert(enrollments)
          .values({ partnerId, programId: input.programId, offeringCode: offering.code, enrolledAt: now, validUntil })
          .returning();
    const enrollment = presentEnrollment(row!);
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      organizationIds: [partnerId],
      action: before ? 'enrollment.renewed' : 'enrollment.created',
      entityType: 'enrollment',
      entityId: enrollment.id,
      before: before ? presentEnrollment(before) : null,
      after: enrollment,
    });
    return { enrollment, renewed: before !== undefined };
  });
}
