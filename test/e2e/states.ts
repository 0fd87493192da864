import { expect } from 'vitest';
import { ApiClient, demo, type ApiResponse } from '../support/api-client.js';
import type { TestApp } from '../support/app.js';

/**
 * Vouchers and payment requests put in each state over the real HTTP routes (inject), by the
 * demo users, on the e2e server's simulated program date: the browser tests then look at the
 * pages each role gets for each state.
 */

export interface VoucherState {
  id: string;
  code: string;
  status: string;
  agreementId: string;
}

function ok(response: ApiResponse, status: number, what: string): ApiResponse {
  expect(response.status, `${what}: ${JSON.stringify(response.body)}`).toBe(status);
  return response;
}

export class ProgramStates {
  readonly api: ApiClient;
  private engagementTypeId: string | undefined;

  constructor(readonly t: TestApp) {
    this.api = new ApiClient(t);
  }

  get programId(): string {
    return this.t.demo.programId;
  }

  userId(email: string): string {
    return this.t.demo.userIds[email]!;
  }

  /**
   * Moves the simulated program date (as the operator does from the banner). The demo starts the
   * clock at the same instant a test may ask for, and the clock runs on, so the move is sent as
   * confirmed even when it goes back by a fraction of a second.
   */
  async setDate(instant: string): Promise<void> {
    ok(
      await this.api.call(demo.operator, 'PUT', '/clock', { now: instant, allowBackwards: true }),
      200,
      `set the date ${instant}`,
    );
  }

  async demoAgreementId(): Promise<string> {
    const list = ok(await this.api.get(demo.benefits, '/agreements'), 200, 'agreements');
    return (list.body.items as { id: string; licensingId: string }[]).find((a) => a.licensingId === 'NW-EA-4471')!.id;
  }

  private async windowsOffice(): Promise<string> {
    if (!this.engagementTypeId) {
      const types = ok(
        await this.api.get(demo.benefits, `/programs/${this.programId}/engagement-types`),
        200,
        'engagement types',
      );
      this.engagementTypeId = (types.body.items as { id: string; code: string }[]).find(
        (type) => type.code === 'DDPS-WOD',
      )!.id;
    }
    return this.engagementTypeId;
  }

  async fabrikamLocation(country = 'US'): Promise<string> {
    const partnerId = this.t.demo.organizationIds['Fabrikam Consulting']!;
    const list = ok(await this.api.get(demo.partner, `/partners/${partnerId}/locations`), 200, 'locations');
    return (list.body.items as { id: string; country: string }[]).find((l) => l.country === country)!.id;
  }

  /** A 1-day Windows and Office voucher of Northwind's demo agreement, taken to `until`. */
  async voucher(until: 'assigned' | 'reserved' | 'completed' | 'redeemed' = 'assigned'): Promise<VoucherState> {
    const agreementId = await this.demoAgreementId();
    const created = ok(
      await this.api.post(demo.benefits, '/vouchers', {
        agreementId,
        engagementTypeId: await this.windowsOffice(),
        days: 1,
        projectManagerId: this.userId(demo.pm),
      }),
      201,
      'create a voucher',
    ).body as VoucherState;
    if (until === 'assigned') {
      return created;
    }
    const clock = ok(await this.api.get(demo.partner, '/clock'), 200, 'clock').body as { now: string };
    const today = clock.now.slice(0, 10);
    let voucher = ok(
      await this.api.post(demo.partner, `/vouchers/${created.id}/reservation`, {
        code: created.code,
        locationId: await this.fabrikamLocation(),
        plannedStart: today,
        plannedEnd: today,
        acceptTerms: true,
      }),
      200,
      'reserve',
    ).body as VoucherState;
    if (until === 'reserved') {
      return voucher;
    }
    const fileId = await this.api.upload(demo.consultant, 'plan.pdf', `%PDF-1.4 plan for ${voucher.code}`);
    voucher = ok(
      await this.api.post(demo.consultant, `/vouchers/${voucher.id}/completion-report`, {
        deliveredFrom: today,
        deliveredTo: today,
        consultantIds: [this.userId(demo.consultant)],
        summary: 'Assessed the desktop estate.',
        nextSteps: 'Pilot Windows 11 in two sites.',
        deliverableFileIds: [fileId],
      }),
      200,
      'complete',
    ).body as VoucherState;
    if (until === 'completed') {
      return voucher;
    }
    return ok(await this.api.post(demo.partner, `/vouchers/${voucher.id}/redemption`), 200, 'redeem')
      .body as VoucherState;
  }

  async cancelled(): Promise<VoucherState> {
    const voucher = await this.voucher('assigned');
    return ok(await this.api.post(demo.benefits, `/vouchers/${voucher.id}/cancel`), 200, 'cancel').body as VoucherState;
  }

  /** Fabrikam's payment registration (once; a second call answers 409 or 200). */
  async registerForPayments(): Promise<void> {
    const partnerId = this.t.demo.organizationIds['Fabrikam Consulting']!;
    const response = await this.api.post(demo.partner, `/partners/${partnerId}/payment-registrations`, {
      programId: this.programId,
    });
    expect([200, 201, 409], JSON.stringify(response.body)).toContain(response.status);
  }

  /** A payment request for redeemed vouchers, taken to `until`. */
  async paymentRequest(
    voucherIds: string[],
    until: 'submitted' | 'approved' | 'paid' | 'denied' = 'submitted',
  ): Promise<{ id: string; reference: string }> {
    const clock = ok(await this.api.get(demo.partner, '/clock'), 200, 'clock').body as { now: string };
    const today = clock.now.slice(0, 10);
    const request = ok(
      await this.api.post(demo.partner, '/payment-requests', {
        voucherIds,
        invoiceNumber: `INV-${voucherIds[0]!.slice(0, 8)}`,
        invoiceDate: today,
      }),
      201,
      'submit a payment request',
    ).body as { id: string; reference: string };
    if (until === 'denied') {
      ok(
        await this.api.post(demo.finance, `/payment-requests/${request.id}/denial`, {
          reason: 'missing_deliverable',
          detail: 'The deliverable is missing.',
        }),
        200,
        'deny',
      );
      return request;
    }
    if (until === 'submitted') {
      return request;
    }
    ok(await this.api.post(demo.finance, `/payment-requests/${request.id}/approval`), 200, 'approve');
    if (until === 'approved') {
      return request;
    }
    ok(
      await this.api.post(demo.finance, `/payment-requests/${request.id}/payment`, {
        paymentReference: `PAY-${request.reference}`,
        paidOn: today,
      }),
      200,
      'pay',
    );
    return request;
  }

  /** The operator's blanket extension of every live voucher created before `createdBefore`. */
  async extend(createdBefore: string, days: number): Promise<void> {
    ok(
      await this.api.post(demo.operator, '/admin/extensions', {
        programId: this.programId,
        createdBefore,
        days,
        reason: 'Demo extension',
      }),
      200,
      'extend',
    );
  }
}
