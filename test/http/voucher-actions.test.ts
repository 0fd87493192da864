import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partnerLocations, users } from '../../src/db/schema/index.js';
import { runSweep } from '../../src/app/operations/run-sweep.js';
import { uploadFile } from '../../src/app/files/upload-file.js';
import type { VoucherView } from '../../src/app/vouchers/present-voucher.js';
import { voucherActions, type VoucherAction } from '../../src/domain/voucher-permissions.js';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';
import {
  actorFor,
  demoEmails,
  ensurePartnerLocation,
  makeVoucher,
  registerFabrikamForPayments,
} from '../support/voucher-factory.js';

/**
 * api.md, v1 additions: `availableActions` is computed for the caller and for now, and "an
 * unlisted action is always refused". For each voucher state × each demo login, the listed
 * actions must be exactly those the server then accepts (every action is attempted).
 */

const start = '2021-03-01T09:00:00.000Z';
// 181 days later: past the expiry (creation + 180 days) of every voucher made at `start`.
const pastExpiry = '2021-08-29T09:00:00.000Z';

let t: TestApp;
const tokens = new Map<string, { token: string; at: number }>();

beforeAll(async () => {
  t = await buildTestApp({ at: start });
  // Registration opens after the first redemption.
  await makeVoucher(t);
  await registerFabrikamForPayments(t);
});
afterAll(async () => {
  await t.close();
});

async function tokenFor(email: string): Promise<string> {
  const now = t.clock.now().getTime();
  const cached = tokens.get(email);
  if (cached && cached.at === now) {
    return cached.token;
  }
  const token = await t.login(email);
  tokens.set(email, { token, at: now });
  return token;
}

async function call(email: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) {
  const response = await t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: bearer(await tokenFor(email)),
    ...(payload === undefined ? {} : { payload }),
  });
  return { status: response.statusCode, body: response.json<{ availableActions?: string[]; detail?: string }>() };
}

type State =
  | 'assigned'
  | 'reserved'
  | 'completed'
  | 'redeemed'
  | 'in a payment request'
  | 'cancelled'
  | 'assigned, past its expiry (not swept)'
  | 'expired (swept)';
const states: State[] = [
  'assigned',
  'reserved',
  'completed',
  'redeemed',
  'in a payment request',
  'cancelled',
  'assigned, past its expiry (not swept)',
  'expired (swept)',
];

function submitPayment(voucherIds: string[]) {
  return call(demoEmails.partner, 'POST', '/payment-requests', {
    voucherIds,
    invoiceNumber: 'INV-ACTIONS',
    invoiceDate: t.clock.now().toISOString().slice(0, 10),
  });
}

/** A voucher in `state`, with the clock left where the state is to be observed. */
async function voucherIn(state: State): Promise<VoucherView> {
  t.clock.set(start);
  switch (state) {
    case 'assigned':
    case 'reserved':
    case 'completed':
    case 'redeemed':
      return makeVoucher(t, { until: state });
    case 'in a payment request': {
      const voucher = await makeVoucher(t);
      expect((await submitPayment([voucher.id])).status).toBe(201);
      return voucher;
    }
    case 'cancelled': {
      const voucher = await makeVoucher(t, { until: 'assigned' });
      expect((await call(demoEmails.benefitAdmin, 'POST', `/vouchers/${voucher.id}/cancel`)).status).toBe(200);
      return voucher;
    }
    case 'assigned, past its expiry (not swept)': {
      const voucher = await makeVoucher(t, { until: 'assigned' });
      t.clock.set(pastExpiry);
      return voucher;
    }
    case 'expired (swept)': {
      const voucher = await makeVoucher(t, { until: 'reserved' });
      t.clock.set(pastExpiry);
      await runSweep(t.ctx);
      return voucher;
    }
  }
}

