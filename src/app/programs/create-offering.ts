import { and, eq } from 'drizzle-orm';
import { offerings } from '../../db/schema/index.js';
import { fieldError, refusal } from '../../domain/errors.js';
import { requireRole } from '../access.js';
import { recordAudit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import type { OfferingView } from './list-offerings.js';
import { loadProgramRow } from './read-programs.js';

/** Operators add an offering to a program, with its offering-level competencies (any one). */
export async function createOffering(
  ctx: AppContext,
  actor: Actor,
  programId: string,
  input: OfferingView,
): Promise<OfferingView> {
  requireRole(actor, 'operator_admin');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    await loadProgramRow(tx, programId);
    const [existing] = await tx
      .select({ code: offerings.code })
      .from(offerings)
      .where(and(eq(offerings.programId, programId), eq(offerings.code, input.code)));
    if (existing) {
      throw refusal(
        'policy-violation',
        'program.offeringExists',
        { code: input.code },
        {
          errors: [fieldError('body.code', 'field.alreadyInUse')],
        },
      );
    }
    await tx.insert(offerings).values({ programId, ...input });
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      organizationIds: [],
      action: 'offering.created',
      entityType: 'offering',
      entityId: `${programId}:${input.code}`,
      before: null,
      after: input,
    });
    return input;
  });
}
