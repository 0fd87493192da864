import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/connection.js';
import { organizations } from '../../db/schema/index.js';
import type { DomainEvent } from '../../domain/events.js';
import { rolesByKind, type OrganizationKind } from '../../domain/roles.js';
import { loadVisibleAgreement, presentAgreement } from '../agreements/agreement-store.js';
import type { Actor } from '../context.js';
import { loadVisiblePaymentRequest } from '../payments/payment-store.js';
import { presentPaymentRequest } from '../payments/present-payment-request.js';
import { presentVoucher } from '../vouchers/present-voucher.js';
import { loadVisibleVoucher } from '../vouchers/voucher-store.js';

/** The organisation as a reader: its kind's roles, no person behind it. */
export function organizationReader(organizationId: string, kind: OrganizationKind): Actor {
  return {
    userId: '00000000-0000-0000-0000-000000000000',
    organizationId,
    organizationKind: kind,
    roles: [...rolesByKind[kind]],
    sessionId: '00000000-0000-0000-0000-000000000000',
  };
}

export async function organizationKindOf(tx: Executor, organizationId: string): Promise<OrganizationKind | null> {
  const [row] = await tx
    .select({ kind: organizations.kind })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return row?.kind ?? null;
}

/**
 * A webhook's `data`: the object as its GET presents it to the endpoint's organisation (api.md),
 * loaded through the same scoped loaders as the GET, so an organisation that may not read it
 * gets nothing (the loader's 404 is thrown and the caller skips the endpoint).
 */
export async function webhookData(tx: Executor, event: DomainEvent, reader: Actor, now: Date): Promise<unknown> {
  switch (event.entityType) {
    case 'voucher': {
      const { voucher, engagementType, policy, payment, standing, names } = await loadVisibleVoucher(
        tx,
        reader,
        event.entityId,
      );
      return presentVoucher(voucher, engagementType, policy, { actor: reader, now, payment, standing, names });
    }
    case 'payment_request': {
      return presentPaymentRequest(await loadVisiblePaymentRequest(tx, reader, event.entityId), reader, now);
    }
    case 'agreement':
      return presentAgreement(await loadVisibleAgreement(tx, reader, event.entityId));
    default: {
      const never: never = event.entityType;
      throw new Error(`no webhook data for ${String(never)}`);
    }
  }
}
