import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { eq, sql } from 'drizzle-orm';
import { fileTypeFromFile } from 'file-type';
import { files } from '../../db/schema/index.js';
import { DomainError, fieldError, refusal } from '../../domain/errors.js';
import { msg, type Message, type MessageKey } from '../../domain/messages.js';
import { requireRole } from '../access.js';
import { recordAudit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import type { z } from 'zod';
import type { file } from '../../http/schemas/vouchers.js';
import { fileStoreFor } from './file-store.js';

/** Deliverables are documents; 20 MiB covers a planning report with its annexes. */
export const maxFileBytes = 20 * 1024 * 1024;

/** What an organisation may store when `SAPS_FILE_QUOTA_MIB` is not set (decision 018). */
export const defaultFileQuotaBytes = 1024 * 1024 * 1024;

/**
 * The accepted types, recognised by their content (`file-type`), never by the client's word:
 * documents a planning deliverable is made of. Served back with this type, as an attachment.
 */
export const acceptedFileTypes: Readonly<Record<string, string>> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word (.docx)',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel (.xlsx)',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint (.pptx)',
  'application/x-cfb': 'Office 97–2003 (.doc, .xls, .ppt)',
  'application/vnd.oasis.opendocument.text': 'OpenDocument text',
  'application/vnd.oasis.opendocument.spreadsheet': 'OpenDocument spreadsheet',
  'application/vnd.oasis.opendocument.presentation': 'OpenDocument presentation',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'application/zip': 'ZIP',
};

/** The answer as its response schema says (a field removed there breaks the presenter). */
export type FileView = z.output<typeof file>;

export function presentFile(
  row: Pick<typeof files.$inferSelect, 'id' | 'name' | 'size' | 'sha256' | 'contentType' | 'createdAt'>,
): FileView {
  return {
    id: row.id,
    name: row.name,
    size: row.size,
    sha256: row.sha256,
    contentType: row.contentType,
    createdAt: row.createdAt,
  };
}

/**
 * Files are the deliverables of completion reports, so only the roles that file those may upload
 * (domain.md: partner admins complete vouchers, consultants draft completion reports).
 */
export function authoriseUpload(actor: Actor): void {
  requireRole(actor, 'partner_admin', 'consultant');
}

const fileError = (detail: Message, message: MessageKey): DomainError =>
  new DomainError('validation-failed', detail, { errors: [fieldError('body.file', message)] });

/** A file name is shown and sent back in Content-Disposition: no NUL or other control characters. */
function checkName(name: string): string {
  if (/[\u0000-\u001f\u007f]/.test(name)) {
    throw fileError(msg('file.badName'), 'field.invalidFileName');
  }
  const trimmed = name.trim().slice(0, 255);
  return trimmed === '' ? 'file' : trimmed;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

async function storedBytes(ctx: AppContext, organizationId: string): Promise<number> {
  const [row] = await ctx.db
    .select({ bytes: sql<string>`coalesce(sum(${files.size}), 0)` })
    .from(files)
    .where(eq(files.organizationId, organizationId));
  return Number(row?.bytes ?? 0);
}

const quotaError = (quota: number, used: number, size: number): DomainError =>
  refusal(
    'policy-violation',
    'file.quota',
    {
      usedMiB: (used / 1024 / 1024).toFixed(1),
      quotaMiB: (quota / 1024 / 1024).toFixed(0),
      sizeMiB: (size / 1024 / 1024).toFixed(1),
    },
    { errors: [fieldError('body.file', 'field.overQuota')] },
  );

/**
 * Stores one uploaded file. `content` is a spooled file on disk (the HTTP route streams the upload
 * there) or bytes. The bytes are stored before the file's row, outside any transaction
 * (decision 018); the row, the quota check and the audit record commit together, and a refusal
 * removes the bytes again.
 */
export async function uploadFile(
  ctx: AppContext,
  actor: Actor,
  input: { name: string; content: Buffer | { path: string }; contentType?: string },
): Promise<FileView> {
  authoriseUpload(actor);
  const name = checkName(input.name);
  let spool: string | undefined;
  let path: string;
  if (Buffer.isBuffer(input.content)) {
    spool = await mkdtemp(join(tmpdir(), 'saps-upload-'));
    path = join(spool, 'content');
    await writeFile(path, input.content);
  } else {
    path = input.content.path;
  }
  try {
    return await storeFile(ctx, actor, name, path);
  } finally {
    if (spool) {
      await rm(spool, { recursive: true, force: true });
    }
  }
}

async function storeFile(ctx: AppContext, actor: Actor, name: string, path: string): Promise<FileView> {
  const { size } = await stat(path);
  if (size === 0) {
    throw fileError(msg('file.empty'), 'field.emptyFile');
  }
  if (size > maxFileBytes) {
    throw fileError(msg('file.tooLarge', { maxMiB: maxFileBytes / 1024 / 1024 }), 'field.fileTooLarge');
  }
  const detected = await fileTypeFromFile(path);
  if (!detected || !(detected.mime in acceptedFileTypes)) {
    throw fileError(
      detected
        ? msg('file.wrongType', { type: detected.mime, accepted: Object.values(acceptedFileTypes) })
        : msg('file.unknownType', { accepted: Object.values(acceptedFileTypes) }),
      'field.typeNotAccepted',
    );
  }
  const quota = ctx.fileQuotaBytes ?? defaultFileQuotaBytes;
  const usedBefore = await storedBytes(ctx, actor.organizationId);
  if (usedBefore + size > quota) {
    throw quotaError(quota, usedBefore, size); // before storing anything
  }
  const sha256 = await sha256Of(path);
  const id = randomUUID();
  const now = ctx.clock.now();
  const receivedAt = ctx.realClock.now();
  const store = fileStoreFor(ctx);
  try {
    await store.put(id, path, receivedAt);
    return await ctx.db.transaction(async (tx) => {
      // One upload at a time per organisation past this point, so the quota holds under races.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`saps.files:${actor.organizationId}`}, 0))`);
      const [used] = await tx
        .select({ bytes: sql<string>`coalesce(sum(${files.size}), 0)` })
        .from(files)
        .where(eq(files.organizationId, actor.organizationId));
      if (Number(used?.bytes ?? 0) + size > quota) {
        throw quotaError(quota, Number(used?.bytes ?? 0), size);
      }
      const [row] = await tx
        .insert(files)
        .values({
          id,
          organizationId: actor.organizationId,
          uploadedBy: actor.userId,
          name,
          contentType: detected.mime,
          size,
          sha256,
          content: null,
          createdAt: now,
          receivedAt,
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
  } catch (error) {
    await store.remove([id]).catch((cleanup: unknown) => {
      ctx.log.warn({ err: cleanup, fileId: id }, 'could not remove the bytes of a refused upload; the orphan job will');
    });
    throw error;
  }
}
