import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { partnerLocations } from '../../src/db/schema/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import {
  ApiClient,
  demo,
  expectProblem,
  expectRefusedWithoutChange,
  expectStatus,
  snapshot,
  type ApiResponse,
} from '../support/api-client.js';
import { addUser, createPartner } from '../support/partners.js';

/**
 * Every rule of domain.md "Voucher lifecycle" (and "Customers and days" for vouchers) through
 * the HTTP API: each refusal with its api.md slug, a detail naming the rule, and no change to
 * the voucher, the agreement balance, the ledger or the audit trail.
 */

const start = '2021-03-01T09:00:00.000Z';
const password = 'a-long-password';

let t: TestApp;
let api: ApiClient;
let programId: string;
let northwindId: string;
let fabrikamId: string;
let fabrikamUs: string;
let tailspinGb: string;
let pmId: string;
let agreementId: string;
const types: Record<string, string> = {};

interface Voucher {
  id: string;
  code: string;
  agreementId: string;
  expiresAt: string;
}

const setClock = (iso: string, deltaMs = 0) => t.clock.set(new Date(new Date(iso).getTime() + deltaMs));

function createVoucher(input: {
  type?: string;
  days?: number;
  agreement?: string;
  exceptionReason?: string;
  pm?: string;
}) {
  return api.post(demo.benefits, '/vouchers', {
    agreementId: input.agreement ?? agreementId,
    engagementTypeId: types[input.type ?? 'DDPS-WOD'],
    days: input.days ?? 1,
    projectManagerId: input.pm ?? pmId,
    ...(input.exceptionReason === undefined ? {} : { exceptionReason: input.exceptionReason }),
  });
}

async function newVoucher(input: Parameters<typeof createVoucher>[0] = {}): Promise<Voucher> {
  const response = await createVoucher(input);
  expectStatus(response, 201);
  return response.body;
}

function reserve(voucher: Voucher, overrides: Record<string, unknown> = {}, as: string = demo.partner) {
  return api.post(as, `/vouchers/${voucher.id}/reservation`, {
    code: voucher.code,
    locationId: fabrikamUs,
    plannedStart: '2021-03-15',
    plannedEnd: '2021-03-19',
    acceptTerms: true,
    ...overrides,
  });
}

async function reserved(input: Parameters<typeof createVoucher>[0] = {}): Promise<Voucher> {
  const voucher = await newVoucher(input);
  expectStatus(await reserve(voucher), 200);
  return voucher;
}

function completionReport(consultantIds: string[], fileIds: string[]) {
  return {
    deliveredFrom: '2021-03-15',
    deliveredTo: '2021-03-19',
    consultantIds,
    summary: 'Assessed the estate.',
    nextSteps: 'Pilot in two sites.',
    deliverableFileIds: fileIds,
  };
}

async function completed(): Promise<{ voucher: Voucher; fileId: string }> {
  setClock(start);
  const voucher = await reserved();
  setClock('2021-03-22T10:00:00.000Z');
  const fileId = await api.upload(demo.consultant, 'plan.pdf', `%PDF-1.4 plan ${voucher.code}`);
  const response = await api.post(
    demo.consultant,
    `/vouchers/${voucher.id}/completion-report`,
    completionReport([t.demo.userIds[demo.consultant]!], [fileId]),
  );
  expectStatus(response, 200);
  return { voucher, fileId };
}

async function newAgreement(licensingId: string, endsOn: string, days: number, activate = true): Promise<string> {
  const created = await api.post(demo.operator, `/organizations/${northwindId}/agreements`, {
    programId,
    licensingId,
    endsOn,
  });
  expectStatus(created, 201);
  expectStatus(
    await api.post(demo.operator, `/agreements/${created.body.id}/adjustments`, { days, reason: 'test days' }),
    201,
  );
  if (activate) {
    expectStatus(await api.post(demo.benefits, `/agreements/${created.body.id}/activation`), 200);
  }
  return created.body.id;
}

