import { and, eq } from 'drizzle-orm';
import type { VoucherView } from '../../../src/app/vouchers/present-voucher.js';
import { engagementTypes, partnerLocations } from '../../../src/db/schema/index.js';
import type { TestApp } from '../../support/app.js';
import { logins, multipartFile, org, type RouteCase } from '../../support/roles.js';
import { ensureAgreement, makeVoucher, type VoucherOverrides } from '../../support/voucher-factory.js';

/**
 * Agreements, vouchers and files. Their use cases check the role before loading the object
 * (`rolesFirst`); a login with the role that may not see the object gets 404: Tailspin on
 * Fabrikam's reserved vouchers, Fabrikam on Northwind's agreement.
 */
const northwind = [logins.operator, logins.finance, logins.benefits, logins.pm];
/** Who sees a voucher Fabrikam reserved: its customer, Fabrikam, operators. */
const voucherReaders = [...northwind, logins.partner, logins.consultant];
const today = '2021-03-01';

const voucher = (t: TestApp, until: NonNullable<VoucherOverrides['until']>): Promise<VoucherView> =>
  makeVoucher(t, { days: 1, until });

const shared = new Map<string, VoucherView>();

/** One completed voucher, read (never changed) by the read rows. */
async function completedVoucher(t: TestApp): Promise<VoucherView> {
  const known = shared.get(t.demo.programId);
  if (known) {
    return known;
  }
  const made = await voucher(t, 'completed');
  shared.set(t.demo.programId, made);
  return made;
}

async function deliverable(t: TestApp): Promise<string> {
  return (await completedVoucher(t)).completionReport!.deliverableFileIds[0]!;
}

async function engagementType(t: TestApp): Promise<string> {
  const [row] = await t.ctx.db
    .select({ id: engagementTypes.id })
    .from(engagementTypes)
    .where(and(eq(engagementTypes.programId, t.demo.programId), eq(engagementTypes.code, 'DDPS-WOD')));
  return row!.id;
}

/** The caller's own partner location (Fabrikam's for everyone else). */
async function locationOf(t: TestApp, organization: string): Promise<string> {
  const partner = organization === org.tailspin ? org.tailspin : org.fabrikam;
  const [row] = await t.ctx.db
    .select({ id: partnerLocations.id })
    .from(partnerLocations)
    .where(eq(partnerLocations.partnerId, t.demo.organizationIds[partner]!));
  return row!.id;
}

export const agreementRoutes: RouteCase[] = [
  {
    method: 'POST',
    route: '/organizations/{id}/agreements',
    request: (t, { n }) => ({
      url: `/api/v1/organizations/${t.demo.organizationIds[org.northwind]}/agreements`,
      body: { programId: t.demo.programId, licensingId: `NW-ROLES-${n}`, endsOn: '2023-06-30' },
    }),
    owner: org.northwind,
    allowed: [logins.operator],
    success: 201,
    rolesFirst: ['operator_admin'],
  },
  { method: 'GET', route: '/agreements', request: () => ({ url: '/api/v1/agreements' }), allowed: 'all', success: 200 },
  {
    method: 'GET',
    route: '/agreements/{id}',
    request: async (t) => ({ url: `/api/v1/agreements/${await ensureAgreement(t)}` }),
    owner: org.northwind,
    allowed: northwind,
    success: 200,
  },
  {
    method: 'GET',
    route: '/agreements/{id}/ledger',
    request: async (t) => ({ url: `/api/v1/agreements/${await ensureAgreement(t)}/ledger` }),
    owner: org.northwind,
    allowed: northwind,
    success: 200,
  },
  {
    method: 'POST',
    route: '/agreements/{id}/accruals',
    request: async (t) => ({
      url: `/api/v1/agreements/${await ensureAgreement(t)}/accruals`,
      body: { days: 1, note: 'roles' },
    }),
    owner: org.northwind,
    allowed: [logins.operator],
    success: 201,
    rolesFirst: ['operator_admin'],
    // "2021-02-01: no more accrual".
    at: '2021-01-15T12:00:00.000Z',
  },
  {
    method: 'POST',
    route: '/agreements/{id}/activation',
    // Activating an active agreement again changes nothing: 200.
    request: async (t) => ({ url: `/api/v1/agreements/${await ensureAgreement(t)}/activation` }),
    owner: org.northwind,
    allowed: [logins.benefits],
    success: 200,
    rolesFirst: ['benefit_admin'],
  },
  {
    method: 'POST',
    route: '/agreements/{id}/training-conversions',
    request: async (t) => ({
      url: `/api/v1/agreements/${await ensureAgreement(t)}/training-conversions`,
      body: { days: 1 },
    }),
    owner: org.northwind,
    allowed: [logins.benefits],
    success: 201,
    rolesFirst: ['benefit_admin'],
    // "2020-02-01: training days can no longer be converted".
    at: '2020-01-15T12:00:00.000Z',
  },
  {
    method: 'POST',
    route: '/agreements/{id}/adjustments',
    request: async (t) => ({
      url: `/api/v1/agreements/${await ensureAgreement(t)}/adjustments`,
      body: { days: 1, reason: 'roles table' },
    }),
    owner: org.northwind,
    allowed: [logins.operator],
    success: 201,
    rolesFirst: ['operator_admin'],
  },
];

