import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import * as zodLocales from 'zod/v4/locales';
import type { AppContext } from '../app/context.js';
import { DomainError, fieldError, type FieldError, type ProblemCode } from '../domain/errors.js';
import { isMessageKey, msg, render, type Message, type MessageKey, type MessageParams } from '../domain/messages.js';
import type { Language } from '../domain/notice-format.js';
import { acceptedLanguage, requestLanguage } from './language.js';
import { problemType } from './problems.js';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  /** The detail's catalogue key (decision 028), for clients that write their own text. */
  messageKey?: MessageKey;
  /** The dates, numbers and names in the detail (api.md, v1 additions). */
  params: MessageParams;
  errors?: ProblemFieldError[];
}

/**
 * A field at fault as answered: `{path, message}` as api.md has it, the message in the
 * caller's language. The values it names are in the problem's `params`.
 */
export interface ProblemFieldError {
  path: string;
  message: string;
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

/** The field errors as answered: in `language`, bounded. */
export function boundedErrors(errors: FieldError[], language: Language = 'en'): ProblemFieldError[] {
  const rows: ProblemFieldError[] = errors.slice(0, maxFieldErrors).map((e) => ({
    path: bounded(e.path, maxTextLength),
    message: bounded(e.text ? render(e.text, language) : e.message, maxTextLength),
  }));
  if (errors.length > maxFieldErrors) {
    const more = msg('request.moreErrors', { count: errors.length - maxFieldErrors });
    rows.push({ path: '…', message: render(more, language) });
  }
  return rows;
}

/**
 * The problem answer in `language` (issue 12, M7): title, detail and field messages from the
 * catalogue; `type`, `code` and `status` never change with the language (api.md).
 */
export function problemBody(
  code: ProblemCode,
  detail: Message | string,
  errors?: FieldError[],
  language: Language = 'en',
): ProblemBody {
  const type = problemType(code);
  const text = typeof detail === 'string' ? undefined : detail;
  return {
    type: `/problems/${code}`,
    title: render(msg(`title.${code}`), language),
    status: type.status,
    detail: bounded(text ? render(text, language) : (detail as string), maxDetailLength),
    code,
    ...(text ? { messageKey: text.key } : {}),
    params: text?.params ?? {},
    ...(errors && errors.length > 0 ? { errors: boundedErrors(errors, language) } : {}),
  };
}

/** The body of a `DomainError`, in `language`. */
export function domainProblem(error: DomainError, language: Language): ProblemBody {
  return problemBody(error.code, error.text ?? error.detail, error.extras.errors, language);
}

export function sendProblem(
  reply: FastifyReply,
  body: ProblemBody,
  retryAfterSeconds?: number,
  language: Language = 'en',
): FastifyReply {
  if (retryAfterSeconds !== undefined) {
    void reply.header('retry-after', String(retryAfterSeconds));
  }
  // The text depends on Accept-Language: caches must key on it (RFC 9110 §12.5.5).
  void reply.header('content-language', language).header('vary', 'Accept-Language');
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

interface ValidationItem {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: Record<string, unknown> & { keys?: string[] };
}

/** What Zod said the input was ("…, received number"): its issues do not carry the input. */
const receivedSamples: Record<string, unknown> = {
  number: 0,
  string: '',
  boolean: false,
  null: null,
  undefined,
  array: [],
  object: {},
};

const zodFrench = zodLocales.fr();

/**
 * A Zod issue's message in `language`: a catalogue key given by a schema (`fieldKey`) is
 * rendered; Zod's own English words are given in French by Zod's French locale.
 */
function zodMessage(item: ValidationItem, language: Language): Pick<FieldError, 'message' | 'text'> {
  const message = item.message ?? 'invalid';
  if (isMessageKey(message)) {
    const text = msg(message);
    return { message: render(text, 'en'), text };
  }
  if (language === 'fr') {
    const received = /received (\w+)$/.exec(message)?.[1];
    const issue = {
      ...item.params,
      code: item.keyword,
      path: item.instancePath.split('/').filter(Boolean),
      message,
      ...(received && received in receivedSamples ? { input: receivedSamples[received] } : {}),
    };
    const french = zodFrench.localeError?.(
      issue as unknown as Parameters<NonNullable<typeof zodFrench.localeError>>[0],
    );
    const text = typeof french === 'string' ? french : french?.message;
    if (text) {
      return { message: text };
    }
  }
  return { message };
}

/** Zod issues as `{path, message}` rows, one per unknown key for strict objects. */
function validationErrors(error: FastifyError & { validation: unknown[] }, language: Language): FieldError[] {
  const context = error.validationContext;
  const rows: FieldError[] = [];
  for (const item of error.validation as ValidationItem[]) {
    if (item.keyword === 'unrecognized_keys' && item.params?.keys) {
      for (const key of item.params.keys) {
        rows.push(fieldError(joinPath(context, item.instancePath, key), 'field.unknown'));
      }
      continue;
    }
    rows.push({ path: joinPath(context, item.instancePath), ...zodMessage(item, language) });
  }
  return rows;
}

// Fastify's own refusals of malformed requests, all answered as validation-failed.
const malformedRequestCodes: Record<string, MessageKey> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'request.bodyTooLarge',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'request.unsupportedMediaType',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'request.emptyJson',
  FST_ERR_CTP_INVALID_JSON_BODY: 'request.invalidJson',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'request.contentLength',
  FST_ERR_VALIDATION: 'request.invalid',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'request.notMultipart',
  FST_REQ_FILE_TOO_LARGE: 'request.fileTooLarge',
  FST_FILES_LIMIT: 'request.tooManyFiles',
  FST_PARTS_LIMIT: 'request.tooManyParts',
};

/**
 * Errors Fastify raises before any route runs (`frameworkErrors`), as problem+json like the
 * rest (issue 9, finding 7): bad percent-encoding is a malformed request; a path parameter
 * longer than Fastify's 100 characters cannot be an id this server issued, so it names no
 * object (404, as a malformed id does), instead of a 414 the contract does not have. No route
 * ran, so no caller is known: the language is the one `Accept-Language` asks for.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const language = acceptedLanguage(request.headers['accept-language']) ?? 'en';
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void sendProblem(
      reply,
      problemBody('not-found', msg('request.noSuchId'), undefined, language),
      undefined,
      language,
    );
    return;
  }
  const key: MessageKey = error.code === 'FST_ERR_BAD_URL' ? 'request.badUrl' : 'request.unroutable';
  void sendProblem(
    reply,
    problemBody('validation-failed', msg(key), [fieldError('path', key)], language),
    undefined,
    language,
  );
}

export function registerErrorHandling(app: FastifyInstance, ctx?: AppContext): void {
  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const language = await requestLanguage(request, ctx);
    const send = (body: ProblemBody, retryAfterSeconds?: number) =>
      sendProblem(reply, body, retryAfterSeconds, language);
    if (error instanceof DomainError) {
      return send(domainProblem(error, language), error.extras.retryAfterSeconds);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      // A malformed id in the path is an object that does not exist (api.md: ids are opaque).
      if (error.validationContext === 'params') {
        return send(problemBody('not-found', msg('request.noSuchId'), undefined, language));
      }
      const errors = validationErrors(error, language);
      const shown = boundedErrors(errors, language);
      const detail = shown.map((e) => (e.path === '…' ? e.message : `${e.path}: ${e.message}`)).join('; ');
      return send(problemBody('validation-failed', detail, errors, language));
    }
    const malformed = error.code ? malformedRequestCodes[error.code] : undefined;
    if (malformed) {
      // Fastify's own sentence is English; in French the catalogue's says the same.
      const detail = language === 'en' && error.message ? error.message : msg(malformed);
      return send(problemBody('validation-failed', detail, [fieldError('body', malformed)], language));
    }
    if (error.statusCode === 429) {
      return send(problemBody('rate-limited', msg('request.tooManyRequests'), undefined, language));
    }
    request.log.error({ err: error }, 'unhandled error');
    // `about:blank`: the title is the status phrase, which RFC 9457 §4.2.1 lets a server localise.
    return reply
      .code(500)
      .header('content-language', language)
      .header('vary', 'Accept-Language')
      .type('application/problem+json')
      .serializer(JSON.stringify)
      .send({
        type: 'about:blank',
        title: render(msg('server.errorTitle'), language),
        status: 500,
        detail: render(msg('server.error', { requestId: request.id }), language),
      });
  });

  app.setNotFoundHandler(async (request, reply) => {
    const language = await requestLanguage(request, ctx);
    const path = request.url.split('?')[0]!;
    return sendProblem(
      reply,
      problemBody('not-found', msg('request.noRoute', { method: request.method, path }), undefined, language),
      undefined,
      language,
    );
  });
}
