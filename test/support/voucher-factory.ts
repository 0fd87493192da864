import { and, eq } from 'drizzle-orm';
import { createAgreement } from '../../src/app/agreements/create-agreement.js';
import { accrueDays } from '../../src/app/agreements/accrue-days.js';
import { activateBenefit } from '../../src/app/agreements/activate-benefit.js';
import { authenticate } from '../../src/app/auth/authenticate.js';
import { login } from '../../src/app/auth/login.js';
import type { Actor } from '../../src/app/context.js';
import { uploadFile } from '../../src/app/files/upload-file.js';
import { addLocation } from '../../src/app/partners/add-location.js';
import { registerForPayments } from '../../src/app/partners/register-for-payments.js';
import { completeVoucher } from '../../src/app/vouchers/complete-voucher.js';
import { createVoucher } from '../../src/app/vouchers/create-voucher.js';
import type { VoucherView } from '../../src/app/vouchers/present-voucher.js';
import { redeemVoucher } from '../../src/app/vouchers/redeem-voucher.js';
import { reserveVoucher } from '../../src/app/vouchers/reserve-voucher.js';
import { engagementTypes, partnerLocations } from '../../src/db/schema/index.js';
import { localDate } from '../../src/domain/calendar-dates.js';
import { demoPassword } from '../../src/app/seed/seed-demo.js';
import type { TestApp } from './app.js';

/**
 * Vouchers in any state up to `redeemed`, made by calling the use cases directly (not the HTTP
 * routes), as the demo users: Northwind's benefit admin creates, Fabrikam's admin reserves and
 * redeems, Fabrikam's consultant completes. The partner facts (agreement signed, competencies,
 * enrolment, US location, consultant exams) come from the demo seed.
 */

const actors = new Map<string, Actor>();

/** The demo user `email` as an `Actor`, signed in with `login` and `authenticate` (cached). */
export async function actorFor(t: TestApp, email: string): Promise<Actor> {
  const cached = actors.get(`${t.demo.programId}:${email}`);
  if (cached) {
    return cached;
  }
  const { token } = await login(t.ctx, { email, password: demoPassword, ip: '127.0.0.1' });
  const session = await authenticate(t.ctx, token);
  if (!session) {
    throw new Error(`could not authenticate ${email}`);
  }
  actors.set(`${t.demo.programId}:${email}`, session.actor);
  return session.actor;
}

export const demoEmails = {
  benefitAdmin: 'benefits@northwind.example',
  projectManager: 'pm@northwind.example',
  partner: 'admin@fabrikam.example',
  consultant: 'consultant@fabrikam.example',
  otherPartner: 'admin@tailspin.example',
  finance: 'finance@saps.example',
  operator: 'operator@saps.example',
} as const;

/** Runs `action` with the test clock at `instant`, then puts the clock back. */
async function at<T>(t: TestApp, instant: string, action: () => Promise<T>): Promise<T> {
  const saved = t.clock.now();
  t.clock.set(instant);
  try {
    return await action();
  } finally {
    t.clock.set(saved);
  }
}

const agreements = new Map<string, string>();

/**
 * A dedicated Northwind agreement with plenty of days (the demo agreement has 40): created and
 * accrued on 2021-01-15, before the accrual end date (2021-02-01), and activated.
 */
export async function ensureAgreement(t: TestApp): Promise<string> {
  const existing = agreements.get(t.demo.programId);
  if (existing) {
    return existing;
  }
  const operator = await actorFor(t, demoEmails.operator);
  const benefits = await actorFor(t, demoEmails.benefitAdmin);
  const agreement = await at(t, '2021-01-15T12:00:00.000Z', async () => {
    const created = await createAgreement(t.ctx, operator, t.demo.organizationIds['Northwind Traders']!, {
      programId: t.demo.programId,
      licensingId: `NW-FACTORY-${t.demo.programId.slice(0, 8)}`,
      endsOn: '2023-12-31',
    });
    await accrueDays(t.ctx, operator, created.id, { days: 2000, note: 'voucher factory' });
    await activateBenefit(t.ctx, benefits, created.id);
    return created;
  });
  agreements.set(t.demo.programId, agreement.id);
  return agreement.id;
}