/**
 * A partner onboarded through the API: competency (Windows and Devices, valid as given),
 * agreement signed, US location, DDPS enrolment at the current clock, a consultant with the
 * MD-100 exam.
 */
async function onboardPartner(name: string, competencyUntil: string) {
  const partner = await createPartner(t, name);
  api.register(partner.adminEmail, password);
  expectStatus(
    await api.post(demo.operator, `/partners/${partner.id}/competencies`, {
      name: 'Windows and Devices',
      level: 'gold',
      validFrom: '2019-01-01',
      validUntil: competencyUntil,
    }),
    201,
  );
  const agreementText = await api.get(partner.adminEmail, `/programs/${programId}/agreement`);
  expectStatus(
    await api.post(partner.adminEmail, `/partners/${partner.id}/program-agreement`, {
      programId,
      version: agreementText.body.version,
    }),
    201,
  );
  const location = await api.post(partner.adminEmail, `/partners/${partner.id}/locations`, { country: 'US' });
  expectStatus(location, 201);
  expectStatus(
    await api.post(partner.adminEmail, `/partners/${partner.id}/enrollments`, { programId, offeringCode: 'DDPS' }),
    201,
  );
  const consultant = await addUser(t, partner.id, ['consultant']);
  api.register(consultant.email, password);
  expectStatus(
    await api.post(partner.adminEmail, `/partners/${partner.id}/consultants/${consultant.id}/exams`, {
      exam: 'MD-100 Windows 10',
      passedOn: '2019-06-01',
    }),
    201,
  );
  return { ...partner, locationId: location.body.id as string, consultant };
}

beforeAll(async () => {
  t = await buildTestApp({ at: start });
  api = new ApiClient(t);
  programId = t.demo.programId;
  northwindId = t.demo.organizationIds['Northwind Traders']!;
  fabrikamId = t.demo.organizationIds['Fabrikam Consulting']!;
  pmId = t.demo.userIds[demo.pm]!;
  for (const type of (await api.get(demo.benefits, `/programs/${programId}/engagement-types`)).body.items) {
    types[type.code] = type.id;
  }
  fabrikamUs = (await api.get(demo.partner, `/partners/${fabrikamId}/locations`)).body.items[0].id;
  const tailspinId = t.demo.organizationIds['Tailspin Advisory']!;
  tailspinGb = (await api.get(demo.otherPartner, `/partners/${tailspinId}/locations`)).body.items[0].id;
  agreementId = await newAgreement('NW-VOUCHERS', '2023-06-30', 1000);
});

afterAll(async () => {
  await t.close();
});

beforeEach(() => {
  setClock(start);
});

