import { it } from 'vitest';
import { demo } from '../support/api-client.js';
import { openContext, settle, signInViaApi, useBrowserSuite } from './browser.js';
import { ProgramStates } from './states.js';
const suite = useBrowserSuite('zz-axe.json');
it('debug', async () => {
  const states = new ProgramStates(suite.server.testApp);
  await states.voucher('redeemed');
  const r = await states.voucher('redeemed');
  await states.registerForPayments();
  await states.paymentRequest([r.id], 'approved');
  console.log(JSON.stringify((await states.api.get(demo.operator, '/admin/dashboard')).body.upcomingDeadlines));
  for (const login of [demo.operator, demo.partner]) {
    const { context, page } = await openContext(suite.browser, suite.server.baseUrl, 'en');
    await page.setViewportSize({ width: 390, height: 844 });
    await signInViaApi(context, login);
    await page.goto(login === demo.operator ? '/operator/dashboard' : '/home');
    await settle(page);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: `/tmp/webtests-${login}.png`, fullPage: true });
    console.log(await page.evaluate(`[...document.querySelectorAll('header button, header a, header input, header label')].map(e => e.tagName + ' ' + (e.textContent||e.getAttribute('aria-label')||'').trim().slice(0,20) + ' ' + Math.round(e.getBoundingClientRect().right)).join('\\n')`));
    await context.close();
  }
});