/** Fabrikam's location in `country`, added by its admin if missing. */
export async function ensurePartnerLocation(t: TestApp, country: string): Promise<string> {
  const partnerId = t.demo.organizationIds['Fabrikam Consulting']!;
  const [row] = await t.ctx.db
    .select({ id: partnerLocations.id })
    .from(partnerLocations)
    .where(and(eq(partnerLocations.partnerId, partnerId), eq(partnerLocations.country, country)));
  if (row) {
    return row.id;
  }
  return (await addLocation(t.ctx, await actorFor(t, demoEmails.partner), partnerId, { country })).id;
}

/** Fabrikam's payment registration for the demo program, by its global admin (idempotent). */
export async function registerFabrikamForPayments(t: TestApp): Promise<void> {
  await registerForPayments(
    t.ctx,
    await actorFor(t, demoEmails.partner),
    t.demo.organizationIds['Fabrikam Consulting']!,
    { programId: t.demo.programId },
  );
}

export interface VoucherOverrides {
  /** Days on the voucher (Windows and Office Deployment Planning allows 1, 3, 5, 10, 15). */
  days?: 1 | 3 | 5 | 10 | 15;
  /** Delivery country: Fabrikam gets a location there if it has none. */
  country?: string;
  /** Stop at this status. */
  until?: 'assigned' | 'reserved' | 'completed' | 'redeemed';
}

/**
 * A Fabrikam voucher of Northwind, taken through the lifecycle at the current test-clock instant
 * (reserved, delivered and redeemed the same day).
 */
export async function makeVoucher(t: TestApp, overrides: VoucherOverrides = {}): Promise<VoucherView> {
  const { days = 5, country = 'US', until = 'redeemed' } = overrides;
  const agreementId = await ensureAgreement(t);
  const benefits = await actorFor(t, demoEmails.benefitAdmin);
  const pm = await actorFor(t, demoEmails.projectManager);
  const partner = await actorFor(t, demoEmails.partner);
  const consultant = await actorFor(t, demoEmails.consultant);
  const [engagementType] = await t.ctx.db
    .select({ id: engagementTypes.id })
    .from(engagementTypes)
    .where(and(eq(engagementTypes.programId, t.demo.programId), eq(engagementTypes.code, 'DDPS-WOD')));
  let voucher = await createVoucher(t.ctx, benefits, {
    agreementId,
    engagementTypeId: engagementType!.id,
    days,
    projectManagerId: pm.userId,
  });
  if (until === 'assigned') {
    return voucher;
  }
  const today = localDate(t.clock.now(), 'UTC');
  const locationId = await ensurePartnerLocation(t, country);
  voucher = await reserveVoucher(t.ctx, partner, voucher.id, {
    code: voucher.code,
    locationId,
    plannedStart: today,
    plannedEnd: today,
    acceptTerms: true,
  });
  if (until === 'reserved') {
    return voucher;
  }
  const file = await uploadFile(t.ctx, consultant, {
    name: 'plan.pdf',
    contentType: 'application/pdf',
    content: Buffer.from(`%PDF-1.4 deployment plan for ${voucher.code}`),
  });
  voucher = await completeVoucher(t.ctx, consultant, voucher.id, {
    deliveredFrom: today,
    deliveredTo: today,
    consultantIds: [consultant.userId],
    summary: 'Assessed the desktop estate.',
    nextSteps: 'Pilot Windows 10 in two sites.',
    deliverableFileIds: [file.id],
  });
  if (until === 'completed') {
    return voucher;
  }
  return redeemVoucher(t.ctx, partner, voucher.id);
}
