import { getAuditChainState } from '../../app/operations/verify-audit.js';
import { requireActor } from '../plugins/authentication.js';
import type { RouteDeps, ZodApp } from '../route-types.js';
import { auditChainState } from '../schemas/audit-chain.js';
import { errorResponses } from '../schemas/common.js';

export function auditChainRoutes(app: ZodApp, { ctx }: RouteDeps): void {
  app.get(
    '/admin/audit-chain',
    {
      schema: {
        tags: ['operations'],
        summary:
          'Verify the tamper-evident audit chain now: intact or the first record that does not match (operator admin, finance)',
        response: { 200: auditChainState, ...errorResponses },
      },
    },
    async (request) => {
      const state = await getAuditChainState(ctx, requireActor(request));
      return {
        ...state,
        head: state.head ? { ...state.head, auditEventId: String(state.head.auditEventId) } : null,
        firstBreak: state.firstBreak
          ? { ...state.firstBreak, auditEventId: String(state.firstBreak.auditEventId) }
          : null,
      };
    },
  );
}
