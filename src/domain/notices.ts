/**
 * What each notice and reminder says, in English and French (api.md, "Notifications and
 * reminders"; issue 10: "a clear subject, the voucher code, the deadline and the rule behind it,
 * and one link into the app"). Pure: the facts come in, the words go out; the e-mail layout
 * and the delivery live in the jobs layer.
 *
 * Each input names only what its recipient may read: the partner's copy of an expiry carries no
 * agreement or balance, the customer's no payment data (domain.md, invariant 4).
 */
import type { Money } from './money.js';
import { formatDate, formatDays, formatMoney, type Language } from './notice-format.js';
import { ruleNames, t } from './notice-words.js';

export type DeadlineRuleName = keyof typeof ruleNames.en;

/** A deadline as a reader needs it: the last program-local day and the rule that sets it. */
export interface DeadlineFact {
  lastDay: string;
  rule: DeadlineRuleName;
}

export type Audience = 'customer' | 'partner';

export type NoticeInput =
  | {
      kind: 'voucher.assigned';
      voucherId: string;
      code: string;
      engagement: string;
      days: number;
      reserveBy: DeadlineFact;
      redeemBy: DeadlineFact;
      benefitAdminEmail: string;
    }
  | {
      kind: 'voucher.reserved';
      voucherId: string;
      code: string;
      engagement: string;
      days: number;
      partnerName: string;
      plannedStart: string;
      plannedEnd: string;
      deliveryCountry: string;
      redeemBy: DeadlineFact;
    }
  | { kind: 'voucher.released'; voucherId: string; code: string; partnerName: string; reserveBy: DeadlineFact }
  | { kind: 'voucher.completed'; voucherId: string; code: string; partnerName: string; redeemBy: DeadlineFact }
  | { kind: 'voucher.redeemed'; voucherId: string; code: string; partnerName: string; days: number }
  | {
      kind: 'voucher.expired';
      audience: Audience;
      voucherId: string;
      code: string;
      days: number;
      expiredOn: string;
      /** Customer copy only. */
      daysReturned?: number;
      daysForfeited?: number;
    }
  | {
      kind: 'payment_request.submitted';
      paymentRequestId: string;
      reference: string;
      partnerName: string;
      total: Money;
      voucherCount: number;
    }
  | { kind: 'payment_request.approved'; paymentRequestId: string; reference: string; total: Money }
  | {
      kind: 'payment_request.denied';
      paymentRequestId: string;
      reference: string;
      total: Money;
      reason: string;
      detail: string | null;
    }
  | {
      kind: 'payment_request.paid';
      paymentRequestId: string;
      reference: string;
      total: Money;
      paymentReference: string;
      paidOn: string;
    }
  | {
      kind: 'reminder.voucher_expiry';
      audience: Audience;
      voucherId: string;
      code: string;
      days: number;
      lastDay: string;
      offsetDays: number;
    }
  | { kind: 'reminder.payment_window'; voucherId: string; code: string; lastDay: string; offsetDays: number }
  | {
      kind: 'reminder.last_voucher_day' | 'reminder.days_removal';
      agreementId: string;
      licensingId: string;
      daysLeft: number;
      date: string;
      offsetDays: number;
    }
  | { kind: 'reminder.last_redemption_day'; programId: string; lastDay: string; codes: string[]; offsetDays: number }
  | {
      kind: 'reminder.enrollment_renewal';
      enrollmentId: string;
      offeringCode: string;
      lastDay: string;
      offsetDays: number;
    }
  | {
      kind: 'service_request.answered';
      serviceRequestId: string;
      reference: string;
      subject: string;
      reply: string;
    };

export type NoticeKind = NoticeInput['kind'];

export interface NoticeContent {
  kind: NoticeKind;
  subject: string;
  /** In-app: one line, and one or two sentences. */
  title: string;
  body: string;
  paragraphs: string[];
  facts: { label: string; value: string }[];
  /** The one link into the app, as a path under the public URL. */
  action: { label: string; path: string };
  subjectType: 'voucher' | 'payment_request' | 'agreement' | 'program' | 'enrollment' | 'service_request';
  subjectId: string;
}

