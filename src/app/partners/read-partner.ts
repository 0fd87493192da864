import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import {
  consultantExams,
  enrollments,
  partnerCompetencies,
  partnerLocations,
  paymentRegistrations,
  programAgreementSignatures,
  users,
} from '../../db/schema/index.js';
import type { Actor, AppContext } from '../context.js';
import { loadVisiblePartner } from './partner-access.js';
import {
  presentCompetency,
  presentEnrollment,
  presentExam,
  presentLocation,
  presentPaymentRegistration,
  presentSignature,
  type CompetencyView,
  type EnrollmentView,
  type LocationView,
  type PaymentRegistrationView,
  type SignatureView,
} from './present-partner.js';
import type { z } from 'zod';
import type { consultant } from '../../http/schemas/partners.js';

// A partner's own lists: operators and the partner's people may read them; anyone else gets
// the 404 of `loadVisiblePartner`. Each list is short (bounded by the catalog or the people of
// one partner), so they come whole.

export async function listCompetencies(ctx: AppContext, actor: Actor, partnerId: string): Promise<CompetencyView[]> {
  await loadVisiblePartner(ctx.db, actor, partnerId);
  const rows = await ctx.db
    .select()
    .from(partnerCompetencies)
    .where(eq(partnerCompetencies.partnerId, partnerId))
    .orderBy(asc(partnerCompetencies.name), asc(partnerCompetencies.validFrom), asc(partnerCompetencies.id));
  return rows.map(presentCompetency);
}

export async function listLocations(ctx: AppContext, actor: Actor, partnerId: string): Promise<LocationView[]> {
  await loadVisiblePartner(ctx.db, actor, partnerId);
  const rows = await ctx.db
    .select()
    .from(partnerLocations)
    .where(eq(partnerLocations.partnerId, partnerId))
    .orderBy(asc(partnerLocations.country));
  return rows.map(presentLocation);
}

/** The answer as its response schema says (a field removed there breaks the presenter). */
export type ConsultantView = z.output<typeof consultant>;

export async function listConsultants(ctx: AppContext, actor: Actor, partnerId: string): Promise<ConsultantView[]> {
  await loadVisiblePartner(ctx.db, actor, partnerId);
  const people = await ctx.db
    .select()
    .from(users)
    .where(and(eq(users.organizationId, partnerId), sql`'consultant' = any(${users.roles})`))
    .orderBy(asc(users.name), asc(users.id));
  const exams =
    people.length === 0
      ? []
      : await ctx.db
          .select()
          .from(consultantExams)
          .where(
            inArray(
              consultantExams.userId,
              people.map((p) => p.id),
            ),
          )
          .orderBy(asc(consultantExams.passedOn), asc(consultantExams.exam));
  return people.map((p) => ({
    userId: p.id,
    name: p.name,
    email: p.email,
    active: p.active,
    exams: exams.filter((e) => e.userId === p.id).map(presentExam),
  }));
}

export async function listEnrollments(ctx: AppContext, actor: Actor, partnerId: string): Promise<EnrollmentView[]> {
  await loadVisiblePartner(ctx.db, actor, partnerId);
  const rows = await ctx.db
    .select()
    .from(enrollments)
    .where(eq(enrollments.partnerId, partnerId))
    .orderBy(asc(enrollments.offeringCode), asc(enrollments.id));
  return rows.map(presentEnrollment);
}

export async function listSignatures(ctx: AppContext, actor: Actor, partnerId: string): Promise<SignatureView[]> {
  await loadVisiblePartner(ctx.db, actor, partnerId);
  const rows = await ctx.db
    .select()
    .from(programAgreementSignatures)
    .where(eq(programAgreementSignatures.partnerId, partnerId))
    .orderBy(desc(programAgreementSignatures.signedAt), asc(programAgreementSignatures.id));
  return rows.map(presentSignature);
}

export async function listPaymentRegistrations(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
): Promise<PaymentRegistrationView[]> {
  await loadVisiblePartner(ctx.db, actor, partnerId);
  const rows = await ctx.db
    .select()
    .from(paymentRegistrations)
    .where(eq(paymentRegistrations.partnerId, partnerId))
    .orderBy(desc(paymentRegistrations.registeredAt), asc(paymentRegistrations.id));
  return rows.map(presentPaymentRegistration);
}
