import { and, eq } from 'drizzle-orm';
import { paymentRegistrations, vouchers } from '../../db/schema/index.js';
import { refusal } from '../../domain/errors.js';
import { payableVoucherStatus } from '../../domain/payment-rules.js';
import { recordAudit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import { loadProgramRow } from '../programs/read-programs.js';
import { loadVisiblePartner, requirePartnerRole } from './partner-access.js';
import { presentPaymentRegistration, type PaymentRegistrationView } from './present-partner.js';

/**
 * Payment registration per program, by the global admin (the SAVB registration of
 * program-facts.md §5, T6), "possible after the first redemption" (domain.md, "Partners").
 * Registering again returns the existing registration and changes nothing.
 */
export async function registerForPayments(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  input: { programId: string },
): Promise<{ registration: PaymentRegistrationView; created: boolean }> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const partner = await loadVisiblePartner(tx, actor, partnerId);
    requirePartnerRole(actor, partner, ['global_admin'], { operatorMay: false });
    await loadProgramRow(tx, input.programId);
    const [existing] = await tx
      .select()
      .from(paymentRegistrations)
      .where(and(eq(paymentRegistrations.partnerId, partnerId), eq(paymentRegistrations.programId, input.programId)));
    if (existing) {
      return { registration: presentPaymentRegistration(existing), created: false };
    }
    const [redeemed] = await tx
      .select({ id: vouchers.id })
      .from(vouchers)
      .where(
        and(
          eq(vouchers.partnerId, partnerId),
          eq(vouchers.programId, input.programId),
          eq(vouchers.status, payableVoucherStatus),
        ),
      )
      .limit(1);
    if (!redeemed) {
      throw refusal('policy-violation', 'payment.registrationAfterRedemption');
    }
    const [row] = await tx
      .insert(paymentRegistrations)
      .values({ partnerId, programId: input.programId, registeredBy: actor.userId, registeredAt: now })
      .returning();
    const registration = presentPaymentRegistration(row!);
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      organizationIds: [partnerId],
      action: 'payment-registration.created',
      entityType: 'payment-registration',
      entityId: registration.id,
      before: null,
      after: registration,
    });
    return { registration, created: true };
  });
}
