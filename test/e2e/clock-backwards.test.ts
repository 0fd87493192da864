import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import en from '../../src/web/locales/en.json' with { type: 'json' };
import { launchBrowser, openContext, settle, signInViaApi, startServer, type Server } from './browser.js';

/**
 * The operator's clock dialog warns before moving the simulated program date back (decision 017):
 * the move needs a confirmation, and only then is it sent with `allowBackwards`.
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

it('asks for a confirmation before moving the program date back, then moves it', async () => {
  const { context, page, problems } = await openContext(browser, server.baseUrl);
  await signInViaApi(context, 'operator@saps.example');
  await page.goto('/operator/dashboard');
  await settle(page);
  await page.getByRole('button', { name: en.clock.change }).click();
  const dialog = page.getByRole('dialog');
  const date = dialog.getByLabel(new RegExp(`^${en.clock.newDate}`));

  // Forward: no warning.
  await date.fill('2021-04-01T09:00');
  expect(await dialog.getByText(en.clock.backwardsTitle).count()).toBe(0);

  // Back: the warning, and the button waits for the confirmation.
  await date.fill('2021-02-01T09:00');
  await dialog.getByText(en.clock.backwardsTitle).waitFor();
  const apply = dialog.getByRole('button', { name: en.clock.applyBackwards });
  expect(await apply.isDisabled()).toBe(true);
  const before = server.testApp.ctx.clock.now().getTime();
  expect(before).toBeGreaterThan(new Date('2021-03-01T00:00:00Z').getTime());

  await dialog.getByLabel(en.clock.backwardsConfirm).check();
  await apply.click();
  await dialog.waitFor({ state: 'detached' });
  expect(server.testApp.ctx.clock.now().toISOString().slice(0, 16)).toBe('2021-02-01T09:00');
  expect(problems).toEqual([]);
  await context.close();
});
