import { Readable } from 'node:stream';
import { and, eq, sql } from 'drizzle-orm';
import { files, vouchers } from '../../db/schema/index.js';
import { isOperator, notFound } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { fileStoreFor } from './file-store.js';
import { presentFile, type FileView } from './upload-file.js';

/**
 * A file is served only to the organisations involved: the uploader's, the customer of a voucher
 * whose completion report lists it, and operators.
 */
export async function readFileMeta(ctx: AppContext, actor: Actor, id: string): Promise<FileView> {
  const [row] = await ctx.db
    .select({
      id: files.id,
      organizationId: files.organizationId,
      name: files.name,
      size: files.size,
      sha256: files.sha256,
      contentType: files.contentType,
      createdAt: files.createdAt,
    })
    .from(files)
    .where(eq(files.id, id));
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
  return presentFile(row);
}

/** The file's metadata and its bytes as a stream (never the whole file in memory). */
export async function readFile(
  ctx: AppContext,
  actor: Actor,
  id: string,
): Promise<{ file: FileView; content: Readable }> {
  const file = await readFileMeta(ctx, actor, id);
  // Files uploaded before decision 018 kept their bytes in the row.
  const [legacy] = await ctx.db
    .select({ content: files.content })
    .from(files)
    .where(and(eq(files.id, id), sql`${files.content} is not null`));
  const content = legacy?.content ? Readable.from([Buffer.from(legacy.content)]) : fileStoreFor(ctx).read(id);
  return { file, content };
}
