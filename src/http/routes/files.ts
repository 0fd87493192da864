import { z } from 'zod';
import { readFile, readFileMeta } from '../../app/files/read-file.js';
import { acceptedFileTypes, authoriseUpload, maxFileBytes, uploadFile } from '../../app/files/upload-file.js';
import { rm } from 'node:fs/promises';
import { fieldError, refusal } from '../../domain/errors.js';
import { spoolOneFile } from '../multipart.js';
import { requireActor } from '../plugins/authentication.js';
import type { RouteDeps, ZodApp } from '../route-types.js';
import { errorResponses, idParams } from '../schemas/common.js';
import { file } from '../schemas/vouchers.js';

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
      const spooled = await spoolOneFile(request, {
        maxBytes: maxFileBytes,
        tooLarge: () =>
          refusal(
            'validation-failed',
            'file.tooLarge',
            { maxMiB: maxFileBytes / 1024 / 1024 },
            { errors: [fieldError('body.file', 'field.fileTooLarge')] },
          ),
      });
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
