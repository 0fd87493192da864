import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { requireRole } from '../../app/access.js';
import { DomainError } from '../../domain/errors.js';
import { requireActor } from '../plugins/authentication.js';
import type { RouteDeps, ZodApp } from '../route-types.js';
import { errorResponses, instant } from '../schemas/common.js';

const clock = z.object({
  now: instant,
  simulated: z.boolean(),
  demo: z.boolean().describe('demo mode: the demo data and logins are seeded (SAPS_DEMO)'),
});

const clockNotSettable = (): DomainError =>
  new DomainError('not-found', 'the clock can only be set when the server runs with SAPS_SIMULATED_CLOCK');

export function systemRoutes(app: ZodApp, { ctx, options }: RouteDeps): void {
  app.get(
    '/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Ready when migrations ran and the database answers',
        response: { 200: z.object({ status: z.literal('ok') }), 503: z.object({ status: z.literal('unavailable') }) },
      },
    },
    async (request, reply) => {
      // The server listens only after migrations ran, so a database that answers means ready.
      try {
        await ctx.db.execute(sql`select 1`);
        return { status: 'ok' as const };
      } catch (error) {
        request.log.error({ err: error }, 'health check: database does not answer');
        return reply.code(503).send({ status: 'unavailable' as const });
      }
    },
  );

  app.get(
    '/clock',
    {
      schema: {
        tags: ['system'],
        summary: 'The server clock; simulated in demo and test setups',
        response: { 200: clock },
      },
    },
    async () => ({
      now: ctx.clock.now(),
      simulated: options.simulatedClock !== undefined,
      demo: options.demo === true,
    }),
  );

  app.put(
    '/clock',
    {
      schema: {
        tags: ['system'],
        summary: 'Set the simulated clock (operator admin; only when the server runs with SAPS_SIMULATED_CLOCK)',
        body: z.strictObject({ now: instant }),
        response: { 200: clock, ...errorResponses },
      },
      // Without a simulated clock the route does not exist (decision 004): 404 before the body
      // is even parsed, so that no input gets another answer.
      onRequest: async () => {
        if (!options.simulatedClock) {
          throw clockNotSettable();
        }
      },
    },
    async (request) => {
      const simulated = options.simulatedClock;
      if (!simulated) {
        throw clockNotSettable();
      }
      const actor = requireActor(request);
      requireRole(actor, 'operator_admin');
      simulated.set(request.body.now);
      request.log.info({ now: request.body.now.toISOString(), actorId: actor.userId }, 'simulated clock set');
      return { now: ctx.clock.now(), simulated: true, demo: options.demo === true };
    },
  );
}