describe('create and assign', () => {
  it('allocates the days in the same step: voucher_allocation of −days and the balance down', async () => {
    const before = (await api.get(demo.benefits, `/agreements/${agreementId}`)).body.balance;
    const voucher = await newVoucher({ days: 3 });
    expect(voucher).toMatchObject({ status: 'assigned', days: 3, projectManagerId: pmId });
    expect((await api.get(demo.benefits, `/agreements/${agreementId}`)).body.balance).toBe(before - 3);
    const ledger = await api.get(demo.benefits, `/agreements/${agreementId}/ledger`);
    expect(ledger.body.items[0]).toMatchObject({ kind: 'voucher_allocation', days: -3, voucherId: voucher.id });
  });

  it('refuses before the benefit is activated with policy-violation', async () => {
    const inactive = await newAgreement('NW-INACTIVE', '2023-06-30', 20, false);
    await expectRefusedWithoutChange(
      api,
      { agreementId: inactive },
      () => createVoucher({ agreement: inactive }),
      422,
      'policy-violation',
      'benefit of this agreement is not activated',
    );
  });

  it('refuses a voucher larger than the balance with insufficient-days, and allows one taking the whole balance', async () => {
    const small = await newAgreement('NW-SMALL', '2023-06-30', 3);
    await expectRefusedWithoutChange(
      api,
      { agreementId: small },
      () => createVoucher({ agreement: small, days: 5 }),
      422,
      'insufficient-days',
      'the agreement has 3 planning days left; the voucher needs 5',
    );
    await newVoucher({ agreement: small, days: 3 });
    expect((await api.get(demo.benefits, `/agreements/${small}`)).body.balance).toBe(0);
  });

  it('refuses a length the engagement type does not allow with policy-violation naming the allowed lengths', async () => {
    await expectRefusedWithoutChange(
      api,
      { agreementId },
      () => createVoucher({ type: 'DDPS-SEC', days: 3 }),
      422,
      'policy-violation',
      '3 days is not an allowed length for Modern IT Enterprise Security Proof of Concept: allowed 5, 10, 15 days',
    );
    // Never more than 15 days, whatever the type.
    await expectRefusedWithoutChange(api, { agreementId }, () => createVoucher({ days: 20 }), 400, 'validation-failed');
  });

  it('refuses a second 15-day voucher of the same type for the customer without exceptionReason, and keeps the reason when given', async () => {
    await newVoucher({ type: 'SDPS-SPD', days: 15 });
    await expectRefusedWithoutChange(
      api,
      { agreementId },
      () => createVoucher({ type: 'SDPS-SPD', days: 15 }),
      422,
      'policy-violation',
      'already has a 15-day SharePoint Deployment Planning voucher',
      'exception reason',
    );
    // Another agreement of the same customer does not escape the rule.
    const other = await newAgreement('NW-SECOND-15', '2023-06-30', 30);
    await expectRefusedWithoutChange(
      api,
      { agreementId: other },
      () => createVoucher({ agreement: other, type: 'SDPS-SPD', days: 15 }),
      422,
      'policy-violation',
    );
    const second = await newVoucher({ type: 'SDPS-SPD', days: 15, exceptionReason: 'Contoso EMEA division' });
    expect((await api.get(demo.benefits, `/vouchers/${second.id}`)).body.exceptionReason).toBe('Contoso EMEA division');
    // Shorter vouchers of the type are not limited.
    await newVoucher({ type: 'SDPS-SPD', days: 10 });
  });

  it('does not count a cancelled 15-day voucher against a new one', async () => {
    const first = await newVoucher({ type: 'DDPS-MPD', days: 15 });
    expectStatus(await api.post(demo.benefits, `/vouchers/${first.id}/cancel`), 200);
    await newVoucher({ type: 'DDPS-MPD', days: 15 });
  });

  it('does not count an expired 15-day voucher against a new one, whether or not the sweep has run', async () => {
    // Created 2020-09-01: expired on 2021-02-28, before `start`; no sweep has run.
    setClock('2020-09-01T00:00:00.000Z');
    await newVoucher({ type: 'SEDPS-EXD', days: 15 });
    setClock(start);
    await newVoucher({ type: 'SEDPS-EXD', days: 15 });
    // And after the sweep marked it expired.
    setClock('2020-09-01T00:00:00.000Z');
    await newVoucher({ type: 'SEDPS-SFB', days: 15 });
    setClock(start);
    expectStatus(await api.post(demo.operator, '/admin/sweeps'), 200);
    await newVoucher({ type: 'SEDPS-SFB', days: 15 });
  });
});

