import type { FastifyInstance } from 'fastify';
import { fieldError, refusal } from '../../domain/errors.js';

/**
 * PostgreSQL stores no NUL character (`\u0000`) in text or jsonb, so a NUL anywhere in the input
 * would reach the database only to fail there as a 500 (issue 9, finding 2). One check over
 * every request's parsed body, query and path parameters (those its route has a schema for),
 * before validation, refuses it for all routes at once: no text schema can forget it.
 */
const maxDepth = 64;

/** The path (`body.items.0.name`) of the first string or key holding a NUL, if any. */
export function findNul(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') {
    return value.includes('\u0000') ? path : undefined;
  }
  if (typeof value !== 'object' || value === null || depth > maxDepth) {
    return undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findNul(value[i], `${path}.${i}`, depth + 1);
      if (found) {
        return found;
      }
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const found = key.includes('\u0000') ? `${path}.${key}` : findNul(item, `${path}.${key}`, depth + 1);
    if (found) {
      return found;
    }
  }
  return undefined;
}

export function registerTextInputCheck(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    // Only the parts a route reads (has a schema for): a probe ignores any query string.
    const schema = request.routeOptions.schema ?? {};
    // A path parameter with a NUL names no object (like any malformed id: api.md).
    if (schema.params && findNul(request.params, 'path')) {
      throw refusal('not-found', 'request.noSuchId');
    }
    const path =
      (schema.querystring ? findNul(request.query, 'query') : undefined) ??
      (schema.body ? findNul(request.body, 'body') : undefined);
    if (path) {
      const shown = path.replaceAll('\u0000', '\\u0000');
      throw refusal(
        'validation-failed',
        'request.fieldNul',
        { path: shown },
        { errors: [fieldError(shown, 'request.nul')] },
      );
    }
  });
}
