import { z } from 'zod';
import { instant } from './common.js';

export const auditChainState = z
  .object({
    status: z.enum(['intact', 'broken']),
    sealed: z.number().int().describe('records verified in the chain (up to the first break)'),
    unsealed: z.number().int().describe('records not sealed yet (the sealing job runs every 10 s)'),
    head: z.object({ seq: z.number().int(), auditEventId: z.string(), hash: z.string(), sealedAt: instant }).nullable(),
    firstBreak: z
      .object({
        seq: z.number().int(),
        auditEventId: z.string(),
        reason: z.enum(['record-changed', 'record-missing', 'seal-missing']),
        detail: z.string(),
      })
      .nullable(),
    verifiedAt: instant,
  })
  .meta({ id: 'AuditChainState' });
export type AuditChainStateResponse = z.output<typeof auditChainState>;
