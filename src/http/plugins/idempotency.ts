import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import {
  beginIdempotentRequest,
  findStoredResponse,
  replaceIdempotentResponse,
  storeIdempotentResponse,
} from '../../app/platform/idempotency.js';
import { runInTransactionScope, setTransactionHook } from '../../db/transaction-hooks.js';
import { DomainError, fieldError, refusal } from '../../domain/errors.js';

interface Claim {
  userId: string;
  key: string;
  requestHash: string;
  /** The response stored in the change's transaction, if the request ran one. */
  stored: { statusCode: number; body: string } | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: Claim | null;
  }
}

const changingMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const jsonType = 'application/json; charset=utf-8';

function requestHash(request: FastifyRequest): string {
  const body = request.body === undefined ? '' : JSON.stringify(request.body);
  return createHash('sha256').update(`${request.method}\n${request.url}\n${body}`).digest('hex');
}

/** The route's success status (its lowest documented 2xx), what a replay answers with. */
function successCode(request: FastifyRequest): number {
  const response = (request.routeOptions.schema?.response ?? {}) as Record<string, unknown>;
  const codes = Object.keys(response)
    .map(Number)
    .filter((code) => code >= 200 && code < 300);
  return codes.length > 0 ? Math.min(...codes) : 200;
}

function replay(reply: FastifyReply, stored: { statusCode: number; body: string; contentType: string }) {
  return reply
    .code(stored.statusCode)
    .header('idempotent-replayed', 'true')
    .type(stored.contentType)
    .serializer((payload: unknown) => payload as string)
    .send(stored.body);
}

/**
 * `Idempotency-Key` on every state-changing request (api.md; decision 013). The response is
 * stored in the same transaction as the change, so a killed process leaves either the change
 * with its answer or neither: a retry gets the stored answer or runs exactly once. Requests
 * that change nothing in a transaction (refusals, answers built outside one) store their
 * answer after it is sent.
 */
export function registerIdempotency(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('idempotency', null);

  // The scope that carries the request's transaction hook into the use case (AsyncLocalStorage).
  app.addHook('onRequest', (_request, _reply, done) => {
    runInTransactionScope(done);
  });

  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || !changingMethods.has(request.method) || !request.actor) {
      return;
    }
    if (key.length === 0 || key.length > 255) {
      throw refusal(
        'validation-failed',
        'request.idempotencyKeyLength',
        {},
        {
          errors: [fieldError('headers.idempotency-key', 'field.oneTo255')],
        },
      );
    }
    const claim: Claim = { userId: request.actor.userId, key, requestHash: requestHash(request), stored: null };
    const start = await beginIdempotentRequest(ctx.db, { ...claim, now: ctx.realClock.now() });
    if (start.kind === 'replay') {
      return replay(reply, start);
    }
    request.idempotency = claim;
    setTransactionHook({
      // Inside the change's transaction, after the use case: its answer, serialised by the
      // route's own serializer, commits with the change.
      async beforeCommit(tx, result) {
        const statusCode = successCode(request);
        let body: string;
        try {
          reply.code(statusCode);
          body = reply.serialize(result) as string;
        } catch {
          return; // Not the route's answer: stored after it is sent instead.
        }
        await storeIdempotentResponse(tx, {
          ...claim,
          statusCode,
          body,
          contentType: jsonType,
          now: ctx.realClock.now(),
        });
        claim.stored = { statusCode, body };
      },
    });
    return undefined;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotency;
    if (!claim) {
      return payload;
    }
    request.idempotency = null;
    if (typeof payload !== 'string') {
      return payload;
    }
    const answer = {
      ...claim,
      statusCode: reply.statusCode,
      body: payload,
      contentType: String(reply.getHeader('content-type') ?? jsonType),
      now: ctx.realClock.now(),
    };
    if (claim.stored) {
      if (claim.stored.statusCode !== reply.statusCode || claim.stored.body !== payload) {
        await replaceIdempotentResponse(ctx.db, answer);
      }
      return payload;
    }
    if (reply.statusCode >= 400) {
      // Refused: perhaps because a concurrent request with the same key won (the voucher changed
      // under us, or our insert of the key lost). Its stored answer is then this request's too.
      const first = await findStoredResponse(ctx.db, claim);
      if (first) {
        void reply.code(first.statusCode).header('idempotent-replayed', 'true').type(first.contentType);
        return first.body;
      }
      if (reply.statusCode >= 500) {
        return payload; // A server error stores nothing: the client may retry with the same key.
      }
    }
    await storeIdempotentResponse(ctx.db, answer).catch((error: unknown) => {
      if (!(error instanceof DomainError)) {
        throw error;
      }
    });
    return payload;
  });
}
