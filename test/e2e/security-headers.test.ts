import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openContext, settle, signInViaApi, startServer, type Server } from './browser.js';

/**
 * Issue 9, finding 4, in Chromium: the web app and /docs run under the Content-Security-Policy
 * without a single violation, and no other origin can frame SAPS.
 */
let server: Server;
let browser: Browser;
beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.testApp.close();
});

const recordViolations = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
  });
`;

describe('the Content-Security-Policy in Chromium', () => {
  it('the web app renders and works, signed out and signed in, without a CSP violation', async () => {
    const { context, page, problems } = await openContext(browser, server.baseUrl);
    await context.addInitScript({ content: recordViolations });
    const response = await page.goto('/');
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
    await signInViaApi(context, 'admin@fabrikam.example');
    for (const path of ['/', '/partner/vouchers', '/partner-directory', '/partner/onboarding']) {
      await page.goto(path);
      await settle(page);
      expect(
        await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations),
        path,
      ).toEqual([]);
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  it('/docs (swagger-ui) renders the operations without a CSP violation', async () => {
    const { context, page, problems } = await openContext(browser, server.baseUrl);
    await context.addInitScript({ content: recordViolations });
    await page.goto('/docs');
    await page.getByText('SAPS API').first().waitFor();
    await page.locator('.opblock').first().waitFor();
    expect(await page.locator('.opblock').count()).toBeGreaterThan(50);
    expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('another origin cannot frame the app (and would, without the headers)', async () => {
    const framedHeadings = async (stripHeaders: boolean): Promise<number> => {
      const { context, page } = await openContext(browser, server.baseUrl);
      // A page on another origin (served by Playwright as attacker.test) that frames SAPS.
      await page.route('http://attacker.test/', (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: `<iframe id="victim" src="${server.baseUrl}/sign-in"></iframe>`,
        }),
      );
      if (stripHeaders) {
        // The control: the same page with SAPS's framing headers taken away does render.
        await page.route(`${server.baseUrl}/**`, async (route) => {
          const response = await route.fetch();
          const headers = { ...response.headers() };
          delete headers['content-security-policy'];
          delete headers['x-frame-options'];
          await route.fulfill({ response, headers });
        });
      }
      await page.goto('http://attacker.test/');
      await page.waitForTimeout(2500);
      const frame = page.frames().find((f) => f.url().startsWith(server.baseUrl));
      const count = frame
        ? await frame
            .locator('h1, h2')
            .count()
            .catch(() => 0)
        : 0;
      await context.close();
      return count;
    };
    expect(await framedHeadings(false)).toBe(0);
    expect(await framedHeadings(true)).toBeGreaterThan(0);
  });
});
