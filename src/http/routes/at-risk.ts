import { agreementAtRisk, programAtRisk } from '../../app/agreements/at-risk.js';
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
}
