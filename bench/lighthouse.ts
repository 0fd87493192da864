import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import puppeteer from 'puppeteer-core';

/**
 * Issue 12's quality bar: Lighthouse 12.2.3 (the last that runs on Node 20) with Debian's
 * Chromium, desktop preset, on the sign-in page and each party's home. Performance ≥ 90 and
 * accessibility ≥ 95. A demo server (`saps serve`, embedded database, demo data) is started on
 * BENCH_LIGHTHOUSE_PORT (3790) from `dist/` (`npm run build` first).
 *
 *   node --import tsx bench/run.ts lighthouse
 */

const pages: { name: string; login: string | null; path: string }[] = [
  { name: 'sign-in', login: null, path: '/sign-in' },
  { name: 'customer home', login: 'benefits@northwind.example', path: '/home' },
  { name: 'project manager home', login: 'pm@northwind.example', path: '/home' },
  { name: 'partner home', login: 'admin@fabrikam.example', path: '/home' },
  { name: 'operator home (dashboard)', login: 'operator@saps.example', path: '/operator/dashboard' },
];

export const lighthouseBars = { performance: 90, accessibility: 95 };

async function waitForServer(base: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 240; i += 1) {
    if (child.exitCode !== null) {
      throw new Error(`saps serve exited with ${child.exitCode}`);
    }
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('saps serve did not become healthy in 120 s');
}

export async function benchLighthouse(): Promise<boolean> {
  const port = Number(process.env.BENCH_LIGHTHOUSE_PORT ?? 3790);
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'saps-lighthouse-'));
  const root = join(import.meta.dirname, '..');
  const server = spawn(process.execPath, [join(root, 'bin', 'saps.js'), 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      SAPS_DATA_DIR: dataDir,
      SAPS_DEMO: '1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const browser = await puppeteer.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  let ok = true;
  try {
    await waitForServer(base, server);
    console.log(`Lighthouse 12.2.3, desktop preset, /usr/bin/chromium, against ${base} (demo data)`);
    console.log('page                         performance  accessibility');
    for (const target of pages) {
      const page = await browser.newPage();
      if (target.login) {
        // Sign in in the page's own cookie jar (session and CSRF cookies), then audit.
        await page.goto(`${base}/sign-in`);
        await page.evaluate(async (email: string) => {
          await fetch('/api/v1/auth/login', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email, password: 'demo-password' }),
          });
        }, target.login);
      }
      const result = await lighthouse(
        `${base}${target.path}`,
        { output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'] },
        desktopConfig,
        page,
      );
      const categories = result?.lhr.categories;
      const performance = Math.round((categories?.performance?.score ?? 0) * 100);
      const accessibility = Math.round((categories?.accessibility?.score ?? 0) * 100);
      const pass = performance >= lighthouseBars.performance && accessibility >= lighthouseBars.accessibility;
      ok &&= pass;
      console.log(
        `${target.name.padEnd(28)} ${String(performance).padStart(11)}  ${String(accessibility).padStart(13)}${pass ? '' : '  below the bar'}`,
      );
      await page.close();
    }
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
  return ok;
}