export function isReminder(kind: NoticeKind): boolean {
  return kind.startsWith('reminder.');
}

function voucherPath(audience: Audience, voucherId: string): string {
  return audience === 'partner' ? `/partner/vouchers/${voucherId}` : `/vouchers/${voucherId}`;
}

function deadline(fact: DeadlineFact, language: Language): string {
  return `${formatDate(fact.lastDay, language)} (${ruleNames[language][fact.rule]})`;
}

/** The words of one notice for one reader. */
export function noticeContent(given: NoticeInput, language: Language): NoticeContent {
  const w = t(language);
  const input: NoticeInput =
    'partnerName' in given && given.partnerName === '' ? { ...given, partnerName: w.aPartner } : given;
  const d = (date: string): string => formatDate(date, language);
  const days = (n: number): string => formatDays(n, language);
  const money = (m: Money): string => formatMoney(m, language);
  switch (input.kind) {
    case 'voucher.assigned': {
      const body = w.assignedBody(input.code, input.engagement, days(input.days));
      return {
        kind: input.kind,
        subject: w.assignedSubject(input.code),
        title: w.assignedTitle(input.code),
        body,
        paragraphs: [body, w.assignedForward(input.benefitAdminEmail)],
        facts: [
          { label: w.code, value: input.code },
          { label: w.engagement, value: `${input.engagement}, ${days(input.days)}` },
          { label: w.benefitAdminEmail, value: input.benefitAdminEmail },
          { label: w.reserveBy, value: deadline(input.reserveBy, language) },
          { label: w.redeemBy, value: deadline(input.redeemBy, language) },
        ],
        action: { label: w.openVoucher, path: voucherPath('customer', input.voucherId) },
        subjectType: 'voucher',
        subjectId: input.voucherId,
      };
    }
    case 'voucher.reserved': {
      const body = w.reservedBody(input.partnerName, input.code, d(input.plannedStart), d(input.plannedEnd));
      return {
        kind: input.kind,
        subject: w.reservedSubject(input.code, input.partnerName),
        title: w.reservedTitle(input.code),
        body,
        paragraphs: [body],
        facts: [
          { label: w.code, value: input.code },
          { label: w.engagement, value: `${input.engagement}, ${days(input.days)}` },
          { label: w.deliveryCountry, value: input.deliveryCountry },
          { label: w.redeemBy, value: deadline(input.redeemBy, language) },
        ],
        action: { label: w.openVoucher, path: voucherPath('customer', input.voucherId) },
        subjectType: 'voucher',
        subjectId: input.voucherId,
      };
    }
    case 'voucher.released': {
      const body = w.releasedBody(input.partnerName, input.code);
      return {
        kind: input.kind,
        subject: w.releasedSubject(input.code),
        title: w.releasedTitle(input.code),
        body,
        paragraphs: [body],
        facts: [
          { label: w.code, value: input.code },
          { label: w.reserveBy, value: deadline(input.reserveBy, language) },
        ],
        action: { label: w.openVoucher, path: voucherPath('customer', input.voucherId) },
        subjectType: 'voucher',
        subjectId: input.voucherId,
      };
    }
    case 'voucher.completed': {
      const body = w.completedBody(input.partnerName, input.code);
      return {
        kind: input.kind,
        subject: w.completedSubject(input.code),
        title: w.completedTitle(input.code),
        body,
        paragraphs: [body],
        facts: [
          { label: w.code, value: input.code },
          { label: w.redeemBy, value: deadline(input.redeemBy, language) },
        ],
        action: { label: w.openReport, path: voucherPath('customer', input.voucherId) },
        subjectType: 'voucher',
        subjectId: input.voucherId,
      };
    }
    case 'voucher.redeemed': {
      const body = w.redeemedBody(input.partnerName, input.code, days(input.days));
      return {
        kind: input.kind,
        subject: w.redeemedSubject(input.code),
        title: w.redeemedTitle(input.code),
        body,
        paragraphs: [body],
        facts: [{ label: w.code, value: input.code }],
        action: { label: w.openVoucher, path: voucherPath('customer', input.voucherId) },
        subjectType: 'voucher',
        subjectId: input.voucherId,
      };
    }
    case 'voucher.expired': {
      const body = w.expiredBody(input.code, d(input.expiredOn));
      const facts = [
        { label: w.code, value: input.code },
        { label: w.days, value: days(input.days) },
      ];
      const paragraphs = [body];
      if (input.audience === 'customer') {
        paragraphs.push(w.expiredDays(days(input.daysReturned ?? 0), days(input.daysForfeited ?? 0)));
      }
      return {
        kind: input.kind,
        subject: w.expiredSubject(input.code),
        title: w.expiredTitle(input.code),
        body,
        paragraphs,
        facts,
        action: { label: w.openVoucher, path: voucherPath(input.audience, input.voucherId) },
        subjectType: 'voucher',
        subjectId: input.voucherId,
      };
    }
    case 'payment_request.submitted':
    case 'payment_request.approved':
    case 'payment_request.denied':
    case 'payment_request.paid':
      return paymentNotice(input, language, money, d);
    case 'reminder.voucher_expiry': {
      const body = w.expiryReminderBody(input.code, input.offsetDays, d(input.lastDay));
      return {
        kind: input.kind,
        subject: w.expiryReminderSubject(input.code, input.offsetDays),
        title: w.expiryReminderSubject(input.code, input.offsetDays),
        body,
        paragraphs: [body, input.audience === 'partner' ? w.expiryReminderPartner : w.expiryReminderCustomer],
        facts: [
          { label: w.code, value: input.code },
          { label: w.days, value: days(input.days) },
          { label: w.deadline, value: deadline({ lastDay: input.lastDay, rule: 'voucher_expiry' }, language) },
        ],
        action: { label: w.openVoucher, path: voucherPath(input.audience, input.voucherId) },
        subjectType: 'voucher',
        subjectId: input.voucherId,
      };
    }
    case 'reminder.payment_window': {
      const body = w.paymentWindowBody(input.code, input.offsetDays, d(input.lastDay));
      return {
        kind: input.kind,
        subject: w.paymentWindowSubject(input.code, input.offsetDays),
        title: w.paymentWindowSubject(input.code, input.offsetDays),
        body,
        paragraphs: [body],
        facts: [
          { label: w.code, value: input.code },
          { label: w.deadline, value: deadline({ lastDay: input.lastDay, rule: 'payment_window' }, language) },
        ],
        action: { label: w.requestPayment, path: '/payment-requests/new' },
        subjectType: 'voucher',
        subjectId: input.voucherId,
      };
    }
    case 'reminder.last_voucher_day':
    case 'reminder.days_removal': {
      const removal = input.kind === 'reminder.days_removal';
      const body = removal
        ? w.removalBody(input.licensingId, days(input.daysLeft), d(input.date))
        : w.lastVoucherBody(input.licensingId, days(input.daysLeft), d(input.date));
      return {
        kind: input.kind,
        subject: removal
          ? w.removalSubject(input.offsetDays, days(input.daysLeft))
          : w.lastVoucherSubject(input.offsetDays, days(input.daysLeft)),
        title: removal ? w.removalTitle(input.licensingId) : w.lastVoucherTitle(input.licensingId),
        body,
        paragraphs: [body],
        facts: [
          { label: w.agreement, value: input.licensingId },
          { label: w.daysLeft, value: days(input.daysLeft) },
          {
            label: w.deadline,
            value: removal
              ? `${d(input.date)} (${ruleNames[language].days_removal})`
              : deadline({ lastDay: input.date, rule: 'last_voucher_day' }, language),
          },
        ],
        action: { label: w.openAgreement, path: `/agreements/${input.agreementId}` },
        subjectType: 'agreement',
        subjectId: input.agreementId,
      };
    }
    case 'reminder.last_redemption_day': {
      const body = w.lastRedemptionBody(input.codes.length, d(input.lastDay));
      return {
        kind: input.kind,
        subject: w.lastRedemptionSubject(input.offsetDays),
        title: w.lastRedemptionSubject(input.offsetDays),
        body,
        paragraphs: [body],
        facts: [
          { label: w.deadline, value: deadline({ lastDay: input.lastDay, rule: 'last_redemption_day' }, language) },
          { label: w.vouchers, value: input.codes.join(', ') },
        ],
        action: { label: w.openVouchers, path: '/partner/vouchers' },
        subjectType: 'program',
        subjectId: input.programId,
      };
    }
    case 'reminder.enrollment_renewal': {
      const body = w.enrollmentBody(input.offeringCode, d(input.lastDay));
      return {
        kind: input.kind,
        subject: w.enrollmentSubject(input.offeringCode, input.offsetDays),
        title: w.enrollmentSubject(input.offeringCode, input.offsetDays),
        body,
        paragraphs: [body],
        facts: [
          { label: w.offering, value: input.offeringCode },
          { label: w.deadline, value: deadline({ lastDay: input.lastDay, rule: 'enrollment' }, language) },
        ],
        action: { label: w.openEnrollments, path: '/partner/onboarding' },
        subjectType: 'enrollment',
        subjectId: input.enrollmentId,
      };
    }
    case 'service_request.answered': {
      const body = w.answeredBody(input.reference, input.subject);
      return {
        kind: input.kind,
        subject: w.answeredSubject(input.reference),
        title: w.answeredSubject(input.reference),
        body,
        paragraphs: [body, input.reply],
        facts: [{ label: w.reference, value: input.reference }],
        action: { label: w.openServiceRequest, path: `/service-requests/${input.serviceRequestId}` },
        subjectType: 'service_request',
        subjectId: input.serviceRequestId,
      };
    }
    default: {
      const unhandled: never = input;
      throw new Error(`no words for notice ${String(unhandled)}`);
    }
  }
}

