import { and, eq, sql } from 'drizzle-orm';
import { files, vouchers } from '../../db/schema/index.js';
import { isOperator, notFound } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { presentFile, type FileView } from './upload-file.js';

/**
 * A file is served only to the organisations involved: the uploader's, the customer of a voucher
 * whose completion report lists it, and operators.
 */
export async function readFile(
  ctx: AppContext,
  actor: Actor,
  id: string,
): Promise<{ file: FileView; content: Buffer }> {
  const [row] = await ctx.db.select().from(files).where(eq(files.id, id));
  if (!row) {
    throw notFound('file', id);
  }
  if (!isOperator(actor) && row.organizationId !== actor.organizationId) {
    const [linked] = await ctx.db
      .select({ id: vouchers.id })
      .from(vouchers)
      .where(
        and(
          eq(vouchers.organizationId, actor.organizationId),
          sql`${vouchers.completionReport} -> 'deliverableFileIds' ? ${id}`,
        ),
      )
      .limit(1);
    if (!linked) {
      throw notFound('file', id);
    }
  }
  return { file: presentFile(row), content: Buffer.from(row.content) };
}
