import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { buildTestApp, type TestApp } from '../support/app.js';

const root = join(import.meta.dirname, '..', '..');
export const screenshotDir = join(root, 'test-results', 'screenshots');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds `dist/web` when it is missing or older than `src/web`. */
export function ensureWebBuild(): void {
  const index = join(root, 'dist', 'web', 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(join(root, 'src', 'web'))) {
    return;
  }
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'src/web/vite.config.ts',
      '--logLevel',
      'warn',
    ],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}

export interface Server {
  testApp: TestApp;
  baseUrl: string;
}

/** The real server on a fresh test database with a simulated clock, listening on loopback. */
export async function startServer(): Promise<Server> {
  ensureWebBuild();
  const testApp = await buildTestApp({ simulated: true });
  await testApp.app.listen({ host: '127.0.0.1', port: 0 });
  const address = testApp.app.server.address();
  if (!address || typeof address === 'string') {
    throw new Error('the server has no port');
  }
  return { testApp, baseUrl: `http://127.0.0.1:${address.port}` };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/**
 * A browser context whose pages record every console error, failed request and 5xx answer:
 * `problems` must be empty at the end of each test.
 */
export async function openContext(
  browser: Browser,
  baseUrl: string,
  language: 'en' | 'fr' = 'en',
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: language === 'fr' ? 'fr-FR' : 'en-GB',
    viewport: { width: 1280, height: 860 },
  });
  // The language the person chose before (remembered in localStorage), unless they switch.
  await context.addInitScript({
    content: `if (!localStorage.getItem('saps.language')) { localStorage.setItem('saps.language', '${language}'); }`,
  });
  const problems: string[] = [];
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') {
      problems.push(`console error: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) =>
    problems.push(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`),
  );
  page.on('response', (response) => {
    if (response.status() >= 500) {
      problems.push(`server error: ${response.status()} ${response.request().method()} ${response.url()}`);
    }
  });
  return { context, page, problems };
}

/** Signs in through the API in the browser's own cookie jar (the UI sign-in has its own test). */
export async function signInViaApi(context: BrowserContext, email: string, password = 'demo-password'): Promise<void> {
  const response = await context.request.post('/api/v1/auth/login', { data: { email, password } });
  if (response.status() !== 200) {
    throw new Error(`sign-in of ${email} failed: ${response.status()} ${await response.text()}`);
  }
}

export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page
    .getByText(/^(Loading…|Chargement…)$/)
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 })
    .catch(() => undefined);
  await page.locator('h1').first().waitFor({ state: 'visible' });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

export interface AxeFinding {
  page: string;
  id: string;
  impact: string;
  help: string;
  nodes: number;
  targets: string[];
}

/** Serious and critical axe-core violations of the current page. */
export async function seriousViolations(page: Page, name: string): Promise<AxeFinding[]> {
  // Let Mantine's transitions finish so colours are final.
  await page.waitForTimeout(300);
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      page: name,
      id: v.id,
      impact: v.impact ?? '',
      help: v.help,
      nodes: v.nodes.length,
      targets: v.nodes.map(
        (n) => `${n.target.join(' ')}: ${(n.failureSummary ?? '').split('\n').slice(1).join(' ').trim()}`,
      ),
    }));
}

/** A test file's server and Chromium, with what its axe-core checks found. */
export interface BrowserSuite {
  server: Server;
  browser: Browser;
  axeChecked: string[];
  axeFindings: AxeFinding[];
}

/**
 * Starts the server and Chromium before the file's tests and stops them after, writing what the
 * axe-core checks saw to `test-results/<axeSummaryFile>`. The fields are set once `beforeAll` ran.
 */
export function useBrowserSuite(axeSummaryFile: string): BrowserSuite {
  const suite = { axeChecked: [], axeFindings: [] } as unknown as BrowserSuite;
  beforeAll(async () => {
    suite.server = await startServer();
    suite.browser = await launchBrowser();
  });
  afterAll(async () => {
    mkdirSync(screenshotDir, { recursive: true });
    writeFileSync(
      join(screenshotDir, '..', axeSummaryFile),
      `${JSON.stringify({ checked: suite.axeChecked, seriousOrCritical: suite.axeFindings }, null, 2)}\n`,
    );
    await suite.browser?.close();
    await suite.server?.testApp.close();
  });
  return suite;
}

export interface AxeTarget {
  /** Who is signed in (through the API), or nobody. */
  login: string | null;
  path: string;
  name: string;
}

/**
 * Each page in `language`, signed in as its login: a screenshot, no console or network problem,
 * and no serious or critical axe-core violation. `resolve` turns a placeholder path into a real
 * one; `ready` waits for what the page shows after it settled.
 */
export async function checkAxe(
  suite: BrowserSuite,
  language: 'en' | 'fr',
  targets: readonly AxeTarget[],
  options: { resolve?: (path: string) => Promise<string>; ready?: (page: Page, path: string) => Promise<void> } = {},
): Promise<void> {
  const findings: AxeFinding[] = [];
  for (const target of targets) {
    const { context, page, problems } = await openContext(suite.browser, suite.server.baseUrl, language);
    if (target.login) {
      await signInViaApi(context, target.login);
    }
    const path = options.resolve ? await options.resolve(target.path) : target.path;
    await page.goto(path);
    await settle(page);
    await options.ready?.(page, path);
    const name = `${target.name}-${language}`;
    await screenshot(page, name);
    findings.push(...(await seriousViolations(page, name)));
    suite.axeChecked.push(name);
    expect(problems, name).toEqual([]);
    await context.close();
  }
  suite.axeFindings.push(...findings);
  expect(findings).toEqual([]);
}