export const voucherRoutes: RouteCase[] = [
  {
    method: 'POST',
    route: '/vouchers',
    request: async (t) => ({
      url: '/api/v1/vouchers',
      body: {
        agreementId: await ensureAgreement(t),
        engagementTypeId: await engagementType(t),
        days: 1,
        projectManagerId: t.demo.userIds[logins.pm],
      },
    }),
    owner: org.northwind,
    allowed: [logins.benefits],
    success: 201,
    rolesFirst: ['benefit_admin'],
  },
  { method: 'GET', route: '/vouchers', request: () => ({ url: '/api/v1/vouchers' }), allowed: 'all', success: 200 },
  {
    method: 'GET',
    route: '/vouchers/{id}',
    request: async (t) => ({ url: `/api/v1/vouchers/${(await completedVoucher(t)).id}` }),
    owner: [org.northwind, org.fabrikam],
    allowed: voucherReaders,
    success: 200,
  },
  {
    method: 'PUT',
    route: '/vouchers/{id}/project-manager',
    request: async (t) => ({
      url: `/api/v1/vouchers/${(await voucher(t, 'assigned')).id}/project-manager`,
      body: { projectManagerId: t.demo.userIds[logins.pm] },
    }),
    owner: org.northwind,
    allowed: [logins.benefits],
    success: 200,
    rolesFirst: ['benefit_admin'],
  },
  {
    method: 'POST',
    route: '/vouchers/{id}/cancel',
    request: async (t) => ({ url: `/api/v1/vouchers/${(await voucher(t, 'assigned')).id}/cancel` }),
    owner: org.northwind,
    allowed: [logins.benefits],
    success: 200,
    rolesFirst: ['benefit_admin'],
  },
  {
    method: 'POST',
    route: '/voucher-validations',
    // Any partner admin the project manager gave the code to sees the assigned voucher.
    request: async (t) => ({
      url: '/api/v1/voucher-validations',
      body: { code: (await voucher(t, 'assigned')).code, customerEmail: logins.benefits },
    }),
    allowed: [logins.partner, logins.otherPartner],
    success: 200,
    rolesFirst: ['partner_admin'],
  },
  {
    method: 'POST',
    route: '/vouchers/{id}/reservation',
    request: async (t, { login }) => {
      const assigned = await voucher(t, 'assigned');
      return {
        url: `/api/v1/vouchers/${assigned.id}/reservation`,
        body: {
          code: assigned.code,
          locationId: await locationOf(t, login.organization),
          plannedStart: today,
          plannedEnd: today,
          acceptTerms: true,
        },
      };
    },
    owner: org.northwind,
    allowed: [logins.partner],
    success: 200,
    rolesFirst: ['partner_admin'],
    // Tailspin holds the role and the code, but is not enrolled in DDPS (demo seed): 422
    // not-eligible. Without the code it gets 404 (test/isolation/vouchers.test.ts).
    outcomes: { [logins.otherPartner]: 422 },
  },
  {
    method: 'DELETE',
    route: '/vouchers/{id}/reservation',
    request: async (t) => ({ url: `/api/v1/vouchers/${(await voucher(t, 'reserved')).id}/reservation` }),
    owner: [org.northwind, org.fabrikam],
    allowed: [logins.partner],
    success: 200,
    rolesFirst: ['partner_admin'],
  },
  {
    method: 'POST',
    route: '/vouchers/{id}/completion-report',
    request: async (t) => ({
      url: `/api/v1/vouchers/${(await voucher(t, 'reserved')).id}/completion-report`,
      body: {
        deliveredFrom: today,
        deliveredTo: today,
        consultantIds: [t.demo.userIds[logins.consultant]],
        summary: 'Assessed the desktop estate.',
        nextSteps: 'Pilot in two sites.',
        deliverableFileIds: [await deliverable(t)],
      },
    }),
    owner: [org.northwind, org.fabrikam],
    allowed: [logins.partner, logins.consultant],
    success: 200,
    rolesFirst: ['partner_admin', 'consultant'],
  },
  {
    method: 'POST',
    route: '/vouchers/{id}/redemption',
    request: async (t) => ({ url: `/api/v1/vouchers/${(await voucher(t, 'completed')).id}/redemption` }),
    owner: [org.northwind, org.fabrikam],
    allowed: [logins.partner],
    success: 200,
    rolesFirst: ['partner_admin'],
  },
];

export const fileRoutes: RouteCase[] = [
  {
    method: 'POST',
    route: '/files',
    request: (_t, { n }) => ({ url: '/api/v1/files', raw: multipartFile(`plan-${n}.pdf`, `%PDF-1.4 plan ${n}`) }),
    // Only the roles that file completion reports, whose deliverables these are (decision 018).
    allowed: [logins.partner, logins.consultant, logins.otherPartner],
    success: 201,
    rolesFirst: ['partner_admin', 'consultant'],
  },
  {
    method: 'GET',
    route: '/files/{id}',
    // Fabrikam's consultant uploaded it; the completion report of Northwind's voucher lists it.
    request: async (t) => ({ url: `/api/v1/files/${await deliverable(t)}` }),
    owner: [org.fabrikam, org.northwind],
    allowed: voucherReaders,
    success: 200,
  },
  {
    method: 'GET',
    route: '/files/{id}/content',
    request: async (t) => ({ url: `/api/v1/files/${await deliverable(t)}/content` }),
    owner: [org.fabrikam, org.northwind],
    allowed: voucherReaders,
    success: 200,
  },
];
