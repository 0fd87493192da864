import { and, eq } from 'drizzle-orm';
import { programAgreements } from '../../db/schema/index.js';
import { fieldError, refusal } from '../../domain/errors.js';
import { requireRole } from '../access.js';
import { recordAudit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import { loadProgramRow } from './read-programs.js';

/**
 * Operators publish a new version of the program agreement. Partners must sign it again
 * before new enrolments (domain.md, "Enrolment").
 */
export async function publishProgramAgreement(
  ctx: AppContext,
  actor: Actor,
  programId: string,
  input: { version: string; text: string },
): Promise<{ version: string; text: string; publishedAt: Date }> {
  requireRole(actor, 'operator_admin');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    await loadProgramRow(tx, programId);
    const [existing] = await tx
      .select({ version: programAgreements.version })
      .from(programAgreements)
      .where(and(eq(programAgreements.programId, programId), eq(programAgreements.version, input.version)));
    if (existing) {
      throw refusal(
        'policy-violation',
        'program.agreementVersionExists',
        { version: input.version },
        {
          errors: [fieldError('body.version', 'field.alreadyPublished')],
        },
      );
    }
    await tx.insert(programAgreements).values({ programId, ...input, publishedAt: now });
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      organizationIds: [],
      action: 'program-agreement.published',
      entityType: 'program',
      entityId: programId,
      before: null,
      after: { version: input.version },
    });
    return { ...input, publishedAt: now };
  });
}
