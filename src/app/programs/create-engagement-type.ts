import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/connection.js';
import { engagementTypes, offerings } from '../../db/schema/index.js';
import { fieldError, refusal } from '../../domain/errors.js';
import { requireRole } from '../access.js';
import { recordAudit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import { presentEngagementType, type EngagementTypeView } from './present-program.js';
import { loadProgramRow } from './read-programs.js';

export interface EngagementTypeInput {
  code: string;
  offeringCode: string;
  name: string;
  allowedLengths: number[];
  cloud: boolean;
  competencies: string[];
  exams: string[];
}

/** Shared by the operator's use case and the seed. */
export async function insertEngagementType(
  tx: Executor,
  programId: string,
  input: EngagementTypeInput,
  now: Date,
): Promise<EngagementTypeView> {
  const [offering] = await tx
    .select()
    .from(offerings)
    .where(and(eq(offerings.programId, programId), eq(offerings.code, input.offeringCode)));
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
  const [existing] = await tx
    .select({ id: engagementTypes.id })
    .from(engagementTypes)
    .where(and(eq(engagementTypes.programId, programId), eq(engagementTypes.code, input.code)));
  if (existing) {
    throw refusal(
      'policy-violation',
      'program.engagementTypeCodeUsed',
      { code: input.code },
      {
        errors: [fieldError('body.code', 'field.alreadyInUse')],
      },
    );
  }
  const [row] = await tx
    .insert(engagementTypes)
    .values({ programId, ...input, allowedLengths: [...new Set(input.allowedLengths)], createdAt: now })
    .returning();
  return presentEngagementType(row!);
}

export async function createEngagementType(
  ctx: AppContext,
  actor: Actor,
  programId: string,
  input: EngagementTypeInput,
): Promise<EngagementTypeView> {
  requireRole(actor, 'operator_admin');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    await loadProgramRow(tx, programId);
    const view = await insertEngagementType(tx, programId, input, now);
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      organizationIds: [],
      action: 'engagement-type.created',
      entityType: 'engagement-type',
      entityId: view.id,
      before: null,
      after: view,
    });
    return view;
  });
}
