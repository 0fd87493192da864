import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  openContext,
  screenshot,
  screenshotDir,
  seriousViolations,
  settle,
  signInViaApi,
  startServer,
  type AxeFinding,
  type Server,
} from './browser.js';

let server: Server;
let browser: Browser;
const axeFindings: AxeFinding[] = [];
const axeChecked: string[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  writeFileSync(
    join(screenshotDir, '..', 'axe-summary.json'),
    `${JSON.stringify({ checked: axeChecked, seriousOrCritical: axeFindings }, null, 2)}\n`,
  );
  await browser?.close();
  await server?.testApp.close();
});

const navigationByLogin: Record<string, string[]> = {
  'operator@saps.example': ['Organisations', 'Programs', 'Payment requests'],
  'finance@saps.example': ['Organisations', 'Programs', 'Payment requests'],
  'benefits@northwind.example': ['Agreements', 'Vouchers', 'Create a voucher', 'Partner directory', 'Users'],
  'pm@northwind.example': ['Vouchers', 'Partner directory'],
  'admin@fabrikam.example': [
    'Validate and reserve',
    'My vouchers',
    'Payment requests',
    'Eligibility and enrolment',
    'Users',
  ],
  'consultant@fabrikam.example': ['My vouchers', 'Eligibility and enrolment'],
  'admin@tailspin.example': [
    'Validate and reserve',
    'My vouchers',
    'Payment requests',
    'Eligibility and enrolment',
    'Users',
  ],
};

describe('the web app in Chromium', () => {
  it('signs in with each demo login through the form and shows the navigation of its roles', async () => {
    for (const [email, expected] of Object.entries(navigationByLogin)) {
      const { context, page, problems } = await openContext(browser, server.baseUrl);
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
    const { context, page, problems } = await openContext(browser, server.baseUrl);
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
    const { context, page, problems } = await openContext(browser, server.baseUrl);
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
    const { context, page, problems } = await openContext(browser, server.baseUrl);
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

  const pages: { login: string | null; path: string; name: string }[] = [
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
  ];

  for (const language of ['en', 'fr'] as const) {
    it(`has no serious or critical axe-core violation on the main pages (${language})`, async () => {
      const findings: AxeFinding[] = [];
      for (const target of pages) {
        const { context, page, problems } = await openContext(browser, server.baseUrl, language);
        if (target.login) {
          await signInViaApi(context, target.login);
        }
        let path = target.path;
        if (path === 'program-detail') {
          path = `/operator/programs/${server.testApp.demo.programId}`;
        }
        await page.goto(path);
        await settle(page);
        const name = `${target.name}-${language}`;
        await screenshot(page, name);
        findings.push(...(await seriousViolations(page, name)));
        axeChecked.push(name);
        expect(problems, name).toEqual([]);
        await context.close();
      }
      axeFindings.push(...findings);
      expect(findings).toEqual([]);
    });
  }
});
