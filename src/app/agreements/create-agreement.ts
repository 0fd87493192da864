import { and, eq } from 'drizzle-orm';
import { agreements, organizations } from '../../db/schema/index.js';
import { fieldError, refusal } from '../../domain/errors.js';
import { notFound, requireRole } from '../access.js';
import { recordAudit, type AuditFacts } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import { loadProgramRow } from '../programs/read-programs.js';
import { presentAgreement, type AgreementView } from './agreement-store.js';

/** `agreement.created` (with no days yet), as the API and the bulk import both record it. */
export function agreementCreatedAudit(view: AgreementView): AuditFacts {
  return {
    organizationIds: [view.organizationId],
    action: 'agreement.created',
    entityType: 'agreement',
    entityId: view.id,
    before: null,
    after: view,
  };
}

/** Operators register a customer's licence agreement (licensing ID, end date). */
export async function createAgreement(
  ctx: AppContext,
  actor: Actor,
  organizationId: string,
  input: { programId: string; licensingId: string; endsOn: string },
): Promise<AgreementView> {
  requireRole(actor, 'operator_admin');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [organization] = await tx.select().from(organizations).where(eq(organizations.id, organizationId));
    if (!organization) {
      throw notFound('organization', organizationId);
    }
    if (organization.kind !== 'customer') {
      throw refusal('policy-violation', 'agreement.customersOnly');
    }
    await loadProgramRow(tx, input.programId);
    const [existing] = await tx
      .select({ id: agreements.id })
      .from(agreements)
      .where(and(eq(agreements.programId, input.programId), eq(agreements.licensingId, input.licensingId)));
    if (existing) {
      throw refusal(
        'policy-violation',
        'agreement.licensingIdTaken',
        { licensingId: input.licensingId },
        {
          errors: [fieldError('body.licensingId', 'field.alreadyRegistered')],
        },
      );
    }
    const [row] = await tx
      .insert(agreements)
      .values({
        organizationId,
        programId: input.programId,
        licensingId: input.licensingId,
        endsOn: input.endsOn,
        createdAt: now,
      })
      .returning();
    const view = presentAgreement(row!);
    await recordAudit(tx, { at: now, actorId: actor.userId, ...agreementCreatedAudit(view) });
    return view;
  });
}
