import { and, eq } from 'drizzle-orm';
import { serviceRequestReplies, serviceRequests } from '../../db/schema/index.js';
import { refusal } from '../../domain/errors.js';
import { isOperator } from '../access.js';
import { recordAudit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import { deliverNotice, type NoticeLinks } from '../notifications/deliver-notice.js';
import { userById } from '../notifications/recipients.js';
import {
  loadVisibleServiceRequest,
  withReplies,
  type ServiceRequestRow,
  type ServiceRequestView,
} from './service-requests.js';

function assertNotClosed(row: ServiceRequestRow): void {
  if (row.status === 'closed') {
    throw refusal('invalid-transition', 'support.closed', { reference: row.reference });
  }
}

/**
 * A reply: an operator's sets the request `answered` and tells the requester (in the app and by
 * e-mail); the requester's organisation's sets it `open` again (api.md, "Support").
 */
export async function replyToServiceRequest(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { message: string },
  links: NoticeLinks,
): Promise<ServiceRequestView> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const row = await loadVisibleServiceRequest(tx, actor, id);
    assertNotClosed(row);
    const fromOperator = isOperator(actor);
    const status = fromOperator ? 'answered' : 'open';
    const [after] = await tx
      .update(serviceRequests)
      .set({ status, updatedAt: now })
      .where(and(eq(serviceRequests.id, row.id), eq(serviceRequests.updatedAt, row.updatedAt)))
      .returning();
    if (!after) {
      throw refusal('concurrent-update', 'race.serviceRequest', { reference: row.reference });
    }
    await tx.insert(serviceRequestReplies).values({
      serviceRequestId: row.id,
      authorId: actor.userId,
      fromOperator,
      message: input.message,
      at: now,
    });
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      organizationIds: [row.organizationId],
      action: 'service_request.replied',
      entityType: 'service_request',
      entityId: row.id,
      before: { status: row.status },
      after: { status, fromOperator },
    });
    if (fromOperator) {
      const requester = await userById(tx, row.requesterId);
      if (requester && requester.organizationId === row.organizationId) {
        await deliverNotice(
          tx,
          requester,
          {
            kind: 'service_request.answered',
            serviceRequestId: row.id,
            reference: row.reference,
            subject: row.subject,
            reply: input.message,
          },
          now,
          links,
        );
      }
    }
    return withReplies(tx, after);
  });
}

export async function closeServiceRequest(ctx: AppContext, actor: Actor, id: string): Promise<ServiceRequestView> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const row = await loadVisibleServiceRequest(tx, actor, id);
    assertNotClosed(row);
    const [after] = await tx
      .update(serviceRequests)
      .set({ status: 'closed', updatedAt: now, closedAt: now })
      .where(and(eq(serviceRequests.id, row.id), eq(serviceRequests.updatedAt, row.updatedAt)))
      .returning();
    if (!after) {
      throw refusal('concurrent-update', 'race.serviceRequest', { reference: row.reference });
    }
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      organizationIds: [row.organizationId],
      action: 'service_request.closed',
      entityType: 'service_request',
      entityId: row.id,
      before: { status: row.status },
      after: { status: 'closed' },
    });
    return withReplies(tx, after);
  });
}
