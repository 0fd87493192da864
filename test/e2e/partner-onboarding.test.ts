import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, type Mailer } from '../../src/jobs/mailer.js';
import { dispatchOutbox } from '../../src/jobs/outbox-dispatcher.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { checkAxe, openContext, screenshot, settle, signInViaApi, useBrowserSuite, type AxeTarget } from './browser.js';

// Partner onboarding, organisation users, the partner directory and password reset in Chromium
// (issue 5, section 3 "Partner" and the customer's partner directory; issue 4's screens).

const suite = useBrowserSuite('axe-summary-partner-onboarding.json');
let smtp: TestSmtpServer;
let mailer: Mailer;

beforeAll(async () => {
  smtp = await startSmtpServer();
  mailer = createMailer({
    smtpUrl: smtp.url,
    smtpFrom: 'SAPS <no-reply@saps.test>',
    dataDir: suite.server.testApp.ctx.dataDir,
  });
});

afterAll(async () => {
  await smtp?.close();
});

/** Chromium logs an expected refusal (the status the test provokes) as a failed resource. */
function unexpected(problems: string[], ...statuses: number[]): string[] {
  return problems.filter((p) => !statuses.some((status) => p.includes(`status of ${status}`)));
}

/** What a screen reader would say of the focused element: its role and its names. */
function focused(page: Page): Promise<{ role: string; names: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    const names = [el?.getAttribute('aria-label'), el?.textContent, el?.labels?.[0]?.textContent].join('|');
    return { role: el?.getAttribute('role') ?? el?.tagName.toLowerCase() ?? '', names };
  });
}

/** Presses Tab until the focused element has `text` in its names (and the role, if given). */
async function tabToText(page: Page, text: string, role?: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now.names.includes(text) && (!role || now.role === role)) {
      return;
    }
  }
  throw new Error(`focus never reached "${text}" after ${max} Tab presses`);
}