describe('project manager change', () => {
  it('changes the PM while assigned, to a project manager of the customer only', async () => {
    const voucher = await newVoucher();
    const newPm = await addUser(t, northwindId, ['project_manager']);
    const changed = await api.call(demo.benefits, 'PUT', `/vouchers/${voucher.id}/project-manager`, {
      projectManagerId: newPm.id,
    });
    expectStatus(changed, 200);
    expect(changed.body.projectManagerId).toBe(newPm.id);
    // The benefit admin is not a project manager; the consultant is another organisation's user.
    for (const other of [t.demo.userIds[demo.benefits]!, t.demo.userIds[demo.consultant]!]) {
      await expectRefusedWithoutChange(
        api,
        { agreementId, voucherId: voucher.id },
        () => api.call(demo.benefits, 'PUT', `/vouchers/${voucher.id}/project-manager`, { projectManagerId: other }),
        400,
        'validation-failed',
        'project manager',
      );
    }
  });

  it('refuses to change the PM once reserved with invalid-transition', async () => {
    const voucher = await reserved();
    await expectRefusedWithoutChange(
      api,
      { agreementId, voucherId: voucher.id },
      () => api.call(demo.benefits, 'PUT', `/vouchers/${voucher.id}/project-manager`, { projectManagerId: pmId }),
      409,
      'invalid-transition',
      'cannot change the project manager of a voucher that is reserved',
    );
  });
});

