import { z } from 'zod';
import { fieldKey } from '../../domain/messages.js';
import { webhookEventTypes } from '../../domain/webhook-events.js';
import { id, instant } from './common.js';

export const webhookEventType = z.enum(webhookEventTypes);

export const createWebhookEndpointRequest = z.strictObject({
  url: z.string().trim().min(1, fieldKey('field.required')).max(2000).describe('absolute https URL'),
  events: z.array(webhookEventType).min(1, fieldKey('field.atLeastOneEventType')),
  description: z.string().trim().max(500).optional(),
});

export const webhookEndpoint = z
  .object({
    id,
    organizationId: id,
    url: z.string(),
    events: z.array(z.string()),
    description: z.string().nullable(),
    createdAt: instant,
    disabledAt: instant.nullable().describe('set when a delivery kept failing for 24 h'),
    disabledReason: z.string().nullable(),
    previousSecretExpiresAt: instant.nullable().describe('after a rotation: the old secret signs too until then'),
  })
  .meta({ id: 'WebhookEndpoint' });

export const createdWebhookEndpoint = webhookEndpoint
  .extend({ secret: z.string().describe('whsec_…: verify the signatures with it (Standard Webhooks)') })
  .meta({ id: 'CreatedWebhookEndpoint' });

export const webhookDelivery = z
  .object({
    id,
    webhookId: z.string().describe('the webhook-id header, the same across retries'),
    eventType: z.string(),
    status: z.enum(['pending', 'succeeded', 'failed']),
    attempts: z.number().int(),
    createdAt: instant,
    lastAttemptAt: instant.nullable(),
    nextAttemptAt: instant.nullable(),
    responseStatus: z.number().int().nullable(),
    latencyMs: z.number().int().nullable(),
    lastError: z.string().nullable(),
  })
  .meta({ id: 'WebhookDelivery' });

export const secretRotation = z.object({ secret: z.string(), previousSecretExpiresAt: instant });

export const deliveryParams = z.strictObject({ id, deliveryId: id });

export type WebhookEndpointResponse = z.output<typeof webhookEndpoint>;
export type CreatedWebhookEndpointResponse = z.output<typeof createdWebhookEndpoint>;
export type WebhookDeliveryResponse = z.output<typeof webhookDelivery>;
