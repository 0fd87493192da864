import { createApiKey } from '../../../src/app/api-keys/create-api-key.js';
import { createWebhookEndpoint } from '../../../src/app/webhooks/manage-endpoints.js';
import { webhookDeliveries } from '../../../src/db/schema/index.js';
import type { TestApp } from '../../support/app.js';
import { logins, org, type RouteCase } from '../../support/roles.js';
import { actorFor, ensureAgreement } from '../../support/voucher-factory.js';

/**
 * Integrations (issue 11, api.md "Integrations"): exports, API keys, webhook endpoints and the
 * audit chain. Exports have the roles and scope of the list they export (the scope itself is
 * test/http/exports.test.ts's); API keys are run by an admin of their organisation; webhook
 * endpoints by each organisation's admin, for its own endpoints only.
 */
const operators = [logins.operator, logins.finance];
const northwind = [logins.operator, logins.finance, logins.benefits, logins.pm];
/** The admin role of each demo organisation (organization-admins.ts): operator, customer, partners. */
const organisationAdmins = [logins.operator, logins.benefits, logins.partner, logins.otherPartner];
const adminRoles = ['operator_admin', 'benefit_admin', 'global_admin'] as const;
const hookUrl = 'https://hooks.example.com/saps';

const read = (route: string, url: (t: TestApp) => string | Promise<string>): RouteCase => ({
  method: 'GET',
  route,
  request: async (t) => ({ url: await url(t) }),
  allowed: 'all',
  success: 200,
});

/** A fresh key of Northwind made by its benefit admin, for a route that revokes it. */
async function northwindKey(t: TestApp, n: number): Promise<string> {
  const key = await createApiKey(t.ctx, await actorFor(t, logins.benefits), t.demo.organizationIds[org.northwind]!, {
    name: `roles ${n}`,
    roles: ['benefit_admin'],
  });
  return key.id;
}

/** A fresh endpoint of Fabrikam made by its global admin, for a route that deletes it. */
async function fabrikamEndpoint(t: TestApp): Promise<string> {
  const endpoint = await createWebhookEndpoint(t.ctx, await actorFor(t, logins.partner), {
    url: hookUrl,
    events: ['voucher.reserved'],
  });
  return endpoint.id;
}

const shared = new Map<string, { endpointId: string; deliveryId: string }>();

/** One Fabrikam endpoint with one failed delivery, read, rotated and retried by the rows below. */
async function sharedEndpoint(t: TestApp): Promise<{ endpointId: string; deliveryId: string }> {
  const known = shared.get(t.demo.programId);
  if (known) {
    return known;
  }
  const endpointId = await fabrikamEndpoint(t);
  const now = t.clock.now();
  const [delivery] = await t.ctx.db
    .insert(webhookDeliveries)
    .values({
      endpointId,
      eventId: 1,
      eventType: 'voucher.reserved',
      messageId: 'msg_1',
      payload: '{}',
      status: 'failed',
      attempts: 1,
      createdAt: now,
      nextAttemptAt: now,
    })
    .returning({ id: webhookDeliveries.id });
  const made = { endpointId, deliveryId: delivery!.id };
  shared.set(t.demo.programId, made);
  return made;
}

/**
 * Endpoints are each organisation's own: an operator admin has the admin role but no view of
 * another organisation's endpoints, so it gets the 404 of an endpoint that does not exist.
 */
const operatorSeesNoOtherEndpoint = { [logins.operator]: 404 };

