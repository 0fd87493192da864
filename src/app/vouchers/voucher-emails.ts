import type { EmailMessage } from '../platform/outbox.js';
import type { VoucherView } from './present-voucher.js';

/** The code goes to the project manager, who forwards it to the partner of their choice. */
export function voucherCodeEmail(pm: { email: string; name: string }, voucher: VoucherView): EmailMessage {
  return {
    to: pm.email,
    subject: `Planning Services voucher ${voucher.code}`,
    text:
      `Hello ${pm.name},\n\n` +
      `A Planning Services voucher has been assigned to you.\n\n` +
      `Voucher code: ${voucher.code}\n` +
      `Engagement: ${voucher.engagementTypeName} (${voucher.offeringCode}), ${voucher.days} days\n` +
      `Reserve by: ${voucher.deadlines.reserveBy.label}\n` +
      `Redeem by: ${voucher.deadlines.redeemBy.label}\n\n` +
      `Forward this e-mail to the partner of your choice: they need the code and your benefit administrator's e-mail address to reserve the voucher.\n`,
  };
}

/** "The customer is emailed" when a partner reserves (seed step 5). */
export function reservationEmail(
  benefitAdmin: { email: string; name: string },
  voucher: VoucherView,
  partnerName: string,
): EmailMessage {
  const r = voucher.reservation!;
  return {
    to: benefitAdmin.email,
    subject: `Voucher ${voucher.code} reserved by ${partnerName}`,
    text:
      `Hello ${benefitAdmin.name},\n\n` +
      `${partnerName} reserved the Planning Services voucher ${voucher.code} (${voucher.engagementTypeName}, ${voucher.days} days).\n` +
      `Delivery country: ${r.deliveryCountry}. Planned from ${r.plannedStart} to ${r.plannedEnd}.\n` +
      `The voucher must be redeemed by ${voucher.deadlines.redeemBy.label}.\n`,
  };
}
