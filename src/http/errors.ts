import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, type FieldError, type ProblemCode } from '../domain/errors.js';
import { problemType } from './problems.js';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  errors?: FieldError[];
}

/**
 * Error answers stay small whatever the request (issue 9, finding 13: an 877 KB body of unknown
 * keys once gave a 4.6 MB answer): at most `maxFieldErrors` rows, then one "… and N more", and
 * each path, message and the detail cut to a bounded length.
 */
export const maxFieldErrors = 20;
const maxTextLength = 200;
const maxDetailLength = 2000;

function bounded(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function boundedErrors(errors: FieldError[]): FieldError[] {
  const rows = errors
    .slice(0, maxFieldErrors)
    .map((e) => ({ path: bounded(e.path, maxTextLength), message: bounded(e.message, maxTextLength) }));
  if (errors.length > maxFieldErrors) {
    rows.push({ path: '…', message: `… and ${errors.length - maxFieldErrors} more` });
  }
  return rows;
}

export function problemBody(code: ProblemCode, detail: string, errors?: FieldError[]): ProblemBody {
  const type = problemType(code);
  return {
    type: `/problems/${code}`,
    title: type.title,
    status: type.status,
    detail: bounded(detail, maxDetailLength),
    code,
    ...(errors && errors.length > 0 ? { errors: boundedErrors(errors) } : {}),
  };
}

export function sendProblem(reply: FastifyReply, body: ProblemBody, retryAfterSeconds?: number): FastifyReply {
  if (retryAfterSeconds !== undefined) {
    void reply.header('retry-after', String(retryAfterSeconds));
  }
  return reply.code(body.status).type('application/problem+json').serializer(JSON.stringify).send(body);
}

// Fastify names the query string `querystring`; field paths say `query`, as the use cases do
// (`query.cursor`), so that one parameter has one path whichever layer refuses it.
const contextNames: Record<string, string> = { querystring: 'query' };

function joinPath(context: string | undefined, instancePath: string, extra?: string): string {
  const parts = [contextNames[context ?? 'body'] ?? context ?? 'body', ...instancePath.split('/').filter(Boolean)];
  if (extra) {
    parts.push(extra);
  }
  return parts.join('.');
}

/** Zod issues as `{path, message}` rows, one per unknown key for strict objects. */
function validationErrors(error: FastifyError & { validation: unknown[] }): FieldError[] {
  const context = error.validationContext;
  const rows: FieldError[] = [];
  for (const item of error.validation as {
    keyword: string;
    instancePath: string;
    message?: string;
    params?: { keys?: string[] };
  }[]) {
    if (item.keyword === 'unrecognized_keys' && item.params?.keys) {
      for (const key of item.params.keys) {
        rows.push({ path: joinPath(context, item.instancePath, key), message: 'unknown field' });
      }
      continue;
    }
    rows.push({ path: joinPath(context, item.instancePath), message: item.message ?? 'invalid' });
  }
  return rows;
}

// Fastify's own refusals of malformed requests, all answered as validation-failed.
const malformedRequestCodes: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'the request body is too large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'the content type is not supported; send application/json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'the JSON body is empty',
  FST_ERR_CTP_INVALID_JSON_BODY: 'the body is not valid JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'the Content-Length does not match the body',
  FST_ERR_VALIDATION: 'the request is not valid',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'the request is not multipart/form-data',
  FST_REQ_FILE_TOO_LARGE: 'the file is too large',
  FST_FILES_LIMIT: 'too many files',
  FST_PARTS_LIMIT: 'too many parts',
};

/**
 * Errors Fastify raises before any route runs (`frameworkErrors`), as problem+json like the
 * rest (issue 9, finding 7): bad percent-encoding is a malformed request; a path parameter
 * longer than Fastify's 100 characters cannot be an id this server issued, so it names no
 * object (404, as a malformed id does), instead of a 414 the contract does not have.
 */
export function frameworkErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void sendProblem(reply, problemBody('not-found', 'no object has this id'));
    return;
  }
  const message =
    error.code === 'FST_ERR_BAD_URL' ? 'the URL has invalid percent-encoding' : 'the request could not be routed';
  void sendProblem(reply, problemBody('validation-failed', message, [{ path: 'path', message }]));
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof DomainError) {
      return sendProblem(
        reply,
        problemBody(error.code, error.detail, error.extras.errors),
        error.extras.retryAfterSeconds,
      );
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = validationErrors(error);
      // A malformed id in the path is an object that does not exist (api.md: ids are opaque).
      if (error.validationContext === 'params') {
        return sendProblem(reply, problemBody('not-found', 'no object has this id'));
      }
      const shown = boundedErrors(errors);
      const detail = shown.map((e) => (e.path === '…' ? e.message : `${e.path}: ${e.message}`)).join('; ');
      return sendProblem(reply, problemBody('validation-failed', detail, errors));
    }
    const malformed = error.code ? malformedRequestCodes[error.code] : undefined;
    if (malformed) {
      return sendProblem(
        reply,
        problemBody('validation-failed', error.message || malformed, [{ path: 'body', message: malformed }]),
      );
    }
    if (error.statusCode === 429) {
      return sendProblem(reply, problemBody('rate-limited', error.message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .code(500)
      .type('application/problem+json')
      .serializer(JSON.stringify)
      .send({
        type: 'about:blank',
        title: 'Internal Server Error',
        status: 500,
        detail: `Something went wrong on the server. The request id ${request.id} identifies it in the server log.`,
      });
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problemBody('not-found', `no route ${request.method} ${request.url.split('?')[0]}`)),
  );
}
