import { agreementAtRisk, programAtRisk } from '../../app/agreements/at-risk.js';
import { z } from 'zod';
import { isOperator, requireRole } from '../../app/access.js';
import { outboxBacklog } from '../../app/platform/outbox-store.js';
import { requireActor } from '../plugins/authentication.js';
import type { RouteDeps, ZodApp } from '../route-types.js';
import { atRisk, atRiskQuery } from '../schemas/at-risk.js';
import { errorResponses, idParams } from '../schemas/common.js';

export function atRiskRoutes(app: ZodApp, { ctx }: RouteDeps): void {
  app.get(
    '/agreements/:id/at-risk',
    {
      schema: {
        tags: ['agreements'],
        summary:
          'Days at risk of an agreement: remaining days to be removed, live vouchers that will expire, redeemed vouchers whose payment window closes (its benefit admins, operators)',
        params: idParams,
        response: { 200: atRisk, ...errorResponses },
      },
    },
    async (request) => agreementAtRisk(ctx, requireActor(request), request.params.id),
  );

  app.get(
    '/admin/at-risk',
    {
      schema: {
        tags: ['operations'],
        summary: 'Days at risk of a whole program, by date (operators)',
        querystring: atRiskQuery,
        response: { 200: atRisk, ...errorResponses },
      },
    },
    async (request) => programAtRisk(ctx, requireActor(request), request.query.programId),
  );

  app.get(
    '/admin/outbox',
    {
      schema: {
        tags: ['operations'],
        summary: 'E-mails waiting for a retry, and dead letters (failed for good), for the dashboard (operators)',
        response: {
          200: z.object({ waiting: z.number().int(), dead: z.number().int() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (!isOperator(actor)) {
        requireRole(actor, 'operator_admin', 'finance');
      }
      const { waiting, dead } = await outboxBacklog(ctx);
      return { waiting, dead };
    },
  );
}
