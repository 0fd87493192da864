import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { seededSupportContacts } from '../../../src/app/support/support-contacts.js';
import { notifications, users } from '../../../src/db/schema/index.js';
import { bearer, type TestApp } from '../../support/app.js';
import { logins, org, type RouteCase } from '../../support/roles.js';
import { ensureAgreement } from '../../support/voucher-factory.js';

/** Notifications, preferences, days at risk and support (issue 10). */
const operators = [logins.operator, logins.finance];
const northwindAndOperators = [logins.operator, logins.finance, logins.benefits, logins.pm];

/** A fresh service request of Northwind's PM, for a route that changes it. */
async function northwindRequest(t: TestApp): Promise<string> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/service-requests',
    headers: bearer(await t.login(logins.pm)),
    payload: { subject: 'roles', message: 'a question' },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string }>().id;
}

/** A notification of the calling login itself (everyone reads their own). */
async function ownNotification(t: TestApp, email: string): Promise<string> {
  const [user] = await t.ctx.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  const [row] = await t.ctx.db
    .insert(notifications)
    .values({
      userId: user!.id,
      kind: 'voucher.reserved',
      title: 'roles',
      body: 'roles',
      link: '/vouchers',
      subjectType: 'voucher',
      subjectId: 'roles',
      at: t.clock.now(),
    })
    .returning({ id: notifications.id });
  return row!.id;
}

export const notifyRoutes: RouteCase[] = [
  {
    method: 'GET',
    route: '/me/preferences',
    request: () => ({ url: '/api/v1/me/preferences' }),
    allowed: 'all',
    success: 200,
  },
  {
    method: 'PUT',
    route: '/me/preferences',
    request: () => ({ url: '/api/v1/me/preferences', body: { language: 'en', emailReminders: true } }),
    allowed: 'all',
    success: 200,
  },
  {
    method: 'GET',
    route: '/notifications',
    request: () => ({ url: '/api/v1/notifications' }),
    allowed: 'all',
    success: 200,
  },
  {
    method: 'POST',
    route: '/notifications/{id}/read',
    request: async (t, { login }) => ({ url: `/api/v1/notifications/${await ownNotification(t, login.email)}/read` }),
    allowed: 'all',
    success: 200,
  },
  {
    method: 'POST',
    route: '/notifications/read-all',
    request: () => ({ url: '/api/v1/notifications/read-all' }),
    allowed: 'all',
    success: 200,
  },
  {
    method: 'GET',
    route: '/agreements/{id}/at-risk',
    request: async (t) => ({ url: `/api/v1/agreements/${await ensureAgreement(t)}/at-risk` }),
    owner: org.northwind,
    allowed: [logins.operator, logins.finance, logins.benefits],
    success: 200,
    rolesFirst: ['benefit_admin', 'operator_admin', 'finance'],
  },
  {
    method: 'GET',
    route: '/admin/at-risk',
    request: (t) => ({ url: `/api/v1/admin/at-risk?programId=${t.demo.programId}` }),
    allowed: operators,
    success: 200,
    rolesFirst: ['operator_admin', 'finance'],
  },
  {
    method: 'GET',
    route: '/admin/outbox',
    request: () => ({ url: '/api/v1/admin/outbox' }),
    allowed: operators,
    success: 200,
    rolesFirst: ['operator_admin', 'finance'],
  },
  {
    method: 'GET',
    route: '/programs/{id}/support-contacts',
    request: (t) => ({ url: `/api/v1/programs/${t.demo.programId}/support-contacts` }),
    allowed: 'all',
    success: 200,
  },
  {
    method: 'PUT',
    route: '/programs/{id}/support-contacts',
    request: (t) => ({ url: `/api/v1/programs/${t.demo.programId}/support-contacts`, body: seededSupportContacts }),
    allowed: [logins.operator],
    success: 200,
    rolesFirst: ['operator_admin'],
  },
  {
    method: 'POST',
    route: '/service-requests',
    request: () => ({ url: '/api/v1/service-requests', body: { subject: 'roles', message: 'a question' } }),
    allowed: 'all',
    success: 201,
  },
  {
    method: 'GET',
    route: '/service-requests',
    request: () => ({ url: '/api/v1/service-requests' }),
    allowed: 'all',
    success: 200,
  },
  {
    method: 'GET',
    route: '/service-requests/{id}',
    request: async (t) => ({ url: `/api/v1/service-requests/${await northwindRequest(t)}` }),
    owner: org.northwind,
    allowed: northwindAndOperators,
    success: 200,
  },
  {
    method: 'POST',
    route: '/service-requests/{id}/replies',
    request: async (t) => ({
      url: `/api/v1/service-requests/${await northwindRequest(t)}/replies`,
      body: { message: 'hi' },
    }),
    owner: org.northwind,
    allowed: northwindAndOperators,
    success: 201,
  },
  {
    method: 'POST',
    route: '/service-requests/{id}/closure',
    request: async (t) => ({ url: `/api/v1/service-requests/${await northwindRequest(t)}/closure` }),
    owner: org.northwind,
    allowed: northwindAndOperators,
    success: 200,
  },
];
