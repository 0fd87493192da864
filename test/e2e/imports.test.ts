import { describe, expect, it } from 'vitest';
import { checkAxe, openContext, screenshot, signInViaApi, useBrowserSuite, type AxeTarget } from './browser.js';

const suite = useBrowserSuite('axe-imports.json');

/**
 * The operator's Imports page in Chromium (issue 11, item 4): a CSV chosen with the keyboard,
 * a dry run, the progress and the report of rejected rows (row, column, reason), then the same
 * file imported for real; axe-core on the empty page and on a report, in English and French.
 * The server's program date is 2021-03-01, after the accrual end date: a row with days is
 * rejected by the accrual rule, a row without days is imported.
 */
const csv = [
  'customerExternalId,customerName,country,programName,licensingId,endsOn,days',
  'E2E-C-1,Margie’s Travel,FR,Software Assurance Planning Services,E2E-L-1,2023-06-30,0',
  'E2E-C-2,Wide World Importers,US,Software Assurance Planning Services,E2E-L-2,2023-06-31,0',
  'E2E-C-3,Coho Winery,US,Software Assurance Planning Services,E2E-L-3,2023-06-30,10',
].join('\n');

const file = { name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) };
let reportPath = '';

describe('the Imports page in Chromium', () => {
  it('checks a file (dry run), reports the rejected rows, then imports it', async () => {
    const { context, page, problems } = await openContext(suite.browser, suite.server.baseUrl);
    await signInViaApi(context, 'operator@saps.example');
    await page.goto('/operator/dashboard');
    await page.getByRole('link', { name: 'Imports' }).click();
    await page.getByRole('heading', { name: 'Imports', level: 1 }).waitFor();
    // The file button opens the system file chooser: reached and pressed with the keyboard.
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Choose a CSV file' }).focus();
    await page.keyboard.press('Enter');
    await (await chooser).setFiles(file);
    await page.getByText('customers.csv').waitFor();
    expect(await page.getByRole('checkbox', { name: 'Dry run' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Check the file' }).click();

    await page.getByText('3 of 3 rows done').waitFor();
    await page.getByText('Finished').waitFor();
    const report = page.getByRole('region', { name: 'Report of customers.csv' });
    await report.getByText('Would be created').waitFor();
    await report.getByRole('cell', { name: 'endsOn' }).waitFor();
    await report.getByRole('cell', { name: 'must be a calendar date, YYYY-MM-DD' }).waitFor();
    await report.getByRole('cell', { name: /days can no longer be accrued from 2021-02-01/ }).waitFor();
    expect(await report.getByRole('row').count()).toBe(3); // the header and two rejected rows
    await screenshot(page, 'imports-dry-run');

    await page.getByRole('button', { name: 'Import this file now' }).click();
    await page.waitForURL((url) => url.searchParams.get('run') !== null && url.href !== reportPath);
    await report.getByText('Created', { exact: true }).waitFor();
    await page.getByText('Finished').waitFor();
    reportPath = new URL(page.url()).pathname + new URL(page.url()).search;
    const organizations = await suite.server.testApp.app.inject({
      url: '/api/v1/organizations?kind=customer&limit=200',
      headers: { authorization: `Bearer ${await suite.server.testApp.login('operator@saps.example')}` },
    });
    expect(organizations.json<{ items: { name: string }[] }>().items.map((o) => o.name)).toContain('Margie’s Travel');
    await screenshot(page, 'imports-report');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('refuses a file with a wrong header with a clear message, before anything is written', async () => {
    const { context, page, problems } = await openContext(suite.browser, suite.server.baseUrl);
    await signInViaApi(context, 'operator@saps.example');
    await page.goto('/operator/imports');
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Choose a CSV file' }).click();
    await (await chooser).setFiles({ ...file, buffer: Buffer.from('name,level\nx,y\n') });
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page
      .getByRole('alert')
      .getByText(/the first row must be the header customerExternalId/)
      .waitFor();
    // The 400 is the answer the page expects: a refusal shown, no console or network problem.
    expect(problems.filter((p) => !p.includes('400'))).toEqual([]);
    await context.close();
  });

  for (const language of ['en', 'fr'] as const) {
    it(`has no serious or critical axe-core violation on the page and a report (${language})`, async () => {
      const pages: AxeTarget[] = [
        { login: 'operator@saps.example', path: '/operator/imports', name: 'imports' },
        { login: 'operator@saps.example', path: 'report', name: 'imports-report' },
      ];
      await checkAxe(suite, language, pages, { resolve: async (path) => (path === 'report' ? reportPath : path) });
    });
  }
});