describe('partner onboarding in Chromium', () => {
  it('shows Fabrikam’s global admin the eligibility checklist with green checks for DDPS, reached with the keyboard', async () => {
    const { context, page, problems } = await openContext(suite.browser, suite.server.baseUrl);
    await signInViaApi(context, 'admin@fabrikam.example');
    await page.goto('/');
    await settle(page);
    // Keyboard only: Tab to the navigation entry and open it with Enter.
    await tabToText(page, 'Eligibility and enrolment');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Eligibility and enrolment', level: 1 }).waitFor();
    await settle(page);
    const ddps = page.getByRole('region', { name: /^DDPS · / });
    await ddps.waitFor();
    // Enrolment requirements: the agreement and the DDPS competency, both with a green check.
    const enrol = ddps.locator('li[data-met]').first();
    await enrol.waitFor();
    expect(await ddps.locator('li[data-met="false"]').count()).toBe(0);
    expect(await ddps.locator('li[data-met="true"]').count()).toBeGreaterThan(2);
    await ddps.getByText('The current program agreement is signed').first().waitFor();
    await ddps.getByText('Enrolled in DDPS').first().waitFor();
    expect(await ddps.getByText('Eligible', { exact: true }).count()).toBeGreaterThan(1);
    // The check marks are announced, not only drawn.
    expect(await ddps.getByText('Met:').count()).toBeGreaterThan(2);
    await screenshot(page, 'partner-eligibility-keyboard-en');

    // A delivery country adds the location requirement: Fabrikam has none in Germany.
    await tabToText(page, 'Delivery country');
    await page.keyboard.type('Germ');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await ddps.getByText('A location in the delivery country (DE)').first().waitFor();
    await ddps
      .getByText(/no partner location in DE/)
      .first()
      .waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('adds a location with the keyboard alone, and no longer offers a country that has one', async () => {
    const { context, page, problems } = await openContext(suite.browser, suite.server.baseUrl);
    await signInViaApi(context, 'admin@fabrikam.example');
    await page.goto('/partner/onboarding');
    await settle(page);
    // The tabs: focus the active one, then arrow to "Locations" (it activates on focus).
    await tabToText(page, 'Eligibility', 'tab');
    for (const _ of [1, 2]) {
      await page.keyboard.press('ArrowRight');
    }
    await page.waitForURL(/\/partner\/onboarding\/locations$/);
    await page.getByRole('heading', { name: 'Locations' }).waitFor();
    await settle(page);
    await page.getByRole('cell', { name: 'United States', exact: true }).waitFor();
    await tabToText(page, 'Country of the new location');
    await page.keyboard.type('Canad');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await tabToText(page, 'Add the location');
    await page.keyboard.press('Enter');
    await page.getByText('The location in Canada is added.').waitFor();
    await page.getByRole('cell', { name: 'Canada', exact: true }).waitFor();
    await screenshot(page, 'partner-locations-en');
    // One location per country: Canada is no longer offered.
    await page.getByRole('combobox', { name: 'Country of the new location' }).fill('Canad');
    await page.getByText('Nothing found').waitFor();
    const locations = await context.request.get(
      `/api/v1/partners/${suite.server.testApp.demo.organizationIds['Fabrikam Consulting']}/locations`,
    );
    expect((await locations.json()).items.map((l: { country: string }) => l.country).sort()).toEqual(['CA', 'US']);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lets Tailspin’s global admin sign the program agreement, then shows what is still missing', async () => {
    const { context, page, problems } = await openContext(suite.browser, suite.server.baseUrl);
    await signInViaApi(context, 'admin@tailspin.example');
    await page.goto('/partner/onboarding/agreement');
    await settle(page);
    await page.getByRole('heading', { name: 'Program agreement' }).waitFor();
    await page.getByText('Not signed', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Sign the program agreement' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/Your name, the time and your IP address are kept/).waitFor();
    await dialog.getByRole('button', { name: 'Sign', exact: true }).click();
    await page.getByText(/of the program agreement is signed\.$/).waitFor();
    await page.getByText(/^Signed on /).waitFor();
    // Enrolment still needs a competency: the table says which.
    const enrolments = page.getByRole('region', { name: 'Enrolment per offering' });
    await enrolments.getByText(/no valid DDPS competency/).waitFor();
    // Enrolling anyway is refused with the server's reason, next to the table.
    await enrolments.getByRole('button', { name: 'Enrol in DDPS' }).click();
    await enrolments.getByRole('alert').getByText('Not eligible').waitFor();
    await screenshot(page, 'partner-agreement-signed-en');

    // The eligibility view now shows the agreement met and the competencies missing.
    await page.getByRole('tab', { name: 'Eligibility' }).click();
    const ddps = page.getByRole('region', { name: /^DDPS · / });
    await ddps.waitFor();
    await ddps.locator('li[data-met="true"]', { hasText: 'The current program agreement is signed' }).waitFor();
    await ddps.locator('li[data-met="false"]', { hasText: 'A valid DDPS competency' }).first().waitFor();
    await ddps.locator('li[data-met="false"]', { hasText: 'Enrolled in DDPS' }).first().waitFor();
    await screenshot(page, 'partner-eligibility-missing-en');

    // Payment registration before the first redemption: the server's refusal is shown as it is.
    await page.getByRole('tab', { name: 'Payment registration' }).click();
    await page.getByRole('button', { name: 'Register for payments' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Register', exact: true }).click();
    await page.getByRole('alert').getByText('payment registration opens after the first redemption').waitFor();
    await screenshot(page, 'partner-payment-registration-refused-en');
    // 422: the refusals the test provoked; 404: Tailspin has no business profile yet.
    expect(unexpected(problems, 422, 404)).toEqual([]);
    await context.close();
  });

  it('shows the checklist in French, with the glossary’s words', async () => {
    const { context, page, problems } = await openContext(suite.browser, suite.server.baseUrl, 'fr');
    await signInViaApi(context, 'admin@tailspin.example');
    await page.goto('/partner/onboarding/eligibility');
    await settle(page);
    await page.getByRole('heading', { name: 'Éligibilité et inscription', level: 1 }).waitFor();
    const ddps = page.getByRole('region', { name: /^DDPS · / });
    await ddps.getByText("Pour s'inscrire à l'offre").waitFor();
    await ddps.locator('li[data-met="false"]', { hasText: 'Une compétence DDPS valide' }).first().waitFor();
    await ddps.getByText('Ce qui manque :').first().waitFor();
    await page.getByRole('tab', { name: 'Contrat et inscription' }).click();
    await page.getByRole('heading', { name: 'Contrat de programme' }).waitFor();
    await page.getByRole('heading', { name: 'Inscription par offre' }).waitFor();
    await screenshot(page, 'partner-agreement-tailspin-fr');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lets the operator import competencies from CSV and shows the report of skipped rows', async () => {
    const { context, page, problems } = await openContext(suite.browser, suite.server.baseUrl);
    await signInViaApi(context, 'operator@saps.example');
    const tailspin = suite.server.testApp.demo.organizationIds['Tailspin Advisory']!;
    await page.goto(`/operator/organizations/${tailspin}`);
    await settle(page);
    await page.getByRole('heading', { name: 'Partner competencies' }).waitFor();
    await page.getByText('No competency recorded.').waitFor();
    await page
      .getByLabel('CSV content')
      .fill(
        'name,level,validFrom,validUntil\nWindows and Devices,gold,2020-07-01,2022-06-30\nCloud Platform,platinum,2020-07-01,2022-06-30\n',
      );
    await page.getByLabel('Import the valid rows and report the others').check();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText('Import report: 1 competency imported.').waitFor();
    await page.getByText('1 row skipped:').waitFor();
    await page.getByText('Row 3:').waitFor();
    await page.getByRole('cell', { name: 'Windows and Devices', exact: true }).waitFor();
    await screenshot(page, 'operator-partner-competencies-en');

    // Deleting asks first.
    await page.getByRole('button', { name: 'Delete the competency Windows and Devices' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('The competency Windows and Devices is deleted.').waitFor();
    await page.getByText('No competency recorded.').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lets a customer search the partner directory and find Fabrikam', async () => {
    const { context, page, problems } = await openContext(suite.browser, suite.server.baseUrl);
    await signInViaApi(context, 'benefits@northwind.example');
    await page.goto('/');
    await settle(page);
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Partner directory' })
      .click();
    await page.getByRole('heading', { name: 'Partner directory', level: 1 }).waitFor();
    await settle(page);
    await page.getByLabel('Search', { exact: true }).fill('SharePoint intranets');
    await page.getByRole('heading', { name: 'Fabrikam Consulting' }).waitFor();
    await page.getByText('planning@fabrikam.example').waitFor();
    await screenshot(page, 'customer-directory-en');
    // A filter nobody matches gives the empty state.
    await page.getByRole('combobox', { name: 'Country' }).fill('Japan');
    await page.getByRole('option', { name: 'Japan (JP)' }).click();
    await page.getByText('No partner matches these criteria.').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lets Fabrikam’s global admin invite a consultant, and shows the last-admin refusal', async () => {
    const { context, page, problems } = await openContext(suite.browser, suite.server.baseUrl);
    await signInViaApi(context, 'admin@fabrikam.example');
    await page.goto('/organization/users');
    await settle(page);
    await page.getByRole('cell', { name: 'Carlos Consultant', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Invite a user' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Nadia New');
    await dialog.getByLabel('E-mail').fill('nadia@fabrikam.example');
    await dialog.getByLabel('Consultant').check();
    await dialog.getByRole('button', { name: 'Send the invitation' }).click();
    await page.getByText('An invitation was sent to nadia@fabrikam.example.').waitFor();
    await page.getByRole('cell', { name: 'Nadia New', exact: true }).waitFor();

    // Deactivating the organisation's only global admin is refused, and said so.
    await page.getByRole('button', { name: 'Deactivate Fatima Admin' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Deactivate' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'A program rule forbids this' });
    // API role keys are shown as their labels (issue 12).
    await alert.getByText(/last Global admin/).waitFor();
    await screenshot(page, 'partner-users-last-admin-en');
    expect(unexpected(problems, 422)).toEqual([]);
    await context.close();
  });

  it('resets a password end to end: the link arrives over SMTP and the new password signs in', async () => {
    const { context, page, problems } = await openContext(suite.browser, suite.server.baseUrl);
    await page.goto('/sign-in');
    await settle(page);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    await screenshot(page, 'forgot-password-en');
    await page.getByLabel('E-mail').fill('consultant@fabrikam.example');
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByText(/If consultant@fabrikam\.example has an account/).waitFor();

    await dispatchOutbox(suite.server.testApp.ctx, mailer);
    const mail = smtp.received.find((m) => m.to.includes('consultant@fabrikam.example'));
    expect(mail, 'the reset e-mail').toBeDefined();
    const token = /\/reset-password\?token=([^\s]+)/.exec(mail!.text)?.[1];
    expect(token).toBeTruthy();

    await page.goto(`/reset-password?token=${token}`);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await screenshot(page, 'reset-password-en');
    await page.getByLabel('New password').fill('quiet-harbour-lantern-forty-two');
    await page.getByLabel('Repeat the password').fill('quiet-harbour-lantern-forty-two');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByText('Your password is changed: sign in with it now.').waitFor();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('E-mail').fill('consultant@fabrikam.example');
    await page.locator('input[type="password"]').fill('quiet-harbour-lantern-forty-two');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();

    // The link works once.
    const again = await context.request.post('/api/v1/auth/password-reset/confirm', {
      data: { token, password: 'yet-another-password' },
    });
    expect(again.status()).toBe(404);
    expect(problems).toEqual([]);
    await context.close();
  });

  const pages: AxeTarget[] = [
    { login: 'admin@fabrikam.example', path: '/partner/onboarding/eligibility', name: 'partner-eligibility' },
    { login: 'admin@fabrikam.example', path: '/partner/onboarding/agreement', name: 'partner-agreement' },
    { login: 'admin@fabrikam.example', path: '/partner/onboarding/locations', name: 'partner-locations' },
    { login: 'admin@fabrikam.example', path: '/partner/onboarding/consultants', name: 'partner-consultants' },
    { login: 'admin@fabrikam.example', path: '/partner/onboarding/profile', name: 'partner-profile' },
    { login: 'admin@fabrikam.example', path: '/partner/onboarding/competencies', name: 'partner-competencies' },
    { login: 'admin@fabrikam.example', path: '/partner/onboarding/payments', name: 'partner-payments' },
    { login: 'admin@fabrikam.example', path: '/organization/users', name: 'partner-users' },
    { login: 'benefits@northwind.example', path: '/organization/users', name: 'customer-users' },
    { login: 'benefits@northwind.example', path: '/partner-directory', name: 'customer-directory' },
    { login: 'operator@saps.example', path: 'fabrikam-organization', name: 'operator-partner-organization' },
    { login: null, path: '/forgot-password', name: 'forgot-password' },
    { login: null, path: '/reset-password?token=not-a-real-token', name: 'reset-password' },
  ];

  for (const language of ['en', 'fr'] as const) {
    it(`has no serious or critical axe-core violation on the new pages (${language})`, async () => {
      await checkAxe(suite, language, pages, {
        resolve: async (path) =>
          path === 'fabrikam-organization'
            ? `/operator/organizations/${suite.server.testApp.demo.organizationIds['Fabrikam Consulting']}`
            : path,
        ready: async (page, path) => {
          if (path.startsWith('/partner/onboarding/') || path.startsWith('/operator/organizations/')) {
            await page.locator('[role="tabpanel"] h2, h2').first().waitFor();
          }
        },
      });
      // Many pages, each with axe-core: more than the default 2 minutes on a busy machine.
    }, 300_000);
  }
});
