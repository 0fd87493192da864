import { describe, expect, it } from 'vitest';
import { domainEventTypes } from './events.js';
import type { PartnerFacts } from './eligibility.js';
import { DomainError } from './errors.js';
import { saPlanningServicesPolicy } from './program-policy.js';
import type { DecisionActor, VoucherDecision, VoucherState } from './voucher-decision.js';
import {
  decideCancel,
  decideChangeProjectManager,
  decideComplete,
  decideCreate,
  decideExpire,
  decideExtension,
  decideRedeem,
  decideRelease,
  decideReserve,
} from './voucher-decisions.js';
import { voucherStatuses, voucherTransitions, type VoucherEvent, type VoucherStatus } from './voucher-lifecycle.js';

const policy = saPlanningServicesPolicy;
const now = new Date('2021-03-10T09:00:00Z');
const customer = 'c0000000-0000-4000-8000-000000000001';
const partnerOrg = 'p0000000-0000-4000-8000-000000000001';
const benefitAdmin: DecisionActor = {
  userId: 'u-ba',
  organizationId: customer,
  organizationKind: 'customer',
  roles: ['benefit_admin'],
};
const partnerAdmin: DecisionActor = {
  userId: 'u-pa',
  organizationId: partnerOrg,
  organizationKind: 'partner',
  roles: ['partner_admin'],
};
const engagementType = {
  id: 'et',
  name: 'Windows and Office Deployment Planning',
  allowedLengths: [1, 2, 3, 5, 10, 15],
  cloud: false,
  offeringCode: 'DDPS',
  competencies: ['Windows and Devices'],
  exams: ['MD-100'],
};
const partner: PartnerFacts = {
  competencies: [{ name: 'Windows and Devices', level: 'gold', validFrom: '2020-01-01', validUntil: '2022-12-31' }],
  enrollmentValidUntil: new Date('2022-01-01T00:00:00Z'),
  signedCurrentAgreement: true,
  locationCountries: ['US'],
};

function voucher(status: VoucherStatus): VoucherState {
  const held = status !== 'assigned' && status !== 'cancelled';
  return {
    id: 'v1',
    code: 'AAAA-BBBB',
    status,
    version: 3,
    programId: 'prog',
    agreementId: 'agr',
    organizationId: customer,
    engagementTypeId: 'et',
    days: 5,
    projectManagerId: 'u-pm',
    createdBy: 'u-ba',
    exceptionReason: null,
    createdAt: new Date('2021-03-01T09:00:00Z'),
    expiresAt: new Date('2021-08-28T09:00:00Z'),
    extensionDays: 0,
    partnerId: held ? partnerOrg : null,
    locationId: held ? 'loc' : null,
    deliveryCountry: held ? 'US' : null,
    plannedStart: held ? '2021-03-05' : null,
    plannedEnd: held ? '2021-03-06' : null,
    reservedAt: held ? new Date('2021-03-02T09:00:00Z') : null,
    reservedBy: held ? 'u-pa' : null,
    completionReport: null,
    completedAt: null,
    redeemedAt: status === 'redeemed' ? new Date('2021-03-08T09:00:00Z') : null,
    paymentDueBy: status === 'redeemed' ? '2021-05-07' : null,
    endedAt: null,
    forfeitedDays: 0,
  };
}

const base = { policy, engagementType, now };
const agreement = { endsOn: '2023-06-30', daysRemovedAt: null };

/** Each status-changing event, decided on a voucher in `status`. */
const decide: Record<Exclude<VoucherEvent, 'expire'>, (v: VoucherState) => VoucherDecision> = {
  reserve: (v) =>
    decideReserve(
      v,
      { plannedStart: '2021-03-10', plannedEnd: '2021-03-12' },
      {
        ...base,
        actor: partnerAdmin,
        location: { id: 'loc', country: 'US' },
        offering: { code: 'DDPS', competencies: ['Windows and Devices'] },
        partner,
      },
    ),
  release: (v) => decideRelease(v, { ...base, actor: partnerAdmin }),
  complete: (v) =>
    decideComplete(
      v,
      {
        deliveredFrom: '2021-03-05',
        deliveredTo: '2021-03-06',
        consultantIds: ['u-c'],
        summary: 's',
        nextSteps: 'n',
        deliverableFileIds: ['f'],
      },
      {
        ...base,
        actor: partnerAdmin,
        consultantsOfPartner: ['u-c'],
        qualifiedConsultants: ['u-c'],
        filesOfPartner: ['f'],
      },
    ),
  redeem: (v) => decideRedeem(v, { ...base, actor: partnerAdmin, partner }),
  cancel: (v) => decideCancel(v, { ...base, actor: benefitAdmin, agreement }),
  changeProjectManager: (v) =>
    decideChangeProjectManager(v, { ...base, actor: benefitAdmin, projectManager: { id: 'u-pm2' } }),
};

describe('every decision over the transition table', () => {
  const pairs = (Object.keys(decide) as (keyof typeof decide)[]).flatMap((event) =>
    voucherStatuses.map((status) => [event, status] as const),
  );
  it.each(pairs)('%s from %s: allowed exactly when the table allows it, with the table’s status', (event, status) => {
    const transition = voucherTransitions[event];
    if (transition.from.includes(status)) {
      const decision = decide[event](voucher(status));
      expect(decision.status).toBe(transition.to ?? status);
      expect(decision.after.status).toBe(decision.status);
      expect(decision.after.version).toBe(4);
      expect(decision.events).toHaveLength(1);
      expect(domainEventTypes).toContain(decision.events[0]!.type);
      expect(decision.events[0]!.data).toMatchObject({ voucherId: 'v1', code: 'AAAA-BBBB', status: decision.status });
      expect(decision.audit).toMatchObject({ entityId: 'v1', before: voucher(status), after: decision.after });
    } else {
      expect(() => decide[event](voucher(status))).toThrow(DomainError);
    }
  });
});

