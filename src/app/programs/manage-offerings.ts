import { and, asc, eq } from 'drizzle-orm';
import { offerings, programAgreements } from '../../db/schema/index.js';
import { DomainError } from '../../domain/errors.js';
import { requireRole } from '../access.js';
import { recordAudit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import { loadProgramRow } from './read-programs.js';

export interface OfferingView {
  code: string;
  name: string;
  competencies: string[];
  retired: boolean;
}

export async function listOfferings(ctx: AppContext, programId: string): Promise<OfferingView[]> {
  await loadProgramRow(ctx.db, programId);
  const rows = await ctx.db
    .select()
    .from(offerings)
    .where(eq(offerings.programId, programId))
    .orderBy(asc(offerings.code));
  return rows.map((r) => ({ code: r.code, name: r.name, competencies: r.competencies, retired: r.retired }));
}

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
      throw new DomainError('policy-violation', `the program already has an offering ${input.code}`, {
        errors: [{ path: 'body.code', message: 'already in use' }],
      });
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
      throw new DomainError('policy-violation', `version ${input.version} of the program agreement already exists`, {
        errors: [{ path: 'body.version', message: 'already published' }],
      });
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
