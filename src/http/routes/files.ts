import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { readFile, readFileMeta } from '../../app/files/read-file.js';
import { acceptedFileTypes, authoriseUpload, maxFileBytes, uploadFile } from '../../app/files/upload-file.js';
import { DomainError, fieldError, isDomainError, refusal } from '../../domain/errors.js';
import { requireActor } from '../plugins/authentication.js';
import type { RouteDeps, ZodApp } from '../route-types.js';
import { errorResponses, idParams } from '../schemas/common.js';
import { file } from '../schemas/vouchers.js';

// The parser's reason is its own English words: kept as they are, in both languages.
const malformed = (reason: string): DomainError =>
  refusal('validation-failed', 'file.malformed', { reason }, { errors: [{ path: 'body', message: reason }] });

/** Errors of the file system (no space left, …) are ours: they stay 500s. Parser errors are the client's. */
function isSystemError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}

interface Spooled {
  dir: string;
  path: string;
  name: string;
}

/**
 * Streams the one file of the multipart body to a temporary file (never the whole upload in
 * memory, never the database connection held while it arrives). A second file is refused, not
 * silently dropped; a body without a boundary, with a wrong one or cut short is a 400.
 */
async function spoolOneFile(request: FastifyRequest): Promise<Spooled> {
  const dir = await mkdtemp(join(tmpdir(), 'saps-upload-'));
  let spooled: Spooled | undefined;
  try {
    for await (const part of request.parts({ limits: { fileSize: maxFileBytes, parts: 50 } })) {
      if (part.type !== 'file') {
        continue;
      }
      if (spooled) {
        part.file.resume();
        throw refusal(
          'validation-failed',
          'file.oneFile',
          {},
          {
            errors: [fieldError('body.file', 'field.moreThanOneFile')],
          },
        );
      }
      const path = join(dir, 'content');
      await pipeline(part.file, createWriteStream(path));
      if (part.file.truncated) {
        throw refusal(
          'validation-failed',
          'file.tooLarge',
          { maxMiB: maxFileBytes / 1024 / 1024 },
          {
            errors: [fieldError('body.file', 'field.fileTooLarge')],
          },
        );
      }
      spooled = { dir, path, name: part.filename };
    }
    if (!spooled) {
      throw refusal(
        'validation-failed',
        'file.none',
        {},
        {
          errors: [fieldError('body.file', 'field.required')],
        },
      );
    }
    return spooled;
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    if (isDomainError(error) || isSystemError(error)) {
      throw error;
    }
    // busboy and @fastify/multipart: "Boundary not found", "Unexpected end of form", limits, …
    throw malformed((error as Error).message || 'unreadable');
  }
}

export function fileRoutes(app: ZodApp, { ctx }: RouteDeps): void {
  const tags = ['files'];

  app.post(
    '/files',
    {
      schema: {
        tags,
        summary:
          `Upload one file (multipart/form-data, one file part, at most ${maxFileBytes / 1024 / 1024} MiB; partner ` +
          `admin or consultant). Accepted by content: ${Object.values(acceptedFileTypes).join(', ')}.`,
        consumes: ['multipart/form-data'],
        response: { 201: file, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      // Before a byte of the body is read: a refused role costs no upload.
      authoriseUpload(actor);
      if (!request.isMultipart()) {
        throw refusal(
          'validation-failed',
          'file.sendMultipart',
          {},
          {
            errors: [fieldError('body', 'field.notMultipart')],
          },
        );
      }
      const spooled = await spoolOneFile(request);
      try {
        const view = await uploadFile(ctx, actor, { name: spooled.name, content: { path: spooled.path } });
        return reply.code(201).send(view);
      } finally {
        await rm(spooled.dir, { recursive: true, force: true });
      }
    },
  );

  app.get(
    '/files/:id',
    { schema: { tags, summary: 'File metadata', params: idParams, response: { 200: file, ...errorResponses } } },
    async (request) => readFileMeta(ctx, requireActor(request), request.params.id),
  );

  app.get(
    '/files/:id/content',
    {
      schema: {
        tags,
        summary: 'Download the file (to the organisations involved), as an attachment with its detected type',
        params: idParams,
        response: {
          200: {
            description: 'The bytes of the file, with its detected type and Content-Disposition: attachment',
            content: { 'application/octet-stream': { schema: z.any().meta({ type: 'string', format: 'binary' }) } },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { file: meta, content } = await readFile(ctx, requireActor(request), request.params.id);
      // The type found in the content at upload; a browser never renders it in our origin: it
      // downloads it (attachment), does not sniff it, and a sandbox CSP blocks its scripts.
      const type = meta.contentType in acceptedFileTypes ? meta.contentType : 'application/octet-stream';
      return reply
        .type(type)
        .header('content-length', meta.size)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(meta.name)}`)
        .header('content-security-policy', 'sandbox')
        .header('x-content-type-options', 'nosniff')
        .send(content);
    },
  );
}
