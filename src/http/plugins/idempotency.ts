import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import {
  abandonIdempotentRequest,
  beginIdempotentRequest,
  completeIdempotentRequest,
} from '../../app/platform/idempotency.js';
import { DomainError } from '../../domain/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { userId: string; key: string } | null;
  }
}

const changingMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function requestHash(request: FastifyRequest): string {
  const body = request.body === undefined ? '' : JSON.stringify(request.body);
  return createHash('sha256').update(`${request.method}\n${request.url}\n${body}`).digest('hex');
}

/**
 * `Idempotency-Key` on every state-changing request (api.md): the first response is stored,
 * keyed by user and key with a hash of the request; a retry gets that response again and
 * changes nothing more; the same key with another request is refused.
 */
export function registerIdempotency(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('idempotency', null);

  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || !changingMethods.has(request.method) || !request.actor) {
      return;
    }
    if (key.length === 0 || key.length > 255) {
      throw new DomainError('validation-failed', 'Idempotency-Key must be 1 to 255 characters', {
        errors: [{ path: 'headers.idempotency-key', message: 'must be 1 to 255 characters' }],
      });
    }
    const userId = request.actor.userId;
    const start = await beginIdempotentRequest(ctx.db, {
      userId,
      key,
      requestHash: requestHash(request),
      now: ctx.clock.now(),
    });
    if (start.kind === 'replay') {
      return reply
        .code(start.statusCode)
        .header('idempotent-replayed', 'true')
        .type(start.contentType)
        .serializer((payload: unknown) => payload as string)
        .send(start.body);
    }
    request.idempotency = { userId, key };
    return undefined;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotency;
    if (!claim) {
      return payload;
    }
    request.idempotency = null;
    if (reply.statusCode >= 500 || typeof payload !== 'string') {
      await abandonIdempotentRequest(ctx.db, claim);
      return payload;
    }
    await completeIdempotentRequest(ctx.db, {
      ...claim,
      statusCode: reply.statusCode,
      body: payload,
      contentType: String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8'),
    });
    return payload;
  });
}
