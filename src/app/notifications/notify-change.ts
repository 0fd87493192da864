import { eq } from 'drizzle-orm';
import type { Transaction } from '../../db/connection.js';
import { engagementTypes, organizations, paymentRequests, users, vouchers } from '../../db/schema/index.js';
import type { DomainEvent, DomainEventType, PaymentRequestEventData, VoucherEventData } from '../../domain/events.js';
import { localDate } from '../../domain/calendar-dates.js';
import type { NoticeInput } from '../../domain/notices.js';
import { voucherDeadlines, type Deadline } from '../../domain/voucher-rules.js';
import { loadProgramPolicy } from '../programs/read-programs.js';
import { deliverNotice, type NoticeLinks } from './deliver-notice.js';
import { operatorUsersWithRole, uniqueRecipients, userById, usersWithRole, type Recipient } from './recipients.js';

interface Addressed {
  recipients: Recipient[];
  input: NoticeInput;
}

const fact = (d: Deadline) => ({ lastDay: d.lastDay, rule: d.rule });

/** A string field of an event's `data`, if the producer gave one. */
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * The notices of one committed domain event, to exactly the people api.md names: the PM for
 * `voucher.assigned`; benefit admins and the PM for reserved, released and completed; benefit
 * admins for redeemed; benefit admins, the PM and the partner that held it for expired; the
 * partner's partner admins for approved, denied and paid; finance for submitted. Returns how
 * many people were told. Events without a notice (cancelled, extended, days removed) tell nobody.
 */
export async function notifyChange(tx: Transaction, event: DomainEvent, links: NoticeLinks): Promise<number> {
  const addressed =
    event.entityType === 'voucher'
      ? await voucherNotices(tx, event.type, event.data as unknown as VoucherEventData & Record<string, unknown>)
      : event.entityType === 'payment_request'
        ? await paymentNotices(
            tx,
            event.type,
            event.data as unknown as PaymentRequestEventData & Record<string, unknown>,
          )
        : [];
  let told = 0;
  for (const { recipients, input } of addressed) {
    for (const recipient of recipients) {
      // Never tell anyone outside the organisations that may read the object (operators may).
      if (!event.organizationIds.includes(recipient.organizationId) && !(await isOperatorUser(tx, recipient))) {
        continue;
      }
      await deliverNotice(tx, recipient, input, event.at, links);
      told += 1;
    }
  }
  return told;
}

async function isOperatorUser(tx: Transaction, recipient: Recipient): Promise<boolean> {
  const [org] = await tx
    .select({ kind: organizations.kind })
    .from(organizations)
    .where(eq(organizations.id, recipient.organizationId));
  return org?.kind === 'operator';
}

