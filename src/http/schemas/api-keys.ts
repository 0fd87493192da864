import { z } from 'zod';
import { fieldKey } from '../../domain/messages.js';
import { role } from './auth.js';
import { id, instant } from './common.js';

export const apiKeyParams = z.strictObject({ id, keyId: id });

export const createApiKeyRequest = z.strictObject({
  name: z.string().trim().min(1, fieldKey('field.required')).max(100),
  roles: z.array(role).min(1, fieldKey('field.atLeastOneRole')).max(7),
});

export const apiKey = z
  .object({
    id,
    organizationId: id,
    name: z.string(),
    roles: z.array(role),
    tokenPrefix: z.string().describe('the first characters of the token, to tell keys apart'),
    createdBy: id,
    createdAt: instant,
    lastUsedAt: instant.nullable().describe('to the minute'),
    revokedAt: instant.nullable(),
  })
  .meta({ id: 'ApiKey' });

export const createdApiKey = apiKey
  .extend({ token: z.string().describe('saps_…: shown once, send it as Authorization: Bearer') })
  .meta({ id: 'CreatedApiKey' });

export type ApiKeyResponse = z.output<typeof apiKey>;
export type CreatedApiKeyResponse = z.output<typeof createdApiKey>;
