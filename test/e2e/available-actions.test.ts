import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demo } from '../support/api-client.js';
import { openContext, settle, signInViaApi, useBrowserSuite } from './browser.js';
import { ProgramStates } from './states.js';

/**
 * A page offers exactly the actions its server answer lists (api.md, "Truthful answers for every
 * caller"; issue 12, M1–M4). Every voucher state and payment-request state, as each role that can
 * see it, and again after the last redemption day. Each offered action carries `data-action`.
 *
 * - Always: nothing offered that the answer does not list. The one exception is `requestPayment`
 *   on a redeemed voucher whose answer lists nothing at all (a server that does not compute it).
 * - Once the server computes `availableActions` for the caller: offered = listed, exactly.
 *   Until then, that half is skipped with a message (the answers list status-only actions).
 */

const suite = useBrowserSuite('available-actions-axe.json');

interface Case {
  login: string;
  path: string;
  api: string;
  name: string;
}

interface Seen {
  name: string;
  listed: string[];
  offered: string[];
  legacyPayment: boolean;
}

async function offeredOn(page: Page): Promise<string[]> {
  // The page has settled: the answer is shown, with whatever actions it offers.
  await page.waitForTimeout(500);
  const actions = await page
    .locator('[data-action]')
    .evaluateAll((nodes) => nodes.map((node) => (node as HTMLElement).dataset.action ?? ''));
  return [...new Set(actions)].sort();
}

async function look(c: Case): Promise<Seen> {
  const { context, page, problems } = await openContext(suite.browser, suite.server.baseUrl);
  await signInViaApi(context, c.login);
  const answer = await context.request.get(`/api/v1${c.api}`);
  expect(answer.status(), c.name).toBe(200);
  const body = (await answer.json()) as { status: string; availableActions?: string[] };
  await page.goto(c.path);
  await settle(page);
  const offered = await offeredOn(page);
  expect(problems, c.name).toEqual([]);
  await context.close();
  const listed = [...(body.availableActions ?? [])].sort();
  return { name: c.name, listed, offered, legacyPayment: body.status === 'redeemed' && listed.length === 0 };
}

describe('every page offers only what its server answer lists', () => {
  const seen: Seen[] = [];

  it('walks the voucher and payment-request states as each role', async () => {
    const states = new ProgramStates(suite.server.testApp);
    await states.setDate('2021-03-01T09:00:00.000Z');
    await states.registerForPayments().catch(() => undefined);
    const vouchers = {
      assigned: await states.voucher('assigned'),
      reserved: await states.voucher('reserved'),
      completed: await states.voucher('completed'),
      redeemed: await states.voucher('redeemed'),
      cancelled: await states.cancelled(),
    };
    await states.registerForPayments();
    const inRequest = {
      submitted: await states.voucher('redeemed'),
      approved: await states.voucher('redeemed'),
      paid: await states.voucher('redeemed'),
      denied: await states.voucher('redeemed'),
    };
    const requests = {
      submitted: await states.paymentRequest([inRequest.submitted.id], 'submitted'),
      approved: await states.paymentRequest([inRequest.approved.id], 'approved'),
      paid: await states.paymentRequest([inRequest.paid.id], 'paid'),
      denied: await states.paymentRequest([inRequest.denied.id], 'denied'),
    };

    const cases: Case[] = [];
    const all = { ...vouchers, ...Object.fromEntries(Object.entries(inRequest).map(([k, v]) => [`redeemed-${k}`, v])) };
    for (const [state, voucher] of Object.entries(all)) {
      for (const login of [demo.benefits, demo.pm, demo.operator, demo.finance]) {
        cases.push({
          login,
          path: `/vouchers/${voucher.id}`,
          api: `/vouchers/${voucher.id}`,
          name: `${state} as ${login}`,
        });
      }
      if (state !== 'assigned' && state !== 'cancelled') {
        for (const login of [demo.partner, demo.consultant]) {
          cases.push({
            login,
            path: `/partner/vouchers/${voucher.id}`,
            api: `/vouchers/${voucher.id}`,
            name: `${state} as ${login}`,
          });
        }
      }
    }
    for (const [state, request] of Object.entries(requests)) {
      for (const login of [demo.partner, demo.operator, demo.finance]) {
        cases.push({
          login,
          path: `/payment-requests/${request.id}`,
          api: `/payment-requests/${request.id}`,
          name: `request ${state} as ${login}`,
        });
      }
    }
    for (const c of cases) {
      seen.push(await look(c));
    }

    // After the last redemption day (vouchers extended so that they are not expired).
    await states.extend('2021-07-01', 365);
    await states.setDate('2022-01-02T10:00:00.000Z');
    for (const [state, voucher] of Object.entries({ reserved: vouchers.reserved, completed: vouchers.completed })) {
      seen.push(
        await look({
          login: demo.partner,
          path: `/partner/vouchers/${voucher.id}`,
          api: `/vouchers/${voucher.id}`,
          name: `${state} on 2022-01-02 as ${demo.partner}`,
        }),
      );
    }

    const extra = seen.flatMap((s) =>
      s.offered
        .filter((action) => !s.listed.includes(action) && !(action === 'requestPayment' && s.legacyPayment))
        .map((action) => `${s.name}: offers ${action}, not listed (${s.listed.join(', ') || 'nothing'})`),
    );
    expect(extra).toEqual([]);
    // The time rule holds whatever the server lists: no redemption after the last redemption day.
    expect(seen.filter((s) => s.name.includes('2022-01-02') && s.offered.includes('redeem'))).toEqual([]);
  }, 600_000);

  it('offers exactly the listed actions, once the server lists them for the caller', async (context) => {
    expect(seen.length).toBeGreaterThan(0);
    // A benefit admin can never reserve: a list that says so is computed from the status alone.
    const customerAssigned = seen.find((s) => s.name === `assigned as ${demo.benefits}`)!;
    if (customerAssigned.listed.includes('reserve')) {
      context.skip(
        'availableActions is not computed for the caller yet (it lists "reserve" to a benefit admin): ' +
          'offered ⊆ listed was checked above; equality needs the engine branch',
      );
    }
    const differing = seen
      .filter((s) => s.offered.join() !== s.listed.join())
      .map((s) => `${s.name}: offered [${s.offered.join(', ')}], listed [${s.listed.join(', ')}]`);
    expect(differing).toEqual([]);
  });
});