async function voucherNotices(
  tx: Transaction,
  type: DomainEventType,
  data: VoucherEventData & Record<string, unknown>,
): Promise<Addressed[]> {
  const wanted: DomainEventType[] = [
    'voucher.created',
    'voucher.project_manager_changed',
    'voucher.reserved',
    'voucher.released',
    'voucher.completed',
    'voucher.redeemed',
    'voucher.expired',
  ];
  if (!wanted.includes(type)) {
    return [];
  }
  const [voucher] = await tx.select().from(vouchers).where(eq(vouchers.id, data.voucherId));
  if (!voucher) {
    return [];
  }
  const [engagementType] = await tx
    .select()
    .from(engagementTypes)
    .where(eq(engagementTypes.id, voucher.engagementTypeId));
  const policy = await loadProgramPolicy(tx, voucher.programId);
  const deadlines = voucherDeadlines(policy, {
    expiresAt: new Date(data.expiresAt),
    cloud: engagementType?.cloud ?? false,
    redeemedAt: voucher.redeemedAt,
  });
  const customer = data.customerOrganizationId;
  const benefitAdmins = () => usersWithRole(tx, customer, ['benefit_admin']);
  const projectManager = async (): Promise<Recipient[]> => {
    const pm = await userById(tx, data.projectManagerId);
    return pm && pm.organizationId === customer ? [pm] : [];
  };
  const partnerName = async (): Promise<string> => {
    const partnerId = data.partnerOrganizationId ?? voucher.partnerId;
    if (!partnerId) {
      return '';
    }
    const [org] = await tx
      .select({ name: organizations.name })
      .from(organizations)
      .where(eq(organizations.id, partnerId));
    return org?.name ?? '';
  };
  // An empty partner name reads "A partner" (notice-words.ts).
  const base = { voucherId: data.voucherId, code: data.code };
  switch (type) {
    case 'voucher.created':
    case 'voucher.project_manager_changed': {
      const [creator] = await tx
        .select({ email: users.email, active: users.active })
        .from(users)
        .where(eq(users.id, voucher.createdBy));
      const admins = await benefitAdmins();
      const benefitAdminEmail = creator?.active ? creator.email : (admins[0]?.email ?? '');
      return [
        {
          recipients: await projectManager(),
          input: {
            kind: 'voucher.assigned',
            ...base,
            engagement: engagementType?.name ?? '',
            days: data.days,
            reserveBy: fact(deadlines.reserveBy),
            redeemBy: fact(deadlines.redeemBy),
            benefitAdminEmail,
          },
        },
      ];
    }
    case 'voucher.reserved':
      return [
        {
          recipients: uniqueRecipients(await benefitAdmins(), await projectManager()),
          input: {
            kind: 'voucher.reserved',
            ...base,
            engagement: engagementType?.name ?? '',
            days: data.days,
            partnerName: await partnerName(),
            plannedStart: text(data.plannedStart) ?? voucher.plannedStart ?? '',
            plannedEnd: text(data.plannedEnd) ?? voucher.plannedEnd ?? '',
            deliveryCountry: text(data.deliveryCountry) ?? voucher.deliveryCountry ?? '',
            redeemBy: fact(deadlines.redeemBy),
          },
        },
      ];
    case 'voucher.released':
      return [
        {
          recipients: uniqueRecipients(await benefitAdmins(), await projectManager()),
          input: {
            kind: 'voucher.released',
            ...base,
            partnerName: await partnerName(),
            reserveBy: fact(deadlines.reserveBy),
          },
        },
      ];
    case 'voucher.completed':
      return [
        {
          recipients: uniqueRecipients(await benefitAdmins(), await projectManager()),
          input: {
            kind: 'voucher.completed',
            ...base,
            partnerName: await partnerName(),
            redeemBy: fact(deadlines.redeemBy),
          },
        },
      ];
    case 'voucher.redeemed':
      return [
        {
          recipients: await benefitAdmins(),
          input: { kind: 'voucher.redeemed', ...base, partnerName: await partnerName(), days: data.days },
        },
      ];
    case 'voucher.expired': {
      const expiredOn = localDate(new Date(new Date(data.expiresAt).getTime() - 1), policy.timeZone);
      const out: Addressed[] = [
        {
          recipients: uniqueRecipients(await benefitAdmins(), await projectManager()),
          input: {
            kind: 'voucher.expired',
            audience: 'customer',
            ...base,
            days: data.days,
            expiredOn,
            daysReturned: Number(data.daysReturned ?? 0),
            daysForfeited: Number(data.daysForfeited ?? 0),
          },
        },
      ];
      if (data.partnerOrganizationId) {
        // The partner's copy: the code, the days and the date, nothing of the customer's balance.
        out.push({
          recipients: await usersWithRole(tx, data.partnerOrganizationId, ['partner_admin']),
          input: { kind: 'voucher.expired', audience: 'partner', ...base, days: data.days, expiredOn },
        });
      }
      return out;
    }
    default:
      return [];
  }
}

async function paymentNotices(
  tx: Transaction,
  type: DomainEventType,
  data: PaymentRequestEventData & Record<string, unknown>,
): Promise<Addressed[]> {
  const base = { paymentRequestId: data.paymentRequestId, reference: data.reference, total: data.total };
  const partnerAdmins = () => usersWithRole(tx, data.partnerOrganizationId, ['partner_admin']);
  switch (type) {
    case 'payment_request.submitted': {
      const [org] = await tx
        .select({ name: organizations.name })
        .from(organizations)
        .where(eq(organizations.id, data.partnerOrganizationId));
      return [
        {
          recipients: await operatorUsersWithRole(tx, ['finance']),
          input: {
            kind: 'payment_request.submitted',
            ...base,
            partnerName: org?.name ?? '',
            voucherCount: data.voucherIds.length,
          },
        },
      ];
    }
    case 'payment_request.approved':
      return [{ recipients: await partnerAdmins(), input: { kind: 'payment_request.approved', ...base } }];
    case 'payment_request.denied':
      return [
        {
          recipients: await partnerAdmins(),
          input: {
            kind: 'payment_request.denied',
            ...base,
            reason: text(data.reason) ?? 'other',
            detail: typeof data.detail === 'string' && data.detail !== '' ? data.detail : null,
          },
        },
      ];
    case 'payment_request.paid': {
      const [row] = await tx
        .select({ paidOn: paymentRequests.paidOn, paymentReference: paymentRequests.paymentReference })
        .from(paymentRequests)
        .where(eq(paymentRequests.id, data.paymentRequestId));
      return [
        {
          recipients: await partnerAdmins(),
          input: {
            kind: 'payment_request.paid',
            ...base,
            paymentReference: text(data.paymentReference) ?? row?.paymentReference ?? '',
            paidOn: text(data.paidOn) ?? row?.paidOn ?? '',
          },
        },
      ];
    }
    default:
      return [];
  }
}
