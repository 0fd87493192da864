import { z } from 'zod';
import { readFile } from '../../app/files/read-file.js';
import { maxFileBytes, uploadFile } from '../../app/files/upload-file.js';
import { DomainError } from '../../domain/errors.js';
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
        summary: `Upload one file (multipart/form-data, field "file", at most ${maxFileBytes / 1024 / 1024} MiB)`,
        consumes: ['multipart/form-data'],
        response: { 201: file, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!request.isMultipart()) {
        throw new DomainError('validation-failed', 'send the file as multipart/form-data', {
          errors: [{ path: 'body', message: 'not multipart/form-data' }],
        });
      }
      const part = await request.file({ limits: { fileSize: maxFileBytes, files: 1 } });
      if (!part) {
        throw new DomainError('validation-failed', 'no file in the request', {
          errors: [{ path: 'body.file', message: 'required' }],
        });
      }
      const content = await part.toBuffer();
      return reply
        .code(201)
        .send(await uploadFile(ctx, actor, { name: part.filename, contentType: part.mimetype, content }));
    },
  );

  app.get(
    '/files/:id',
    { schema: { tags, summary: 'File metadata', params: idParams, response: { 200: file, ...errorResponses } } },
    async (request) => (await readFile(ctx, requireActor(request), request.params.id)).file,
  );

  app.get(
    '/files/:id/content',
    {
      schema: {
        tags,
        summary: 'Download the file (to the organisations involved)',
        params: idParams,
        response: {
          200: {
            description: 'The file, as an attachment',
            content: { 'application/octet-stream': { schema: z.any().meta({ type: 'string', format: 'binary' }) } },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { file: meta, content } = await readFile(ctx, requireActor(request), request.params.id);
      return reply
        .type(meta.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(meta.name)}`)
        .header('x-content-type-options', 'nosniff')
        .send(content);
    },
  );
}
