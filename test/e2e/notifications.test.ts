import { describe, expect, it } from 'vitest';
import { notifications } from '../../src/db/schema/index.js';
import { checkAxe, openContext, screenshot, settle, signInViaApi, useBrowserSuite, type AxeTarget } from './browser.js';

const suite = useBrowserSuite('axe-notifications.json');

/**
 * Issue 10 in Chromium: the bell and the notifications page, the days-at-risk chart on the
 * operator dashboard, a service request opened by a customer and answered by an operator, and
 * axe-core on these pages in English and French.
 */

/** One unread notification of Northwind's PM, linking to the vouchers page. */
async function notifyPm(): Promise<void> {
  const { ctx, demo } = suite.server.testApp;
  await ctx.db.insert(notifications).values({
    userId: demo.userIds['pm@northwind.example']!,
    kind: 'voucher.reserved',
    title: 'Voucher PS-E2E-TEST reserved',
    body: 'Fabrikam Consulting reserved the voucher PS-E2E-TEST.',
    link: '/vouchers',
    subjectType: 'voucher',
    subjectId: 'e2e',
    at: ctx.clock.now(),
  });
}

/** 2021-05-01: the removal of remaining days (2021-07-01) is within the chart's 90 days. */
async function moveProgramDate(): Promise<void> {
  // As the operator would, through the API (the clock lives in the database: decision 017).
  const base = suite.server.baseUrl;
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'operator@saps.example', password: 'demo-password' }),
  });
  const { token } = (await login.json()) as { token: string };
  const moved = await fetch(`${base}/api/v1/clock`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    // Each test sets the same date: the second one moves the clock back by a few seconds.
    body: JSON.stringify({ now: '2021-05-01T09:00:00.000Z', allowBackwards: true }),
  });
  if (moved.status !== 200) {
    throw new Error(`moving the clock failed: ${moved.status} ${await moved.text()}`);
  }
}

describe('notifications, days at risk and support in Chromium', () => {
  it('shows the unread count on the bell, lists the notification, and marks it read', async () => {
    await notifyPm();
    const { context, page, problems } = await openContext(suite.browser, suite.server.baseUrl);
    await signInViaApi(context, 'pm@northwind.example');
    await page.goto('/vouchers');
    const bell = page.getByRole('link', { name: 'Notifications: 1 unread' });
    await bell.waitFor();
    await bell.click();
    await page.getByRole('heading', { name: 'Notifications' }).waitFor();
    await page.getByRole('link', { name: 'Voucher PS-E2E-TEST reserved' }).waitFor();
    await screenshot(page, 'notifications-page');
    await page.getByRole('button', { name: 'Mark read' }).click();
    await page.getByRole('link', { name: 'Notifications: 0 unread' }).waitFor();
    expect(await page.getByRole('button', { name: 'Mark read' }).count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('charts the days at risk of the next 90 days on the operator dashboard', async () => {
    await moveProgramDate();
    const { context, page, problems } = await openContext(suite.browser, suite.server.baseUrl);
    await signInViaApi(context, 'operator@saps.example');
    await page.goto('/operator/dashboard');
    await page.getByRole('heading', { name: 'Days at risk' }).waitFor();
    // The demo agreement's 40 days are removed on 2021-07-01.
    await page.getByText('40 days at risk').waitFor();
    await page.getByText('dead letters', { exact: false }).waitFor();
    await screenshot(page, 'operator-dashboard-at-risk');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('opens a service request from the help menu and shows the operator\u2019s answer to the requester', async () => {
    const customer = await openContext(suite.browser, suite.server.baseUrl);
    await signInViaApi(customer.context, 'benefits@northwind.example');
    await customer.page.goto('/agreements');
    await customer.page.getByRole('button', { name: 'Help' }).click();
    // Northwind is in the US: the general contact serves it.
    await customer.page.getByText('General Partner Support').waitFor();
    await customer.page.getByRole('menuitem', { name: 'Service requests' }).click();
    await customer.page.getByLabel('Subject').fill('Where do the removed days go?');
    await customer.page.getByLabel('Message').fill('We had 40 days left on 2021-07-01.');
    await customer.page.getByRole('button', { name: 'Send', exact: true }).click();
    await customer.page.getByRole('heading', { name: /SR-\d{6}: Where do the removed days go\?/ }).waitFor();
    const requestPath = new URL(customer.page.url()).pathname;

    const operator = await openContext(suite.browser, suite.server.baseUrl);
    await signInViaApi(operator.context, 'operator@saps.example');
    await operator.page.goto('/service-requests');
    await operator.page.getByRole('heading', { name: 'Service request queue' }).waitFor();
    await operator.page
      .getByRole('link', { name: /SR-\d{6}/ })
      .first()
      .click();
    await operator.page.getByLabel('Reply').fill('They are removed for good on that date (retirement).');
    await operator.page.getByRole('button', { name: 'Send the reply' }).click();
    await operator.page.getByText('They are removed for good').waitFor();

    await customer.page.goto(requestPath);
    await customer.page.getByText('They are removed for good').waitFor();
    await customer.page.getByRole('link', { name: 'Notifications: 1 unread' }).waitFor();
    await settle(customer.page);
    await screenshot(customer.page, 'service-request-answered');
    expect(customer.problems).toEqual([]);
    expect(operator.problems).toEqual([]);
    await customer.context.close();
    await operator.context.close();
  });

  /** /profile with the pointer left on the active profile link (the query is ignored by the app). */
  const hovered = '/profile?pointer=on-the-active-link';
  const pages: AxeTarget[] = [
    { login: 'pm@northwind.example', path: '/notifications', name: 'notifications' },
    // The preferences; the shell's active profile link (name and role) at rest and under the
    // pointer, the two light shades of an active navigation link (src/web/shell/root.tsx).
    { login: 'pm@northwind.example', path: '/profile', name: 'profile' },
    { login: 'pm@northwind.example', path: hovered, name: 'profile-active-link-hovered' },
    { login: 'operator@saps.example', path: '/operator/dashboard', name: 'dashboard-at-risk' },
    { login: 'benefits@northwind.example', path: 'agreement', name: 'agreement-at-risk' },
    { login: 'benefits@northwind.example', path: '/service-requests', name: 'service-requests' },
    { login: 'operator@saps.example', path: '/service-requests', name: 'service-request-queue' },
    { login: 'operator@saps.example', path: 'service-request', name: 'service-request' },
  ];

  for (const language of ['en', 'fr'] as const) {
    it(`has no serious or critical axe-core violation on these pages (${language})`, async () => {
      await moveProgramDate();
      await notifyPm();
      const { app } = suite.server.testApp;
      const token = await suite.server.testApp.login('benefits@northwind.example');
      const get = async (url: string) =>
        (await app.inject({ url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` } })).json<{
          items: { id: string }[];
        }>();
      await checkAxe(suite, language, pages, {
        resolve: async (path) => {
          if (path === 'agreement') {
            return `/agreements/${(await get('/agreements')).items[0]!.id}`;
          }
          if (path === 'service-request') {
            const opened = await app.inject({
              method: 'POST',
              url: '/api/v1/service-requests',
              headers: { authorization: `Bearer ${token}` },
              payload: { subject: 'Axe', message: 'A question for the accessibility check.' },
            });
            return `/service-requests/${opened.json<{ id: string }>().id}`;
          }
          return path;
        },
        ready: async (page, path) => {
          if (path === hovered) {
            await page.getByRole('navigation').locator('a[href="/profile"]').hover();
          }
        },
      });
    });
  }
});
