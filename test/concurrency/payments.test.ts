import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, paymentRequests, paymentRequestVouchers } from '../../src/db/schema/index.js';
import { bearer, buildTestApp, type TestApp } from '../support/app.js';
import { createTestDatabase } from '../support/database.js';
import { addUser } from '../support/partners.js';
import { demoEmails, makeVoucher, registerFabrikamForPayments } from '../support/voucher-factory.js';

/**
 * Payment races against PostgreSQL (issue 3, "Bad input and races"): 16 requests at once over a
 * pool of 20 connections, each race repeated, with exactly one winner and every loser refused
 * with 409 (never 500). PGlite has one connection, so nothing can race there.
 */

interface Reply {
  status: number;
  body: { id?: string; type?: string; detail?: string; status?: string; reference?: string };
}

const parallel = 16;
const rounds = 3;
const loserTypes = ['/problems/invalid-transition', '/problems/concurrent-update'];

describe.skipIf(!process.env.DATABASE_URL)('payment requests under races (PostgreSQL)', () => {
  let t: TestApp;
  let partnerToken: string;
  let financeTokens: string[];

  beforeAll(async () => {
    const handle = await createTestDatabase({ poolSize: 20 });
    t = await buildTestApp({ handle, at: '2021-03-01T09:00:00.000Z' });
    await makeVoucher(t);
    await registerFabrikamForPayments(t);
    partnerToken = await t.login(demoEmails.partner);
    // Two finance users: the second one is added by the operator.
    const second = await addUser(t, t.demo.organizationIds['SAPS Program Operations']!, ['finance']);
    financeTokens = [await t.login(demoEmails.finance), second.token];
  });
  afterAll(async () => {
    await t.close();
  });

  async function post(token: string, url: string, payload?: object): Promise<Reply> {
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1${url}`,
      headers: bearer(token),
      ...(payload === undefined ? {} : { payload }),
    });
    return { status: response.statusCode, body: response.json() };
  }

  function expectOneWinner(replies: Reply[], winnerStatus: number): Reply {
    const winners = replies.filter((r) => r.status === winnerStatus);
    const losers = replies.filter((r) => r.status !== winnerStatus);
    expect(winners, JSON.stringify(replies.map((r) => [r.status, r.body.detail]))).toHaveLength(1);
    for (const loser of losers) {
      expect(loser.status, JSON.stringify(loser.body)).toBe(409);
      expect(loserTypes).toContain(loser.body.type);
    }
    return winners[0]!;
  }

  it(`lets exactly one of ${parallel} parallel requests put one voucher in a payment request`, async () => {
    for (let round = 0; round < rounds; round += 1) {
      const voucher = await makeVoucher(t);
      const replies = await Promise.all(
        Array.from({ length: parallel }, (_, i) =>
          post(partnerToken, '/payment-requests', {
            voucherIds: [voucher.id],
            invoiceNumber: `INV-${round}-${i}`,
            invoiceDate: '2021-03-01',
          }),
        ),
      );
      const winner = expectOneWinner(replies, 201);
      for (const loser of replies.filter((r) => r !== winner)) {
        expect(loser.body.detail).toContain(`is already in payment request ${winner.body.reference}`);
      }
      const [live] = await t.ctx.db
        .select({ n: count() })
        .from(paymentRequestVouchers)
        .where(and(eq(paymentRequestVouchers.voucherId, voucher.id), eq(paymentRequestVouchers.live, true)));
      expect(live!.n).toBe(1);
      const [requests] = await t.ctx.db
        .select({ n: count() })
        .from(paymentRequests)
        .innerJoin(paymentRequestVouchers, eq(paymentRequestVouchers.paymentRequestId, paymentRequests.id))
        .where(eq(paymentRequestVouchers.voucherId, voucher.id));
      expect(requests!.n).toBe(1);
      // One audit record: the winner's; the losers' transactions rolled back.
      const [audit] = await t.ctx.db
        .select({ n: count() })
        .from(auditEvents)
        .where(eq(auditEvents.entityId, winner.body.id!));
      expect(audit!.n).toBe(1);
    }
  });

  it(`lets exactly one of ${parallel} parallel finance approvals (two users) win`, async () => {
    for (let round = 0; round < rounds; round += 1) {
      const voucher = await makeVoucher(t);
      const submitted = await post(partnerToken, '/payment-requests', {
        voucherIds: [voucher.id],
        invoiceNumber: `INV-A-${round}`,
        invoiceDate: '2021-03-01',
      });
      expect(submitted.status).toBe(201);
      const id = submitted.body.id!;
      const replies = await Promise.all(
        Array.from({ length: parallel }, (_, i) => post(financeTokens[i % 2]!, `/payment-requests/${id}/approval`)),
      );
      expectOneWinner(replies, 200);
      const [approvals] = await t.ctx.db
        .select({ n: count() })
        .from(auditEvents)
        .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, 'payment-request.approved')));
      expect(approvals!.n).toBe(1);
      const [row] = await t.ctx.db.select().from(paymentRequests).where(eq(paymentRequests.id, id));
      expect(row).toMatchObject({ status: 'approved', version: 2 });
    }
  });

  it('lets exactly one of an approval and a denial racing win, and the vouchers follow the winner', async () => {
    for (let round = 0; round < rounds; round += 1) {
      const voucher = await makeVoucher(t);
      const submitted = await post(partnerToken, '/payment-requests', {
        voucherIds: [voucher.id],
        invoiceNumber: `INV-D-${round}`,
        invoiceDate: '2021-03-01',
      });
      const id = submitted.body.id!;
      const replies = await Promise.all(
        Array.from({ length: parallel }, (_, i) =>
          i % 2 === 0
            ? post(financeTokens[0]!, `/payment-requests/${id}/approval`)
            : post(financeTokens[1]!, `/payment-requests/${id}/denial`, { reason: 'other', detail: 'race' }),
        ),
      );
      const winner = expectOneWinner(replies, 200);
      const [link] = await t.ctx.db
        .select({ live: paymentRequestVouchers.live })
        .from(paymentRequestVouchers)
        .where(eq(paymentRequestVouchers.paymentRequestId, id));
      expect(link!.live).toBe(winner.body.status === 'approved');
    }
  });
});
