import { z } from 'zod';
import { requireRole } from '../../app/access.js';
import { checkReadiness } from '../../app/readiness.js';
import { DomainError, refusal } from '../../domain/errors.js';
import { msg, render } from '../../domain/messages.js';
import { requireActor } from '../plugins/authentication.js';
import type { RouteDeps, ZodApp } from '../route-types.js';
import { errorResponses, instant, problemAnswer } from '../schemas/common.js';

const clock = z.object({
  now: instant,
  simulated: z.boolean(),
  demo: z.boolean().describe('demo mode: the demo data and logins are seeded (SAPS_DEMO)'),
});

const clockNotSettable = (): DomainError => refusal('not-found', 'clock.notSimulated');

/** Probes that must not depend on the program clock (nor wait for it). */
const probes = new Set(['/api/v1/health', '/api/v1/ready']);

export function systemRoutes(app: ZodApp, { ctx, options }: RouteDeps): void {
  const simulated = options.simulatedClock;
  // On PostgreSQL another process may have moved the shared simulated clock: check its version
  // before each API request, so that a request sent after a PUT returned sees the PUT whichever
  // process answers it (decision 017). Requests arriving together share one read. The real clock
  // (production) and the embedded engine (one process) need no read.
  if (simulated?.shared) {
    app.addHook('onRequest', async (request) => {
      if (probes.has(request.routeOptions.url ?? '')) {
        return;
      }
      try {
        await simulated.freshen();
      } catch (error) {
        // The request's own queries will meet the same database error; answer with the offset held.
        request.log.warn({ err: error }, 'could not read the shared simulated clock');
      }
    });
  }

  app.get(
    '/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Liveness: the process answers (no database, no credentials needed); see /ready',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    // Liveness only: a database outage must not get healthy processes restarted.
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      schema: {
        tags: ['system'],
        summary: 'Readiness: migrations applied and the database answers; 503 problem otherwise or when shutting down',
        response: {
          200: z.object({ status: z.literal('ready') }),
          503: problemAnswer(
            'service-unavailable: migrations not applied, the database not answering, or shutting down',
          ),
        },
      },
    },
    async () => {
      const readiness = await checkReadiness(ctx, { draining: options.lifecycle?.draining });
      if (!readiness.ready) {
        const reason = msg(readiness.reason);
        throw new DomainError('service-unavailable', {
          key: 'ready.not',
          params: { reason: render(reason, 'en') },
          parts: { reason: [reason] },
        });
      }
      return { status: 'ready' as const };
    },
  );

  app.get(
    '/clock',
    {
      schema: {
        tags: ['system'],
        summary: 'The server clock; simulated in demo and test setups (one clock for every process)',
        response: { 200: clock },
      },
    },
    async () => ({ now: ctx.clock.now(), simulated: simulated !== undefined, demo: options.demo === true }),
  );

  app.put(
    '/clock',
    {
      schema: {
        tags: ['system'],
        summary:
          'Set the simulated clock for every process (operator admin; only when the server runs with ' +
          'SAPS_SIMULATED_CLOCK). Moving it back is refused unless allowBackwards is true.',
        body: z.strictObject({
          now: instant,
          allowBackwards: z
            .boolean()
            .optional()
            .describe('true to move the clock back (it revives expired invitations and vouchers)'),
        }),
        response: { 200: clock, ...errorResponses },
      },
      // Without a simulated clock the route does not exist (decision 004): 404 before the body
      // is even parsed, so that no input gets another answer.
      onRequest: async () => {
        if (!simulated) {
          throw clockNotSettable();
        }
      },
    },
    async (request) => {
      if (!simulated) {
        throw clockNotSettable();
      }
      const actor = requireActor(request);
      requireRole(actor, 'operator_admin');
      const { now, allowBackwards } = request.body;
      await simulated.set(actor, now, { allowBackwards });
      request.log.info({ now: now.toISOString(), actorId: actor.userId, allowBackwards }, 'simulated clock set');
      return { now: ctx.clock.now(), simulated: true, demo: options.demo === true };
    },
  );
}
