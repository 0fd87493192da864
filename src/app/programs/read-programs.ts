import { and, asc, desc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/connection.js';
import { engagementTypes, programAgreements, programs, rates } from '../../db/schema/index.js';
import type { ProgramPolicy } from '../../domain/program-policy.js';
import { notFound } from '../access.js';
import type { AppContext } from '../context.js';
import { afterCursor, newestFirst, toPage, type Page, type PageRequest } from '../pagination.js';
import {
  presentEngagementType,
  presentProgram,
  toPolicy,
  type EngagementTypeView,
  type ProgramView,
} from './present-program.js';
import type { z } from 'zod';
import type { rate } from '../../http/schemas/programs.js';

// The catalog (programs, engagement types, agreement text, rate card) is program-wide
// reference data: every signed-in user may read it.

export async function listPrograms(ctx: AppContext, page: PageRequest): Promise<Page<ProgramView>> {
  const rows = await ctx.db
    .select()
    .from(programs)
    .where(afterCursor(page, programs.createdAt, programs.id))
    .orderBy(...newestFirst(programs.createdAt, programs.id))
    .limit(page.limit + 1);
  return toPage(rows, page, presentProgram);
}

export async function loadProgramRow(db: Executor, id: string): Promise<typeof programs.$inferSelect> {
  const [row] = await db.select().from(programs).where(eq(programs.id, id));
  if (!row) {
    throw notFound('program', id);
  }
  return row;
}

export async function getProgram(ctx: AppContext, id: string): Promise<ProgramView> {
  return presentProgram(await loadProgramRow(ctx.db, id));
}

export async function loadProgramPolicy(db: Executor, id: string): Promise<ProgramPolicy> {
  return toPolicy(await loadProgramRow(db, id));
}

export async function listEngagementTypes(ctx: AppContext, programId: string): Promise<EngagementTypeView[]> {
  await loadProgramRow(ctx.db, programId);
  const rows = await ctx.db
    .select()
    .from(engagementTypes)
    .where(eq(engagementTypes.programId, programId))
    .orderBy(asc(engagementTypes.offeringCode), asc(engagementTypes.name));
  return rows.map(presentEngagementType);
}

export async function getProgramAgreement(
  ctx: AppContext,
  programId: string,
): Promise<{ version: string; text: string; publishedAt: Date }> {
  const [row] = await ctx.db
    .select()
    .from(programAgreements)
    .where(eq(programAgreements.programId, programId))
    .orderBy(desc(programAgreements.publishedAt))
    .limit(1);
  if (!row) {
    throw notFound('program agreement of program', programId);
  }
  return { version: row.version, text: row.text, publishedAt: row.publishedAt };
}

/** The answer as its response schema says (a field removed there breaks the presenter). */
export type RateView = z.output<typeof rate>;

export async function listRates(ctx: AppContext, programId: string): Promise<RateView[]> {
  await loadProgramRow(ctx.db, programId);
  const rows = await ctx.db
    .select()
    .from(rates)
    .where(and(eq(rates.programId, programId)))
    .orderBy(asc(rates.country));
  return rows.map((r) => ({ country: r.country, amountMinor: r.amountMinor, currency: r.currency }));
}
