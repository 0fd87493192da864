import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { DomainError, fieldError, fieldMessage, isDomainError, refusal } from '../domain/errors.js';
import { msg, type Message, type MessageKey } from '../domain/messages.js';

/** Multipart uploads of one file (decision 018), shared by `POST /files` and `POST /imports`. */

/**
 * The parser's reasons SAPS knows, by the error's code or its message: the English texts are the
 * parser's own words (the answer in English is what it always was), the French ones translate them.
 */
const knownReasons: Record<string, MessageKey> = {
  'Multipart: Boundary not found': 'multipart.noBoundary',
  'Boundary required': 'multipart.noBoundary',
  'Unexpected end of multipart data': 'multipart.unexpectedEnd',
  FST_MP_PREMATURE_CLOSE: 'multipart.closedEarly',
  FST_PROTO_VIOLATION: 'multipart.protoField',
};

/** Any other reason is the parser's English words, in both languages (decision 028). */
function malformed(error: Error): DomainError {
  const code = (error as { code?: unknown }).code;
  const key = (typeof code === 'string' ? knownReasons[code] : undefined) ?? knownReasons[error.message];
  if (!key) {
    const reason = error.message || 'unreadable';
    return refusal('validation-failed', 'file.malformed', { reason }, { errors: [{ path: 'body', message: reason }] });
  }
  const reason = msg(key);
  const detail: Message = { key: 'file.malformed', params: { reason: error.message }, parts: { reason: [reason] } };
  return new DomainError('validation-failed', detail, { errors: [fieldMessage('body', reason)] });
}

/** Errors of the file system (no space left, …) are ours: they stay 500s. Parser errors are the client's. */
function isSystemError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}

export interface Spooled {
  dir: string;
  path: string;
  name: string;
}

/**
 * Streams the one file of the multipart body to a temporary file (never the whole upload in
 * memory, never the database connection held while it arrives). A second file is refused, not
 * silently dropped; a body without a boundary, with a wrong one or cut short is a 400.
 */
export async function spoolOneFile(
  request: FastifyRequest,
  limits: { maxBytes: number; tooLarge: () => DomainError },
): Promise<Spooled> {
  const dir = await mkdtemp(join(tmpdir(), 'saps-upload-'));
  let spooled: Spooled | undefined;
  try {
    for await (const part of request.parts({ limits: { fileSize: limits.maxBytes, parts: 50 } })) {
      if (part.type !== 'file') {
        continue;
      }
      if (spooled) {
        part.file.resume();
        throw refusal(
          'validation-failed',
          'file.oneFile',
          {},
          { errors: [fieldError('body.file', 'field.moreThanOneFile')] },
        );
      }
      const path = join(dir, 'content');
      await pipeline(part.file, createWriteStream(path));
      if (part.file.truncated) {
        throw limits.tooLarge();
      }
      spooled = { dir, path, name: part.filename };
    }
    if (!spooled) {
      throw refusal('validation-failed', 'file.none', {}, { errors: [fieldError('body.file', 'field.required')] });
    }
    return spooled;
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    if (isDomainError(error) || isSystemError(error)) {
      throw error;
    }
    // busboy and @fastify/multipart: "Boundary not found", "Unexpected end of form", limits, …
    throw malformed(error as Error);
  }
}
