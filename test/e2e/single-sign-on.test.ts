import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.js';
import { freePort, startTestProvider, type TestProvider } from '../support/openid-provider.js';
import { ensureWebBuild, launchBrowser, openContext, screenshot, seriousViolations, settle } from './browser.js';

/**
 * Single sign-on in Chromium (decision 027): the sign-in page offers it, the person signs in at a
 * real OpenID provider on loopback (oidc-provider's own login and consent pages), and lands in
 * the app signed in; a refused identity lands back on the sign-in page with the reason in its
 * language.
 */
let provider: TestProvider;
let t: TestApp;
let baseUrl: string;
let browser: Browser;

beforeAll(async () => {
  ensureWebBuild();
  provider = await startTestProvider({
    operator: { email: 'operator@saps.example', email_verified: true },
    stranger: { email: 'stranger@elsewhere.example', email_verified: true },
  });
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  provider.register(`${baseUrl}/api/v1/auth/oidc/callback`);
  t = await buildTestApp({
    simulated: true,
    publicUrl: baseUrl,
    singleSignOn: {
      issuer: provider.issuer,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      allowInsecureRequests: true,
    },
  });
  await t.app.listen({ host: '127.0.0.1', port });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await provider?.close();
});

/** The provider's development pages load a web font from the internet, which this machine has not. */
async function noInternet(context: BrowserContext): Promise<void> {
  await context.route(
    (url) => url.origin !== baseUrl && url.origin !== provider.issuer,
    (route) => route.fulfill({ status: 200, contentType: 'text/css', body: '' }),
  );
}

/**
 * At the provider's pages: its login form (any password), then its consent page. What goes wrong
 * on them is not SAPS's: the problems
 * recorded while there (the provider has no favicon) are dropped.
 */
async function signInAtProvider(page: Page, problems: string[], login: string): Promise<void> {
  const ours = problems.length;
  await page.waitForURL((url) => url.origin === provider.issuer);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((url) => url.origin === baseUrl);
  problems.splice(ours);
}

describe('single sign-on in the browser', () => {
  it('offers it on the sign-in page, keyboard-reachable and axe-clean, and signs operator staff in', async () => {
    const { context, page, problems } = await openContext(browser, baseUrl);
    await noInternet(context);
    await page.goto('/sign-in');
    await settle(page);
    const button = page.getByRole('link', { name: 'Sign in with single sign-on' });
    await button.waitFor();
    await screenshot(page, 'sso-sign-in-en');
    expect(await seriousViolations(page, 'sso-sign-in-en')).toEqual([]);

    // Reached with the keyboard, after the password form's own controls.
    let focused = '';
    for (let tab = 0; tab < 12 && focused !== 'Sign in with single sign-on'; tab += 1) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
    }
    expect(focused).toBe('Sign in with single sign-on');
    await page.keyboard.press('Enter');

    await signInAtProvider(page, problems, 'operator');
    await settle(page);
    expect(new URL(page.url()).pathname).not.toBe('/sign-in');
    const me = await context.request.get('/api/v1/me');
    expect(await me.json()).toMatchObject({ email: 'operator@saps.example', organizationKind: 'operator' });
    await screenshot(page, 'sso-signed-in-en');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('brings a refused identity back to the sign-in page with the reason, in French', async () => {
    const { context, page, problems } = await openContext(browser, baseUrl, 'fr');
    await noInternet(context);
    await page.goto('/sign-in');
    await settle(page);
    await page.getByRole('link', { name: 'Connexion par authentification unique' }).click();
    await signInAtProvider(page, problems, 'stranger');
    await settle(page);
    expect(page.url()).toBe(`${baseUrl}/sign-in?sso=unknown-email`);
    const alert = page.getByRole('alert', { name: "L'authentification unique ne vous a pas connecté" });
    await expect.poll(() => alert.textContent()).toContain("Aucun compte SAPS n'a l'adresse e-mail");
    await screenshot(page, 'sso-refused-fr');
    expect(await seriousViolations(page, 'sso-refused-fr')).toEqual([]);
    expect((await context.request.get('/api/v1/me')).status()).toBe(401);
    expect(problems).toEqual([]);
    await context.close();
  });
});