/** The caller's own location in the US (Fabrikam's; another organisation's first location, if any). */
async function locationOf(email: string): Promise<string> {
  if (email === demoEmails.partner) {
    return ensurePartnerLocation(t, 'US');
  }
  const user = await t.ctx.db.select().from(users).where(eq(users.email, email));
  const [location] = await t.ctx.db
    .select({ id: partnerLocations.id })
    .from(partnerLocations)
    .where(eq(partnerLocations.partnerId, user[0]!.organizationId));
  return location?.id ?? randomUUID();
}

/** Each action with a request that would succeed if the action is allowed. */
async function attempt(email: string, action: VoucherAction, voucher: VoucherView) {
  const today = t.clock.now().toISOString().slice(0, 10);
  switch (action) {
    case 'reserve':
      return call(email, 'POST', `/vouchers/${voucher.id}/reservation`, {
        code: voucher.code,
        locationId: await locationOf(email),
        plannedStart: today,
        plannedEnd: today,
        acceptTerms: true,
      });
    case 'release':
      return call(email, 'DELETE', `/vouchers/${voucher.id}/reservation`);
    case 'complete': {
      const consultant = await actorFor(t, demoEmails.consultant);
      const file = await uploadFile(t.ctx, consultant, {
        name: 'plan.pdf',
        contentType: 'application/pdf',
        content: Buffer.from('%PDF-1.4 plan'),
      });
      return call(email, 'POST', `/vouchers/${voucher.id}/completion-report`, {
        deliveredFrom: today,
        deliveredTo: today,
        consultantIds: [consultant.userId],
        summary: 'Assessed the estate.',
        nextSteps: 'Pilot.',
        deliverableFileIds: [file.id],
      });
    }
    case 'redeem':
      return call(email, 'POST', `/vouchers/${voucher.id}/redemption`);
    case 'cancel':
      return call(email, 'POST', `/vouchers/${voucher.id}/cancel`);
    case 'changeProjectManager':
      return call(email, 'PUT', `/vouchers/${voucher.id}/project-manager`, {
        projectManagerId: (await actorFor(t, demoEmails.projectManager)).userId,
      });
    case 'requestPayment':
      return call(email, 'POST', '/payment-requests', {
        voucherIds: [voucher.id],
        invoiceNumber: 'INV-ACTIONS',
        invoiceDate: today,
      });
  }
}

/** The actions the caller is shown: the voucher answer, or for a partner before reserving, the validation answer. */
async function listed(email: string, voucher: VoucherView): Promise<string[]> {
  const read = await call(email, 'GET', `/vouchers/${voucher.id}`);
  if (read.status === 200) {
    return read.body.availableActions!;
  }
  const validation = await call(email, 'POST', '/voucher-validations', {
    code: voucher.code,
    customerEmail: demoEmails.benefitAdmin,
  });
  return validation.status === 200 ? validation.body.availableActions! : [];
}

const logins = Object.entries(demoEmails) as [string, string][];

describe('availableActions lists exactly the actions the server accepts', () => {
  it.each(states)('a voucher %s, for each demo login', async (state) => {
    const table: Record<string, { listed: string[]; accepted: string[] }> = {};
    let voucher = await voucherIn(state);
    for (const [who, email] of logins) {
      const shown = await listed(email, voucher);
      const accepted: string[] = [];
      for (const action of voucherActions) {
        const answer = await attempt(email, action, voucher);
        expect(answer.status, `${who} ${action}: ${answer.body.detail ?? ''}`).not.toBeGreaterThanOrEqual(500);
        if (answer.status < 300) {
          accepted.push(action);
          // The action changed the voucher: the next attempts need a fresh one in the same state.
          voucher = await voucherIn(state);
        }
      }
      table[who] = { listed: [...shown].sort(), accepted: accepted.sort() };
    }
    for (const [who, row] of Object.entries(table)) {
      expect(row.listed, `${state}, ${who}`).toEqual(row.accepted);
    }
  });
});
