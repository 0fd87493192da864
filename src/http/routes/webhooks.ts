import { z } from 'zod';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  retryWebhookDelivery,
  rotateWebhookSecret,
} from '../../app/webhooks/manage-endpoints.js';
import { requireActor } from '../plugins/authentication.js';
import type { RouteDeps, ZodApp } from '../route-types.js';
import { errorResponses, idParams } from '../schemas/common.js';
import {
  createdWebhookEndpoint,
  createWebhookEndpointRequest,
  deliveryParams,
  secretRotation,
  webhookDelivery,
  webhookEndpoint,
} from '../schemas/webhooks.js';

export function webhookRoutes(app: ZodApp, { ctx }: RouteDeps): void {
  const tags = ['webhooks'];

  app.post(
    '/webhook-endpoints',
    {
      schema: {
        tags,
        summary: 'Subscribe a URL to event types; the secret is shown once (the organisation\u2019s admin)',
        body: createWebhookEndpointRequest,
        response: { 201: createdWebhookEndpoint, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createWebhookEndpoint(ctx, requireActor(request), request.body)),
  );

  app.get(
    '/webhook-endpoints',
    {
      schema: {
        tags,
        summary: 'Your organisation\u2019s webhook endpoints (no secrets)',
        response: { 200: z.object({ items: z.array(webhookEndpoint) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listWebhookEndpoints(ctx, requireActor(request)) }),
  );

  app.delete(
    '/webhook-endpoints/:id',
    {
      schema: {
        tags,
        summary: 'Delete an endpoint: nothing more is sent to it',
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteWebhookEndpoint(ctx, requireActor(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/webhook-endpoints/:id/secret-rotation',
    {
      schema: {
        tags,
        summary: 'A new signing secret; the previous one keeps signing alongside for 24 h',
        params: idParams,
        response: { 200: secretRotation, ...errorResponses },
      },
    },
    async (request) => rotateWebhookSecret(ctx, requireActor(request), request.params.id),
  );

  app.get(
    '/webhook-endpoints/:id/deliveries',
    {
      schema: {
        tags,
        summary: 'The delivery log, newest first: status, attempts, response status and latency',
        params: idParams,
        response: { 200: z.object({ items: z.array(webhookDelivery) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listWebhookDeliveries(ctx, requireActor(request), request.params.id) }),
  );

  app.post(
    '/webhook-endpoints/:id/deliveries/:deliveryId/retry',
    {
      schema: {
        tags,
        summary: 'Send a delivery again now, with the same body and webhook-id',
        params: deliveryParams,
        response: { 202: webhookDelivery, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(await retryWebhookDelivery(ctx, requireActor(request), request.params.id, request.params.deliveryId)),
  );
}
