import { asc, eq } from 'drizzle-orm';
import { offerings } from '../../db/schema/index.js';
import type { AppContext } from '../context.js';
import { loadProgramRow } from './read-programs.js';
import type { z } from 'zod';
import type { offering } from '../../http/schemas/programs.js';

/** The answer as its response schema says (a field removed there breaks the presenter). */
export type OfferingView = z.output<typeof offering>;

export async function listOfferings(ctx: AppContext, programId: string): Promise<OfferingView[]> {
  await loadProgramRow(ctx.db, programId);
  const rows = await ctx.db
    .select()
    .from(offerings)
    .where(eq(offerings.programId, programId))
    .orderBy(asc(offerings.code));
  return rows.map((r) => ({ code: r.code, name: r.name, competencies: r.competencies, retired: r.retired }));
}
