import { t } from '../src/domain/notice-words.js';
import { noticeContent, type NoticeInput } from '../src/domain/notices.js';
import { renderNoticeEmail } from '../src/jobs/email-templates.js';

/**
 * One e-mail of each kind in each language (issue 10's closing note): the subject and the first
 * lines of the plain-text part, rendered by the same code as the outbox (`noticeContent`, then
 * `renderNoticeEmail`), on demo-like facts.
 *
 *   node --import tsx bench/email-samples.ts [lines per e-mail, default 3]
 */
const lines = Number(process.argv[2] ?? 3);
const voucherId = '7d1c2b3a-0000-4000-8000-000000000001';
const paymentRequestId = '7d1c2b3a-0000-4000-8000-000000000002';
const usd = { amountMinor: 300_000, currency: 'USD' };
const redeemBy = { lastDay: '2021-08-27', rule: 'voucher_expiry' as const };
const samples: NoticeInput[] = [
  {
    kind: 'voucher.assigned',
    voucherId,
    code: 'PS-7KQ4-M2XD',
    engagement: 'Windows and Office Deployment Planning',
    days: 3,
    reserveBy: { lastDay: '2021-08-27', rule: 'voucher_expiry' },
    redeemBy,
    benefitAdminEmail: 'benefits@northwind.example',
  },
  {
    kind: 'voucher.reserved',
    voucherId,
    code: 'PS-7KQ4-M2XD',
    engagement: 'Windows and Office Deployment Planning',
    days: 3,
    partnerName: 'Fabrikam Consulting',
    plannedStart: '2021-03-15',
    plannedEnd: '2021-03-17',
    deliveryCountry: 'US',
    redeemBy,
  },
  {
    kind: 'voucher.released',
    voucherId,
    code: 'PS-7KQ4-M2XD',
    partnerName: 'Fabrikam Consulting',
    reserveBy: { lastDay: '2021-08-27', rule: 'voucher_expiry' },
  },
  { kind: 'voucher.completed', voucherId, code: 'PS-7KQ4-M2XD', partnerName: 'Fabrikam Consulting', redeemBy },
  { kind: 'voucher.redeemed', voucherId, code: 'PS-7KQ4-M2XD', partnerName: 'Fabrikam Consulting', days: 3 },
  {
    kind: 'voucher.expired',
    audience: 'customer',
    voucherId,
    code: 'PS-7KQ4-M2XD',
    days: 3,
    expiredOn: '2021-08-28',
    daysReturned: 0,
    daysForfeited: 3,
  },
  {
    kind: 'payment_request.submitted',
    paymentRequestId,
    reference: 'PR-2021-000042',
    partnerName: 'Fabrikam Consulting',
    total: usd,
    voucherCount: 2,
  },
  { kind: 'payment_request.approved', paymentRequestId, reference: 'PR-2021-000042', total: usd },
  {
    kind: 'payment_request.denied',
    paymentRequestId,
    reference: 'PR-2021-000042',
    total: usd,
    reason: 'missing_deliverable',
    detail: null,
  },
  {
    kind: 'payment_request.paid',
    paymentRequestId,
    reference: 'PR-2021-000042',
    total: usd,
    paymentReference: 'ACH-884213',
    paidOn: '2021-04-20',
  },
  {
    kind: 'reminder.voucher_expiry',
    audience: 'customer',
    voucherId,
    code: 'PS-7KQ4-M2XD',
    days: 3,
    lastDay: '2021-08-27',
    offsetDays: 7,
  },
  { kind: 'reminder.payment_window', voucherId, code: 'PS-7KQ4-M2XD', lastDay: '2021-05-19', offsetDays: 3 },
  {
    kind: 'reminder.last_voucher_day',
    agreementId: '7d1c2b3a-0000-4000-8000-000000000003',
    licensingId: 'NW-EA-4471',
    daysLeft: 28,
    date: '2021-06-30',
    offsetDays: 30,
  },
  {
    kind: 'reminder.days_removal',
    agreementId: '7d1c2b3a-0000-4000-8000-000000000003',
    licensingId: 'NW-EA-4471',
    daysLeft: 28,
    date: '2021-07-01',
    offsetDays: 7,
  },
  {
    kind: 'reminder.last_redemption_day',
    programId: '7d1c2b3a-0000-4000-8000-000000000004',
    lastDay: '2021-12-31',
    codes: ['PS-7KQ4-M2XD'],
    offsetDays: 30,
  },
  {
    kind: 'reminder.enrollment_renewal',
    enrollmentId: '7d1c2b3a-0000-4000-8000-000000000005',
    offeringCode: 'DDPS',
    lastDay: '2021-06-30',
    offsetDays: 30,
  },
  {
    kind: 'service_request.answered',
    serviceRequestId: '7d1c2b3a-0000-4000-8000-000000000006',
    reference: 'SR-2021-000007',
    subject: 'Voucher code not accepted',
    reply: 'The code works again: please retry the reservation.',
  },
];

for (const input of samples) {
  for (const language of ['en', 'fr'] as const) {
    const content = noticeContent(input, language);
    const words = t(language);
    const reminder = input.kind.startsWith('reminder.');
    const mail = await renderNoticeEmail({
      to: 'someone@example.test',
      language,
      subject: content.subject,
      greeting: words.greeting('Alex Doe'),
      paragraphs: content.paragraphs,
      facts: content.facts,
      action: { label: content.action.label, url: `https://saps.example${content.action.path}` },
      footer: reminder ? words.footerReminder : words.footerNotice,
      ...(reminder
        ? {
            unsubscribe: { url: 'https://saps.example/api/v1/reminders/unsubscribe?token=…', label: words.unsubscribe },
          }
        : {}),
    });
    const first = mail.text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .slice(1, 1 + lines);
    console.log(`${input.kind} [${language}] Subject: ${mail.subject}`);
    for (const line of first) {
      console.log(`    ${line}`);
    }
  }
}
