import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { resultRows, type Executor } from '../../db/connection.js';
import { paymentRequests, serviceRequestReplies, serviceRequests, users, vouchers } from '../../db/schema/index.js';
import { isOperator, notFound } from '../access.js';
import { recordAudit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import { afterCursor, newestFirst, toPage, type Page, type PageRequest } from '../pagination.js';

export type ServiceRequestRow = typeof serviceRequests.$inferSelect;

export interface ServiceRequestReplyView {
  id: string;
  at: Date;
  authorName: string;
  fromOperator: boolean;
  message: string;
}

export interface ServiceRequestView {
  id: string;
  reference: string;
  status: ServiceRequestRow['status'];
  organizationId: string;
  requesterId: string;
  requesterName: string;
  subject: string;
  message: string;
  voucherId: string | null;
  paymentRequestId: string | null;
  createdAt: Date;
  updatedAt: Date;
  replies?: ServiceRequestReplyView[];
}

export interface CreateServiceRequestInput {
  subject: string;
  message: string;
  voucherId?: string | undefined;
  paymentRequestId?: string | undefined;
}

async function present(db: Executor, rows: ServiceRequestRow[]): Promise<ServiceRequestView[]> {
  const ids = [...new Set(rows.map((r) => r.requesterId))];
  const names = new Map(
    ids.length === 0
      ? []
      : (await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids))).map((u) => [
          u.id,
          u.name,
        ]),
  );
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    status: r.status,
    organizationId: r.organizationId,
    requesterId: r.requesterId,
    requesterName: names.get(r.requesterId) ?? '',
    subject: r.subject,
    message: r.message,
    voucherId: r.voucherId,
    paymentRequestId: r.paymentRequestId,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  }));
}

/** A request the caller may see: their organisation's, or any for operators; else 404. */
export async function loadVisibleServiceRequest(db: Executor, actor: Actor, id: string): Promise<ServiceRequestRow> {
  const [row] = await db.select().from(serviceRequests).where(eq(serviceRequests.id, id));
  if (!row || (!isOperator(actor) && row.organizationId !== actor.organizationId)) {
    throw notFound('service request', id);
  }
  return row;
}

/** The voucher or payment request a question is about must be one the caller may read. */
async function assertAbout(db: Executor, actor: Actor, input: CreateServiceRequestInput): Promise<void> {
  if (input.voucherId) {
    const [v] = await db.select().from(vouchers).where(eq(vouchers.id, input.voucherId));
    const readers = v ? [v.organizationId, v.partnerId] : [];
    if (!v || (!isOperator(actor) && !readers.includes(actor.organizationId))) {
      throw notFound('voucher', input.voucherId);
    }
  }
  if (input.paymentRequestId) {
    const [p] = await db.select().from(paymentRequests).where(eq(paymentRequests.id, input.paymentRequestId));
    if (!p || (!isOperator(actor) && p.partnerId !== actor.organizationId)) {
      throw notFound('payment request', input.paymentRequestId);
    }
  }
}

/** Any signed-in user asks the program's operators (api.md, "Support"). */
export async function createServiceRequest(
  ctx: AppContext,
  actor: Actor,
  input: CreateServiceRequestInput,
): Promise<ServiceRequestView> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    await assertAbout(tx, actor, input);
    const result = await tx.execute(
      sql`select nextval(pg_get_serial_sequence('service_requests', 'number')) as number`,
    );
    const number = Number(resultRows<{ number: string | number }>(result)[0]!.number);
    const [row] = await tx
      .insert(serviceRequests)
      .values({
        number,
        reference: `SR-${String(number).padStart(6, '0')}`,
        organizationId: actor.organizationId,
        requesterId: actor.userId,
        subject: input.subject,
        message: input.message,
        voucherId: input.voucherId ?? null,
        paymentRequestId: input.paymentRequestId ?? null,
        status: 'open',
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      organizationIds: [actor.organizationId],
      action: 'service_request.opened',
      entityType: 'service_request',
      entityId: row!.id,
      before: null,
      after: { reference: row!.reference, status: row!.status, subject: row!.subject },
    });
    return { ...(await present(tx, [row!]))[0]!, replies: [] };
  });
}

export async function listServiceRequests(
  ctx: AppContext,
  actor: Actor,
  filter: { status?: ServiceRequestRow['status'] | undefined },
  page: PageRequest,
): Promise<Page<ServiceRequestView>> {
  const rows = await ctx.db
    .select()
    .from(serviceRequests)
    .where(
      and(
        isOperator(actor) ? undefined : eq(serviceRequests.organizationId, actor.organizationId),
        filter.status ? eq(serviceRequests.status, filter.status) : undefined,
        afterCursor(page, serviceRequests.createdAt, serviceRequests.id),
      ),
    )
    .orderBy(...newestFirst(serviceRequests.createdAt, serviceRequests.id))
    .limit(page.limit + 1);
  const views = await present(ctx.db, rows);
  const byId = new Map(views.map((v) => [v.id, v]));
  return toPage(rows, page, (row) => byId.get(row.id)!);
}

export async function getServiceRequest(ctx: AppContext, actor: Actor, id: string): Promise<ServiceRequestView> {
  return withReplies(ctx.db, await loadVisibleServiceRequest(ctx.db, actor, id));
}

export async function withReplies(db: Executor, row: ServiceRequestRow): Promise<ServiceRequestView> {
  const replies = await db
    .select({ reply: serviceRequestReplies, authorName: users.name })
    .from(serviceRequestReplies)
    .innerJoin(users, eq(users.id, serviceRequestReplies.authorId))
    .where(eq(serviceRequestReplies.serviceRequestId, row.id))
    .orderBy(asc(serviceRequestReplies.at), asc(serviceRequestReplies.id));
  return {
    ...(await present(db, [row]))[0]!,
    replies: replies.map(({ reply, authorName }) => ({
      id: reply.id,
      at: reply.at,
      authorName,
      fromOperator: reply.fromOperator,
      message: reply.message,
    })),
  };
}
