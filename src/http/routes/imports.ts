import { rm } from 'node:fs/promises';
import { getImport } from '../../app/imports/get-import.js';
import { authoriseImport, importLimitsOf, startImport, tooLarge } from '../../app/imports/start-import.js';
import { fieldError, refusal } from '../../domain/errors.js';
import { requestLanguage } from '../language.js';
import { spoolOneFile } from '../multipart.js';
import { requireActor } from '../plugins/authentication.js';
import type { RouteDeps, ZodApp } from '../route-types.js';
import { errorResponses, idParams } from '../schemas/common.js';
import { createImportQuery, importAccepted, importRun } from '../schemas/imports.js';

export function importRoutes(app: ZodApp, { ctx }: RouteDeps): void {
  const tags = ['imports'];
  // Runs that answered 202 and still work in this process: a shutdown stops them after their
  // batch in progress (they end `failed`, "interrupted") and waits for them.
  const running = new Set<Promise<unknown>>();
  const stopping = new AbortController();
  app.addHook('onClose', async () => {
    stopping.abort();
    await Promise.allSettled([...running]);
  });

  app.post(
    '/imports',
    {
      schema: {
        tags,
        summary: 'Import agreements or competencies from one CSV file (multipart/form-data; operator admin)',
        description:
          'The file is checked whole before anything is written: a size over the limit, a wrong header, bytes that ' +
          'are not UTF-8, malformed CSV or more than 1,000,000 rows is a 400 validation-failed. Then the import ' +
          'runs in the background (202): poll GET /imports/{id} for its progress and report. Rows are validated ' +
          'one by one; a bad row is reported with its row number and never stops the good ones, unless atomic=true.',
        consumes: ['multipart/form-data'],
        querystring: createImportQuery,
        response: { 202: importAccepted, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      // Before a byte of the body is read: a refused role costs no upload.
      authoriseImport(actor);
      if (!request.isMultipart()) {
        throw refusal(
          'validation-failed',
          'import.sendMultipart',
          {},
          {
            errors: [fieldError('body', 'field.notMultipart')],
          },
        );
      }
      const { maxBytes } = importLimitsOf(ctx);
      const spooled = await spoolOneFile(request, { maxBytes, tooLarge: () => tooLarge(maxBytes) });
      const removeFile = () => rm(spooled.dir, { recursive: true, force: true }).catch(() => undefined);
      let started;
      try {
        started = await startImport(
          ctx,
          actor,
          {
            kind: request.query.kind,
            dryRun: request.query.dryRun === 'true',
            atomic: request.query.atomic === 'true',
            fileName: spooled.name,
            path: spooled.path,
          },
          { signal: stopping.signal },
        );
      } catch (error) {
        await removeFile();
        throw error;
      }
      const work = started.finished
        .catch((error: unknown) => ctx.log.error({ err: error, importId: started.run.id }, 'import could not finish'))
        .finally(removeFile);
      running.add(work);
      void work.finally(() => running.delete(work));
      return reply.code(202).send({ id: started.run.id, status: started.run.status });
    },
  );

  app.get(
    '/imports/:id',
    {
      schema: {
        tags,
        summary: 'The progress and report of an import (operator admin)',
        params: idParams,
        response: { 200: importRun, ...errorResponses },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return getImport(ctx, actor, request.params.id, await requestLanguage(request, ctx));
    },
  );
}