describe('what each decision returns', () => {
  it('create allocates the days (−days) and emits voucher.created with the event data of events.ts', () => {
    const decision = decideCreate(
      { id: 'v9', code: 'CODE', days: 5, exceptionReason: null },
      {
        ...base,
        actor: benefitAdmin,
        agreement: { id: 'agr', organizationId: customer, programId: 'prog', activated: true, balance: 5 },
        projectManager: { id: 'u-pm' },
        otherFifteenDayVouchers: 0,
      },
    );
    expect(decision.status).toBe('assigned');
    expect(decision.ledger).toEqual([
      expect.objectContaining({ kind: 'voucher_allocation', days: -5, voucherId: 'v9' }),
    ]);
    expect(decision.events[0]).toMatchObject({
      type: 'voucher.created',
      organizationIds: [customer],
      data: {
        voucherId: 'v9',
        code: 'CODE',
        status: 'assigned',
        customerOrganizationId: customer,
        partnerOrganizationId: null,
        projectManagerId: 'u-pm',
        agreementId: 'agr',
        engagementTypeId: 'et',
        days: 5,
        expiresAt: '2021-09-06T09:00:00.000Z',
      },
    });
  });

  it('reserve carries the planned dates and delivery country; both parties may read it', () => {
    const decision = decide.reserve(voucher('assigned'));
    expect(decision.events[0]).toMatchObject({
      type: 'voucher.reserved',
      organizationIds: [customer, partnerOrg],
      data: {
        plannedStart: '2021-03-10',
        plannedEnd: '2021-03-12',
        deliveryCountry: 'US',
        partnerOrganizationId: partnerOrg,
      },
    });
  });

  it('release keeps the partner that held it among the readers', () => {
    expect(decide.release(voucher('reserved')).events[0]!.organizationIds).toEqual([customer, partnerOrg]);
  });

  it('redeem carries redeemedAt and the payment window’s last day', () => {
    expect(decide.redeem(voucher('completed')).events[0]!.data).toMatchObject({
      redeemedAt: now.toISOString(),
      paymentDueBy: '2021-05-09',
    });
  });

  it('cancel returns the days while the agreement is active, and forfeits them after it ended', () => {
    const returned = decide.cancel(voucher('assigned'));
    expect(returned.ledger).toEqual([expect.objectContaining({ kind: 'voucher_return', days: 5 })]);
    expect(returned.events[0]!.data).toMatchObject({ daysReturned: 5, daysForfeited: 0 });
    const forfeited = decideCancel(voucher('assigned'), {
      ...base,
      actor: benefitAdmin,
      agreement: { endsOn: '2021-03-09', daysRemovedAt: null },
    });
    expect(forfeited.ledger).toEqual([]);
    expect(forfeited.changes).toMatchObject({ status: 'cancelled', forfeitedDays: 5 });
    expect(forfeited.events[0]!.data).toMatchObject({ daysReturned: 0, daysForfeited: 5 });
  });

  it('change of PM names the previous one', () => {
    expect(decide.changeProjectManager(voucher('assigned')).events[0]).toMatchObject({
      type: 'voucher.project_manager_changed',
      data: { projectManagerId: 'u-pm2', previousProjectManagerId: 'u-pm' },
    });
  });

  it('expiry ends a live voucher at its expiry instant, not at the sweep’s run, 1 ms early is nothing', () => {
    const v = voucher('reserved');
    expect(decideExpire(v, { policy, agreement, now: new Date(v.expiresAt.getTime() - 1) })).toBeNull();
    const decision = decideExpire(v, { policy, agreement, now: new Date('2021-12-01T00:00:00Z') })!;
    expect(decision.status).toBe('expired');
    expect(decision.changes.endedAt).toEqual(v.expiresAt);
    // It expired on 2021-08-28, after the removal of remaining days (2021-07-01): forfeited.
    expect(decision.events[0]).toMatchObject({
      type: 'voucher.expired',
      actorId: null,
      data: { daysReturned: 0, daysForfeited: 5 },
    });
    expect(decideExpire(voucher('redeemed'), { policy, agreement, now: new Date('2021-12-01T00:00:00Z') })).toBeNull();
  });

  it('an extension adds N × 24 h to the expiry instant and counts the days', () => {
    const v = voucher('assigned');
    const decision = decideExtension(
      v,
      { days: 10, reason: 'r', createdBefore: new Date('2021-04-01T00:00:00Z') },
      { actorId: 'op', now },
    )!;
    expect(decision.after.expiresAt.getTime() - v.expiresAt.getTime()).toBe(10 * 86_400_000);
    expect(decision.events[0]).toMatchObject({
      type: 'voucher.extended',
      data: { previousExpiresAt: v.expiresAt.toISOString(), extensionDays: 10, reason: 'r' },
    });
    expect(
      decideExtension(v, { days: 10, reason: 'r', createdBefore: v.createdAt }, { actorId: 'op', now }),
    ).toBeNull();
  });
});
