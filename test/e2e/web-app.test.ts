import { describe, expect, it } from 'vitest';
import { checkAxe, openContext, screenshot, settle, signInViaApi, useBrowserSuite, type AxeTarget } from './browser.js';

const suite = useBrowserSuite('axe-summary.json');

/**
 * A submitted payment request for the finance pages, made through the API (the browser flow
 * itself is in program-flow.test.ts): a voucher created, reserved, completed with a file and
 * redeemed today, the partner registered for payments, and the request submitted.
 */
let paymentRequestId: string | undefined;
async function submittedPaymentRequest(): Promise<string> {
  if (paymentRequestId) {
    return paymentRequestId;
  }
  const { app, demo } = suite.server.testApp;
  const call = async (token: string, method: 'GET' | 'POST', url: string, payload?: object) => {
    const response = await app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${token}` },
      ...(payload ? { payload } : {}),
    });
    if (response.statusCode >= 300) {
      throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
    }
    return response.json<Record<string, any>>();
  };
  const customer = await suite.server.testApp.login('benefits@northwind.example');
  const partner = await suite.server.testApp.login('admin@fabrikam.example');
  const agreement = (await call(customer, 'GET', '/agreements')).items[0];
  const types = (await call(customer, 'GET', `/programs/${agreement.programId}/engagement-types`)).items;
  const voucher = await call(customer, 'POST', '/vouchers', {
    agreementId: agreement.id,
    engagementTypeId: types.find((t: { code: string }) => t.code === 'DDPS-WOD').id,
    days: 3,
    projectManagerId: demo.userIds['pm@northwind.example'],
  });
  const today = (await call(customer, 'GET', '/clock')).now.slice(0, 10);
  const location = (await call(partner, 'GET', `/partners/${demo.organizationIds['Fabrikam Consulting']}/locations`))
    .items[0];
  await call(partner, 'POST', `/vouchers/${voucher.id}/reservation`, {
    code: voucher.code,
    locationId: location.id,
    plannedStart: today,
    plannedEnd: today,
    acceptTerms: true,
  });
  const boundary = 'saps-e2e-boundary';
  const upload = await app.inject({
    method: 'POST',
    url: '/api/v1/files',
    headers: { authorization: `Bearer ${partner}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload:
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="plan.pdf"\r\n` +
      `Content-Type: application/pdf\r\n\r\n%PDF-1.4 plan\r\n--${boundary}--\r\n`,
  });
  await call(partner, 'POST', `/vouchers/${voucher.id}/completion-report`, {
    deliveredFrom: today,
    deliveredTo: today,
    consultantIds: [demo.userIds['consultant@fabrikam.example']],
    summary: 'Plan delivered.',
    nextSteps: 'Pilot.',
    deliverableFileIds: [upload.json<{ id: string }>().id],
  });
  await call(partner, 'POST', `/vouchers/${voucher.id}/redemption`);
  await call(partner, 'POST', `/partners/${demo.organizationIds['Fabrikam Consulting']}/payment-registrations`, {
    programId: demo.programId,
  });
  const request = await call(partner, 'POST', '/payment-requests', {
    voucherIds: [voucher.id],
    invoiceNumber: 'INV-AXE-1',
    invoiceDate: today,
  });
  paymentRequestId = request.id as string;
  return paymentRequestId;
}

const navigationByLogin: Record<string, string[]> = {
  'operator@saps.example': [
    'Dashboard',
    'Organisations',
    'Programs',
    'Audit log',
    'Close-out report',
    'Sweeps and extensions',
    'Imports',
    'Payment requests',
    'Webhooks',
    'API keys',
    'Program calendar',
  ],
  'finance@saps.example': [
    'Dashboard',
    'Organisations',
    'Programs',
    'Audit log',
    'Close-out report',
    'Payment requests',
    'Program calendar',
  ],
  'benefits@northwind.example': [
    'Home',
    'Agreements',
    'Vouchers',
    'Create a voucher',
    'Partner directory',
    'Users',
    'Webhooks',
    'API keys',
    'Program calendar',
  ],
  'pm@northwind.example': ['Home', 'Vouchers', 'Partner directory', 'Program calendar'],
  'admin@fabrikam.example': [
    'Home',
    'Validate and reserve',
    'My vouchers',
    'Payment requests',
    'Eligibility and enrolment',
    'Users',
    'Webhooks',
    'API keys',
    'Program calendar',
  ],
  'consultant@fabrikam.example': ['Home', 'My vouchers', 'Eligibility and enrolment', 'Program calendar'],
  'admin@tailspin.example': [
    'Home',
    'Validate and reserve',
    'My vouchers',
    'Payment requests',
    'Eligibility and enrolment',
    'Users',
    'Webhooks',
    'API keys',
    'Program calendar',
  ],
};

describe('the web app in Chromium', () => {
  it('signs in with each demo login through the form and shows the navigation of its roles', async () => {
    for (const [email, expected] of Object.entries(navigationByLogin)) {
      const { context, page, problems } = await openContext(suite.browser, suite.server.baseUrl);
      await page.goto('/');
      await page.getByLabel('E-mail').fill(email);
      await page.locator('input[type="password"]').fill('demo-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      const nav = page.getByRole('navigation', { name: 'Main navigation' });
      await nav.waitFor();
      await settle(page);
      const links = (await nav.getByRole('link').allInnerTexts()).map((text) => text.split('\n')[0]!.trim());
      // The last link is the signed-in person's own page.
      expect(links.slice(0, -1), email).toEqual(expected);
      await screenshot(page, `home-${email.replace(/[@.]/g, '-')}`);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      expect(problems, email).toEqual([]);
      await context.close();
    }
  });

  it('shows the wrong-credentials error by the password field', async () => {
    const { context, page, problems } = await openContext(suite.browser, suite.server.baseUrl);
    await page.goto('/sign-in');
    await page.getByLabel('E-mail').fill('operator@saps.example');
    await page.locator('input[type="password"]').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The e-mail or the password is not right.').waitFor();
    // The 401 is the answer the form expects; Chromium logs it as a failed resource.
    expect(problems.filter((p) => !/status of 401/.test(p))).toEqual([]);
    await context.close();
  });

  it('switches to French, remembers it, and shows the program date banner in French', async () => {
    const { context, page, problems } = await openContext(suite.browser, suite.server.baseUrl);
    await signInViaApi(context, 'operator@saps.example');
    await page.goto('/operator/programs');
    await settle(page);
    await page.getByText('Français').click();
    await page.getByRole('heading', { name: 'Programmes' }).waitFor();
    await page.getByText('Date simulée du programme').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await page.reload();
    await settle(page);
    await page.getByRole('heading', { name: 'Programmes' }).waitFor();
    await expect(page.getByRole('button', { name: 'Se déconnecter' }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'programs-fr');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lets the operator register an organisation', async () => {
    const { context, page, problems } = await openContext(suite.browser, suite.server.baseUrl);
    await signInViaApi(context, 'operator@saps.example');
    await page.goto('/operator/organizations');
    await settle(page);
    await page.getByRole('button', { name: 'Register an organisation' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Contoso Pharmaceuticals');
    await dialog.getByLabel('Country').fill('Fran');
    await page.getByRole('option', { name: 'France (FR)' }).click();
    await dialog.getByRole('button', { name: 'Register' }).click();
    await page.getByText('Contoso Pharmaceuticals is registered.').waitFor();
    await page.getByRole('link', { name: 'Contoso Pharmaceuticals' }).waitFor();
    await screenshot(page, 'organizations-en');
    expect(problems).toEqual([]);
    await context.close();
  });

  const pages: AxeTarget[] = [
    { login: null, path: '/sign-in', name: 'sign-in' },
    { login: 'operator@saps.example', path: '/operator/organizations', name: 'operator-organizations' },
    { login: 'operator@saps.example', path: '/operator/programs', name: 'operator-programs' },
    { login: 'operator@saps.example', path: 'program-detail', name: 'operator-program' },
    { login: 'benefits@northwind.example', path: '/agreements', name: 'customer-agreements' },
    { login: 'benefits@northwind.example', path: '/vouchers', name: 'customer-vouchers' },
    { login: 'benefits@northwind.example', path: '/vouchers/new', name: 'customer-create-voucher' },
    { login: 'admin@fabrikam.example', path: '/partner/vouchers', name: 'partner-vouchers' },
    { login: 'admin@fabrikam.example', path: '/partner/reserve', name: 'partner-reserve' },
    { login: 'admin@fabrikam.example', path: '/payment-requests', name: 'partner-payment-requests' },
    { login: 'operator@saps.example', path: '/operator/dashboard', name: 'operator-dashboard' },
    { login: 'operator@saps.example', path: '/operator/audit', name: 'operator-audit' },
    { login: 'operator@saps.example', path: '/operator/operations', name: 'operator-operations' },
    { login: 'finance@saps.example', path: '/payment-requests', name: 'finance-payment-review' },
    { login: 'finance@saps.example', path: 'payment-request-detail', name: 'finance-payment-request' },
  ];
  // Each party's home and the program calendar (issue 12), in their own test for the time limit.
  const homes: AxeTarget[] = [
    { login: 'benefits@northwind.example', path: '/home', name: 'customer-home' },
    { login: 'pm@northwind.example', path: '/home', name: 'project-manager-home' },
    { login: 'admin@fabrikam.example', path: '/home', name: 'partner-home' },
    { login: 'consultant@fabrikam.example', path: '/home', name: 'consultant-home' },
    { login: 'pm@northwind.example', path: '/calendar', name: 'program-calendar' },
  ];

  for (const language of ['en', 'fr'] as const) {
    it(`has no serious or critical axe-core violation on the homes and the calendar (${language})`, async () => {
      await checkAxe(suite, language, homes);
    });
    it(`has no serious or critical axe-core violation on the main pages (${language})`, async () => {
      await checkAxe(suite, language, pages, {
        resolve: async (path) => {
          if (path === 'program-detail') {
            return `/operator/programs/${suite.server.testApp.demo.programId}`;
          }
          if (path === 'payment-request-detail') {
            return `/payment-requests/${await submittedPaymentRequest()}`;
          }
          return path;
        },
      });
    }, 300_000);
  }
});
