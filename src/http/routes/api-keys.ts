import { z } from 'zod';
import { createApiKey } from '../../app/api-keys/create-api-key.js';
import { listApiKeys, revokeApiKey } from '../../app/api-keys/manage-api-keys.js';
import { requireActor } from '../plugins/authentication.js';
import type { RouteDeps, ZodApp } from '../route-types.js';
import { apiKey, apiKeyParams, createApiKeyRequest, createdApiKey } from '../schemas/api-keys.js';
import { errorResponses, idParams } from '../schemas/common.js';

export function apiKeyRoutes(app: ZodApp, { ctx }: RouteDeps): void {
  const tags = ['organizations'];

  app.post(
    '/organizations/:id/api-keys',
    {
      schema: {
        tags,
        summary:
          'Create an API key acting as the organisation with a subset of your roles; the token is shown once (the organisation\u2019s admin)',
        params: idParams,
        body: createApiKeyRequest,
        response: { 201: createdApiKey, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createApiKey(ctx, requireActor(request), request.params.id, request.body)),
  );

  app.get(
    '/organizations/:id/api-keys',
    {
      schema: {
        tags,
        summary: 'The organisation\u2019s API keys, newest first, without tokens (its admin; operator admins)',
        params: idParams,
        response: { 200: z.object({ items: z.array(apiKey) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listApiKeys(ctx, requireActor(request), request.params.id) }),
  );

  app.delete(
    '/organizations/:id/api-keys/:keyId',
    {
      schema: {
        tags,
        summary: 'Revoke an API key: the next request with it is refused (its admin; operator admins)',
        params: apiKeyParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await revokeApiKey(ctx, requireActor(request), request.params.id, request.params.keyId);
      return reply.code(204).send(null);
    },
  );
}