describe('cancel', () => {
  const cancel = (voucher: Voucher) => api.post(demo.benefits, `/vouchers/${voucher.id}/cancel`);

  it('returns the days of an assigned voucher as voucher_return', async () => {
    const voucher = await newVoucher({ days: 5 });
    const before = (await api.get(demo.benefits, `/agreements/${agreementId}`)).body.balance;
    const cancelled = await cancel(voucher);
    expectStatus(cancelled, 200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', forfeitedDays: 0 });
    expect((await api.get(demo.benefits, `/agreements/${agreementId}`)).body.balance).toBe(before + 5);
    const ledger = await api.get(demo.benefits, `/agreements/${agreementId}/ledger`);
    expect(ledger.body.items[0]).toMatchObject({ kind: 'voucher_return', days: 5, voucherId: voucher.id });
  });

  it('refuses to cancel a reserved voucher with invalid-transition', async () => {
    const voucher = await reserved();
    await expectRefusedWithoutChange(
      api,
      { agreementId, voucherId: voucher.id },
      () => cancel(voucher),
      409,
      'invalid-transition',
      'cannot cancel a voucher that is reserved',
    );
  });

  it('returns the days on the agreement’s last day and forfeits them from the day after it ended', async () => {
    const ending = await newAgreement('NW-ENDING', '2021-03-10', 10);
    const onLastDay = await newVoucher({ agreement: ending, days: 3 });
    const afterEnd = await newVoucher({ agreement: ending, days: 3 });
    setClock('2021-03-11T00:00:00.000Z', -1);
    expect((await cancel(onLastDay)).body).toMatchObject({ status: 'cancelled', forfeitedDays: 0 });
    expect((await api.get(demo.benefits, `/agreements/${ending}`)).body.balance).toBe(7);
    setClock('2021-03-11T00:00:00.000Z');
    const forfeited = await cancel(afterEnd);
    expectStatus(forfeited, 200);
    expect(forfeited.body).toMatchObject({ status: 'cancelled', forfeitedDays: 3 });
    expect((await api.get(demo.benefits, `/agreements/${ending}`)).body.balance).toBe(7);
    const ledger = await api.get(demo.benefits, `/agreements/${ending}/ledger`);
    expect(
      ledger.body.items
        .filter((e: { voucherId: string }) => e.voucherId === afterEnd.id)
        .map((e: { kind: string }) => e.kind),
    ).toEqual(['voucher_allocation']);
  });

  it('returns the days 1 ms before the removal date and forfeits them from 00:00 on 2021-07-01, before any sweep', async () => {
    setClock('2021-06-30T12:00:00.000Z');
    const before = await newVoucher({ days: 3 });
    const at = await newVoucher({ days: 3 });
    setClock('2021-07-01T00:00:00.000Z', -1);
    expect((await cancel(before)).body).toMatchObject({ forfeitedDays: 0 });
    const balance = (await api.get(demo.benefits, `/agreements/${agreementId}`)).body.balance;
    setClock('2021-07-01T00:00:00.000Z');
    expect((await cancel(at)).body).toMatchObject({ status: 'cancelled', forfeitedDays: 3 });
    expect((await api.get(demo.benefits, `/agreements/${agreementId}`)).body.balance).toBe(balance);
  });
});

describe('validation', () => {
  const validate = (as: string, code: string, customerEmail: string) =>
    api.post(as, '/voucher-validations', { code, customerEmail });

  it('shows an assigned voucher to a partner with its code and the benefit admin e-mail', async () => {
    const voucher = await newVoucher();
    const response = await validate(demo.otherPartner, ` ${voucher.code.toLowerCase()} `, demo.benefits);
    expectStatus(response, 200);
    expect(response.body).toMatchObject({ id: voucher.id, status: 'assigned', customerName: 'Northwind Traders' });
  });

  it('answers a wrong code and a wrong e-mail with the same 404 that reveals nothing', async () => {
    const voucher = await newVoucher();
    const wrongCode = await validate(demo.otherPartner, 'PS-2222-2222', demo.benefits);
    const wrongEmail = await validate(demo.otherPartner, voucher.code, demo.pm);
    const unknownEmail = await validate(demo.otherPartner, voucher.code, 'nobody@northwind.example');
    for (const response of [wrongCode, wrongEmail, unknownEmail]) {
      expectProblem(response, 404, 'not-found');
      expect(response.body).toEqual(wrongCode.body);
      expect(JSON.stringify(response.body)).not.toContain(voucher.id);
    }
  });

  it('refuses the 11th attempt after 10 failures of one partner in 15 minutes with 429 and Retry-After, and only for that partner', async () => {
    const voucher = await newVoucher();
    const guesser = await createPartner(t, 'Guessing Partners');
    api.register(guesser.adminEmail, password);
    for (let i = 0; i < 10; i += 1) {
      expectProblem(
        await validate(guesser.adminEmail, `PS-2222-2${'23456789AB'[i]}22`, demo.benefits),
        404,
        'not-found',
      );
    }
    // Even the right pair is refused while the limit holds.
    const limited = await validate(guesser.adminEmail, voucher.code, demo.benefits);
    expectProblem(limited, 429, 'rate-limited');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Another partner is not affected.
    expectStatus(await validate(demo.otherPartner, voucher.code, demo.benefits), 200);
    // The window ends 15 minutes after the first failure.
    setClock(start, 15 * 60 * 1000);
    expectStatus(await validate(guesser.adminEmail, voucher.code, demo.benefits), 200);
  });

  it.each([
    ['a customer', demo.benefits],
    ['a consultant', demo.consultant],
  ])('refuses %s with 403 forbidden', async (_who, email) => {
    const voucher = await newVoucher();
    expectProblem(await validate(email, voucher.code, demo.benefits), 403, 'forbidden');
  });
});

describe('reservation', () => {
  it('reserves with the delivery country of the location and the expiry unchanged', async () => {
    const voucher = await newVoucher();
    const response = await reserve(voucher);
    expectStatus(response, 200);
    expect(response.body).toMatchObject({ status: 'reserved', expiresAt: voucher.expiresAt });
    expect(response.body.reservation).toMatchObject({
      partnerId: fabrikamId,
      deliveryCountry: 'US',
      plannedEnd: '2021-03-19',
    });
  });

  it('refuses a voucher already reserved, by the same or another partner, with 409 invalid-transition', async () => {
    const voucher = await reserved();
    for (const [as, location] of [
      [demo.partner, fabrikamUs],
      [demo.otherPartner, tailspinGb],
    ] as const) {
      await expectRefusedWithoutChange(
        api,
        { agreementId, voucherId: voucher.id },
        () => reserve(voucher, { locationId: location }, as),
        409,
        'invalid-transition',
        'cannot reserve a voucher that is reserved',
      );
    }
  });

  it('refuses a location of another partner with 400', async () => {
    const voucher = await newVoucher();
    await expectRefusedWithoutChange(
      api,
      { agreementId, voucherId: voucher.id },
      () => reserve(voucher, { locationId: tailspinGb }),
      400,
      'validation-failed',
      'not one of your organisation',
    );
  });

  it('refuses a planned end on the expiry day with deadline-passed, and allows it the day before', async () => {
    // Expires 2021-08-28T09:00Z: the 28th does not end before expiry.
    const voucher = await newVoucher();
    expect(voucher.expiresAt).toBe('2021-08-28T09:00:00.000Z');
    await expectRefusedWithoutChange(
      api,
      { agreementId, voucherId: voucher.id },
      () => reserve(voucher, { plannedEnd: '2021-08-28' }),
      422,
      'deadline-passed',
      'the planned end 2021-08-28 is not before the voucher expiry (2021-08-28T09:00:00.000Z)',
    );
    expectStatus(await reserve(voucher, { plannedEnd: '2021-08-27' }), 200);
  });

  it('refuses without an enrolment in the offering with not-eligible naming it', async () => {
    const voucher = await newVoucher({ type: 'SEDPS-EXD' });
    await expectRefusedWithoutChange(
      api,
      { agreementId, voucherId: voucher.id },
      () => reserve(voucher),
      422,
      'not-eligible',
      'not enrolled in S-EDPS',
    );
  });

  it('refuses without the engagement-level competency with not-eligible naming it', async () => {
    // Fabrikam is enrolled in SDPS (Collaboration and Content) but lacks Project and Portfolio Management.
    const voucher = await newVoucher({ type: 'SDPS-PPM' });
    const refused = await expectRefusedWithoutChange(
      api,
      { agreementId, voucherId: voucher.id },
      () => reserve(voucher),
      422,
      'not-eligible',
      'no valid competency for Project and Portfolio Management (PPM) Solution Planning (Project and Portfolio Management)',
    );
    expect(refused.body.detail).not.toContain('enrol');
  });

  it('refuses with an expired enrolment with not-eligible naming the expiry, and reserves after renewal', async () => {
    setClock('2020-02-15T00:00:00.000Z');
    const contoso = await onboardPartner('Contoso Enrolment', '2023-12-31');
    setClock(start);
    const voucher = await newVoucher();
    await expectRefusedWithoutChange(
      api,
      { agreementId, voucherId: voucher.id },
      () => reserve(voucher, { locationId: contoso.locationId }, contoso.adminEmail),
      422,
      'not-eligible',
      'the DDPS enrolment expired on 2021-02-15; renew it',
    );
    expectStatus(
      await api.post(contoso.adminEmail, `/partners/${contoso.id}/enrollments`, { programId, offeringCode: 'DDPS' }),
      200,
    );
    expectStatus(await reserve(voucher, { locationId: contoso.locationId }, contoso.adminEmail), 200);
  });

  it('refuses without acceptTerms: true with 400', async () => {
    const voucher = await newVoucher();
    await expectRefusedWithoutChange(
      api,
      { agreementId, voucherId: voucher.id },
      () => reserve(voucher, { acceptTerms: false }),
      400,
      'validation-failed',
    );
  });

  it('refuses a wrong code with the 404 of validation', async () => {
    const voucher = await newVoucher();
    await expectRefusedWithoutChange(
      api,
      { agreementId, voucherId: voucher.id },
      () => reserve({ ...voucher, code: 'PS-2222-2222' }),
      404,
      'not-found',
    );
  });
});

describe('release', () => {
  it('puts the voucher back to assigned with its expiry unchanged, gone from the partner’s list', async () => {
    const voucher = await reserved();
    const listed = await api.get(demo.partner, '/vouchers?limit=200');
    expect(listed.body.items.map((v: Voucher) => v.id)).toContain(voucher.id);
    setClock('2021-03-05T09:00:00.000Z');
    const released = await api.call(demo.partner, 'DELETE', `/vouchers/${voucher.id}/reservation`);
    expectStatus(released, 200);
    expect(released.body).toMatchObject({ status: 'assigned', expiresAt: voucher.expiresAt, reservation: null });
    const after = await api.get(demo.partner, '/vouchers?limit=200');
    expect(after.body.items.map((v: Voucher) => v.id)).not.toContain(voucher.id);
    expectProblem(await api.get(demo.partner, `/vouchers/${voucher.id}`), 404, 'not-found');
    // It can be reserved again.
    expectStatus(await reserve(voucher), 200);
  });
});

describe('completion report', () => {
  it('refuses when no delivering consultant passed an exam of the type with not-eligible', async () => {
    const voucher = await reserved();
    setClock('2021-03-22T10:00:00.000Z');
    const novice = await addUser(t, fabrikamId, ['consultant']);
    api.register(novice.email, password);
    const fileId = await api.upload(demo.partner, 'plan.pdf', '%PDF-1.4 plan');
    await expectRefusedWithoutChange(
      api,
      { agreementId, voucherId: voucher.id },
      () =>
        api.post(demo.partner, `/vouchers/${voucher.id}/completion-report`, completionReport([novice.id], [fileId])),
      422,
      'not-eligible',
      'none of the delivering consultants passed an exam for Windows and Office Deployment Planning',
    );
  });

  it('refuses without a deliverable file, or with another organisation’s file, with 400', async () => {
    const voucher = await reserved();
    setClock('2021-03-22T10:00:00.000Z');
    const consultantId = t.demo.userIds[demo.consultant]!;
    await expectRefusedWithoutChange(
      api,
      { agreementId, voucherId: voucher.id },
      () => api.post(demo.partner, `/vouchers/${voucher.id}/completion-report`, completionReport([consultantId], [])),
      400,
      'validation-failed',
    );
    const theirs = await api.upload(demo.otherPartner, 'theirs.pdf', '%PDF-1.4 not yours');
    await expectRefusedWithoutChange(
      api,
      { agreementId, voucherId: voucher.id },
      () =>
        api.post(demo.partner, `/vouchers/${voucher.id}/completion-report`, completionReport([consultantId], [theirs])),
      400,
      'validation-failed',
      'deliverable files must be uploaded by your organisation',
    );
  });
});

describe('redemption', () => {
  it('refuses a voucher without its completion report with 409 invalid-transition', async () => {
    const voucher = await reserved();
    await expectRefusedWithoutChange(
      api,
      { agreementId, voucherId: voucher.id },
      () => api.post(demo.partner, `/vouchers/${voucher.id}/redemption`),
      409,
      'invalid-transition',
      'cannot redeem a voucher that is reserved; it must be completed',
    );
  });

  it('refuses a second redemption with 409 invalid-transition', async () => {
    const { voucher } = await completed();
    expectStatus(await api.post(demo.partner, `/vouchers/${voucher.id}/redemption`), 200);
    await expectRefusedWithoutChange(
      api,
      { agreementId, voucherId: voucher.id },
      () => api.post(demo.partner, `/vouchers/${voucher.id}/redemption`),
      409,
      'invalid-transition',
    );
  });

  it('redeems on the last day of the competency and refuses from the day after it expired with not-eligible', async () => {
    const litware = await onboardPartner('Litware Competency', '2021-03-20');
    const first = await newVoucher();
    const second = await newVoucher();
    const fileId = await api.upload(litware.adminEmail, 'plan.pdf', '%PDF-1.4 plan');
    for (const voucher of [first, second]) {
      expectStatus(
        await reserve(
          voucher,
          { locationId: litware.locationId, plannedStart: '2021-03-08', plannedEnd: '2021-03-10' },
          litware.adminEmail,
        ),
        200,
      );
    }
    setClock('2021-03-12T09:00:00.000Z');
    for (const voucher of [first, second]) {
      const report = {
        ...completionReport([litware.consultant.id], [fileId]),
        deliveredFrom: '2021-03-08',
        deliveredTo: '2021-03-10',
      };
      expectStatus(await api.post(litware.adminEmail, `/vouchers/${voucher.id}/completion-report`, report), 200);
    }
    setClock('2021-03-21T00:00:00.000Z', -1);
    expectStatus(await api.post(litware.adminEmail, `/vouchers/${first.id}/redemption`), 200);
    setClock('2021-03-21T00:00:00.000Z');
    await expectRefusedWithoutChange(
      api,
      { agreementId, voucherId: second.id },
      () => api.post(litware.adminEmail, `/vouchers/${second.id}/redemption`),
      422,
      'not-eligible',
      'no valid competency for Windows and Office Deployment Planning (Windows and Devices)',
    );
  });

  it('refuses without a location in the delivery country with not-eligible', async () => {
    const adatum = await onboardPartner('Adatum Location', '2023-12-31');
    const voucher = await newVoucher();
    expectStatus(
      await reserve(
        voucher,
        { locationId: adatum.locationId, plannedStart: '2021-03-08', plannedEnd: '2021-03-10' },
        adatum.adminEmail,
      ),
      200,
    );
    setClock('2021-03-12T09:00:00.000Z');
    const fileId = await api.upload(adatum.adminEmail, 'plan.pdf', '%PDF-1.4 plan');
    const report = {
      ...completionReport([adatum.consultant.id], [fileId]),
      deliveredFrom: '2021-03-08',
      deliveredTo: '2021-03-10',
    };
    expectStatus(await api.post(adatum.adminEmail, `/vouchers/${voucher.id}/completion-report`, report), 200);
    // The API cannot remove a location: the partner's only location moves to Canada (fixture).
    await t.ctx.db.update(partnerLocations).set({ country: 'CA' }).where(eq(partnerLocations.id, adatum.locationId));
    await expectRefusedWithoutChange(
      api,
      { agreementId, voucherId: voucher.id },
      () => api.post(adatum.adminEmail, `/vouchers/${voucher.id}/redemption`),
      422,
      'not-eligible',
      'no partner location in US, the delivery country',
    );
  });
});

describe('tenant isolation', () => {
  let other: { email: string };

  beforeAll(async () => {
    const organization = await api.post(demo.operator, '/organizations', {
      kind: 'customer',
      name: 'Woodgrove Bank',
      country: 'US',
    });
    expectStatus(organization, 201);
    const admin = await addUser(t, organization.body.id, ['benefit_admin', 'project_manager']);
    api.register(admin.email, password);
    other = admin;
  });

  it('answers 404 to another customer and another partner for the voucher, agreement, ledger and deliverable', async () => {
    const { voucher, fileId } = await completed();
    const urls = [
      `/vouchers/${voucher.id}`,
      `/agreements/${agreementId}`,
      `/agreements/${agreementId}/ledger`,
      `/files/${fileId}/content`,
    ];
    for (const as of [other.email, demo.otherPartner]) {
      for (const url of urls) {
        const response: ApiResponse = await api.get(as, url);
        expectProblem(response, 404, 'not-found');
      }
    }
    // The parties themselves see them: the customer all, the partner the voucher and its file.
    for (const url of urls) {
      expectStatus(await api.get(demo.benefits, url), 200);
    }
    expectStatus(await api.get(demo.partner, urls[0]!), 200);
    expectStatus(await api.get(demo.partner, urls[3]!), 200);
  });

  it('refuses another customer’s and another partner’s changes with 404 and changes nothing', async () => {
    const voucher = await reserved();
    const before = await snapshot(api, { agreementId, voucherId: voucher.id });
    expectProblem(await api.post(other.email, `/vouchers/${voucher.id}/cancel`), 404, 'not-found');
    expectProblem(await api.call(demo.otherPartner, 'DELETE', `/vouchers/${voucher.id}/reservation`), 404, 'not-found');
    expectProblem(await api.post(demo.otherPartner, `/vouchers/${voucher.id}/redemption`), 404, 'not-found');
    expect(await snapshot(api, { agreementId, voucherId: voucher.id })).toEqual(before);
  });
});