export const integrationRoutes: RouteCase[] = [
  // Exports: the roles of the lists (GET /vouchers, /agreements, /payment-requests, /audit-events).
  read('/exports/vouchers.csv', () => '/api/v1/exports/vouchers.csv'),
  read('/exports/ledger.csv (every agreement the caller sees)', () => '/api/v1/exports/ledger.csv'),
  {
    method: 'GET',
    route: '/exports/ledger.csv (one agreement)',
    request: async (t) => ({ url: `/api/v1/exports/ledger.csv?agreementId=${await ensureAgreement(t)}` }),
    // As GET /agreements/{id}/ledger.
    owner: org.northwind,
    allowed: northwind,
    success: 200,
  },
  read('/exports/payment-requests.csv', () => '/api/v1/exports/payment-requests.csv'),
  read('/exports/audit-events.csv', () => '/api/v1/exports/audit-events.csv'),
  {
    method: 'GET',
    route: '/exports/close-out.csv',
    request: (t) => ({ url: `/api/v1/exports/close-out.csv?programId=${t.demo.programId}` }),
    allowed: operators,
    success: 200,
    rolesFirst: ['operator_admin', 'finance'],
  },
  {
    method: 'GET',
    route: '/admin/audit-chain',
    request: () => ({ url: '/api/v1/admin/audit-chain' }),
    allowed: operators,
    success: 200,
    rolesFirst: ['operator_admin', 'finance'],
  },
  // API keys: an admin of that organisation (api.md); listing and revoking also an operator
  // admin (decision 022).
  {
    method: 'POST',
    route: '/organizations/{id}/api-keys',
    request: (t, { n }) => ({
      url: `/api/v1/organizations/${t.demo.organizationIds[org.northwind]}/api-keys`,
      body: { name: `roles ${n}`, roles: ['benefit_admin'] },
    }),
    owner: org.northwind,
    allowed: [logins.benefits],
    success: 201,
    // Only a person of that organisation creates its keys (create-api-key.ts): operators, who
    // may create keys for their own organisation only, get the 404 of another organisation.
    outcomes: { [logins.operator]: 404, [logins.finance]: 404 },
  },
  {
    method: 'GET',
    route: '/organizations/{id}/api-keys',
    request: (t) => ({ url: `/api/v1/organizations/${t.demo.organizationIds[org.northwind]}/api-keys` }),
    owner: org.northwind,
    allowed: [logins.operator, logins.benefits],
    success: 200,
  },
  {
    method: 'DELETE',
    route: '/organizations/{id}/api-keys/{keyId}',
    request: async (t, { n }) => ({
      url: `/api/v1/organizations/${t.demo.organizationIds[org.northwind]}/api-keys/${await northwindKey(t, n)}`,
    }),
    owner: org.northwind,
    allowed: [logins.operator, logins.benefits],
    success: 204,
  },
  // Webhook endpoints: each organisation's admin, for its own organisation.
  {
    method: 'POST',
    route: '/webhook-endpoints',
    request: () => ({ url: '/api/v1/webhook-endpoints', body: { url: hookUrl, events: ['voucher.created'] } }),
    allowed: organisationAdmins,
    success: 201,
    rolesFirst: adminRoles,
  },
  {
    method: 'GET',
    route: '/webhook-endpoints',
    request: () => ({ url: '/api/v1/webhook-endpoints' }),
    allowed: organisationAdmins,
    success: 200,
    rolesFirst: adminRoles,
  },
  {
    method: 'DELETE',
    route: '/webhook-endpoints/{id}',
    request: async (t) => ({ url: `/api/v1/webhook-endpoints/${await fabrikamEndpoint(t)}` }),
    owner: org.fabrikam,
    allowed: [logins.partner],
    success: 204,
    rolesFirst: adminRoles,
    outcomes: operatorSeesNoOtherEndpoint,
  },
  {
    method: 'POST',
    route: '/webhook-endpoints/{id}/secret-rotation',
    request: async (t) => ({
      url: `/api/v1/webhook-endpoints/${(await sharedEndpoint(t)).endpointId}/secret-rotation`,
    }),
    owner: org.fabrikam,
    allowed: [logins.partner],
    success: 200,
    rolesFirst: adminRoles,
    outcomes: operatorSeesNoOtherEndpoint,
  },
  {
    method: 'GET',
    route: '/webhook-endpoints/{id}/deliveries',
    request: async (t) => ({ url: `/api/v1/webhook-endpoints/${(await sharedEndpoint(t)).endpointId}/deliveries` }),
    owner: org.fabrikam,
    allowed: [logins.partner],
    success: 200,
    rolesFirst: adminRoles,
    outcomes: operatorSeesNoOtherEndpoint,
  },
  {
    method: 'POST',
    route: '/webhook-endpoints/{id}/deliveries/{deliveryId}/retry',
    request: async (t) => {
      const { endpointId, deliveryId } = await sharedEndpoint(t);
      return { url: `/api/v1/webhook-endpoints/${endpointId}/deliveries/${deliveryId}/retry` };
    },
    owner: org.fabrikam,
    allowed: [logins.partner],
    success: 202,
    rolesFirst: adminRoles,
    outcomes: operatorSeesNoOtherEndpoint,
  },
];