type PaymentInput = Extract<NoticeInput, { paymentRequestId: string }>;

function paymentNotice(
  input: PaymentInput,
  language: Language,
  money: (m: Money) => string,
  d: (date: string) => string,
): NoticeContent {
  const w = t(language);
  const facts = [
    { label: w.reference, value: input.reference },
    { label: w.total, value: money(input.total) },
  ];
  let body: string;
  let subject: string;
  const paragraphs: string[] = [];
  switch (input.kind) {
    case 'payment_request.submitted':
      subject = w.submittedSubject(input.reference, input.partnerName);
      body = w.submittedBody(input.partnerName, input.reference, input.voucherCount, money(input.total));
      paragraphs.push(body);
      break;
    case 'payment_request.approved':
      subject = w.approvedSubject(input.reference);
      body = w.approvedBody(input.reference, money(input.total));
      paragraphs.push(body);
      break;
    case 'payment_request.denied':
      subject = w.deniedSubject(input.reference);
      body = w.deniedBody(input.reference, w.denialReasons[input.reason] ?? input.reason);
      paragraphs.push(body);
      if (input.detail) {
        paragraphs.push(input.detail);
      }
      paragraphs.push(w.deniedAgain);
      facts.push({ label: w.reason, value: w.denialReasons[input.reason] ?? input.reason });
      break;
    case 'payment_request.paid':
      subject = w.paidSubject(input.reference);
      body = w.paidBody(input.reference, money(input.total), d(input.paidOn));
      paragraphs.push(body);
      facts.push({ label: w.paymentReference, value: input.paymentReference });
      break;
  }
  return {
    kind: input.kind,
    subject,
    title: subject,
    body,
    paragraphs,
    facts,
    action: { label: w.openPaymentRequest, path: `/payment-requests/${input.paymentRequestId}` },
    subjectType: 'payment_request',
    subjectId: input.paymentRequestId,
  };
}
