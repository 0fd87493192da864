import { createHash } from 'node:crypto';
import { files } from '../../db/schema/index.js';
import { DomainError } from '../../domain/errors.js';
import { recordAudit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import type { z } from 'zod';
import type { file } from '../../http/schemas/vouchers.js';

/** Deliverables are documents; 20 MiB covers a planning report with its annexes. */
export const maxFileBytes = 20 * 1024 * 1024;

/** The answer as its response schema says (a field removed there breaks the presenter). */
export type FileView = z.output<typeof file>;

export function presentFile(row: typeof files.$inferSelect): FileView {
  return {
    id: row.id,
    name: row.name,
    size: row.size,
    sha256: row.sha256,
    contentType: row.contentType,
    createdAt: row.createdAt,
  };
}

export async function uploadFile(
  ctx: AppContext,
  actor: Actor,
  input: { name: string; contentType: string; content: Buffer },
): Promise<FileView> {
  if (input.content.length === 0) {
    throw new DomainError('validation-failed', 'the file is empty', {
      errors: [{ path: 'body.file', message: 'empty file' }],
    });
  }
  if (input.content.length > maxFileBytes) {
    throw new DomainError('validation-failed', `the file is larger than ${maxFileBytes / 1024 / 1024} MiB`, {
      errors: [{ path: 'body.file', message: 'too large' }],
    });
  }
  const now = ctx.clock.now();
  const sha256 = createHash('sha256').update(input.content).digest('hex');
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(files)
      .values({
        organizationId: actor.organizationId,
        uploadedBy: actor.userId,
        name: input.name.slice(0, 255),
        contentType: input.contentType || 'application/octet-stream',
        size: input.content.length,
        sha256,
        content: new Uint8Array(input.content),
        createdAt: now,
      })
      .returning();
    const view = presentFile(row!);
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      organizationIds: [actor.organizationId],
      action: 'file.uploaded',
      entityType: 'file',
      entityId: view.id,
      before: null,
      after: view,
    });
    return view;
  });
}
