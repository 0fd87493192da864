import { and, count, desc, eq, isNull, lt, or } from 'drizzle-orm';
import { notifications } from '../../db/schema/index.js';
import type { Actor, AppContext } from '../context.js';
import { decodeCursor, type Page, type PageRequest } from '../pagination.js';
import { notFound } from '../access.js';

export interface NotificationView {
  id: string;
  at: Date;
  kind: string;
  title: string;
  body: string;
  link: string;
  readAt: Date | null;
}

type Row = typeof notifications.$inferSelect;

function present(row: Row): NotificationView {
  return {
    id: row.id,
    at: row.at,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    readAt: row.readAt,
  };
}

/** The caller's own notifications, newest first; `unread` keeps the unread ones. */
export async function listNotifications(
  ctx: AppContext,
  actor: Actor,
  filter: { unread?: boolean | undefined },
  page: PageRequest,
): Promise<Page<NotificationView> & { unreadCount: number }> {
  const after = page.cursor ? decodeCursor(page.cursor) : undefined;
  const rows = await ctx.db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, actor.userId),
        filter.unread ? isNull(notifications.readAt) : undefined,
        after
          ? or(
              lt(notifications.at, new Date(after.at)),
              and(eq(notifications.at, new Date(after.at)), lt(notifications.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(notifications.at), desc(notifications.id))
    .limit(page.limit + 1);
  const hasMore = rows.length > page.limit;
  const items = hasMore ? rows.slice(0, page.limit) : rows;
  const last = items.at(-1);
  return {
    items: items.map(present),
    nextCursor:
      hasMore && last
        ? Buffer.from(JSON.stringify({ at: last.at.toISOString(), id: last.id }), 'utf8').toString('base64url')
        : null,
    unreadCount: await unreadCount(ctx, actor),
  };
}

export async function unreadCount(ctx: AppContext, actor: Actor): Promise<number> {
  const [row] = await ctx.db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Marks one of the caller's notifications read; another person's is a 404 like a missing one. */
export async function markNotificationRead(ctx: AppContext, actor: Actor, id: string): Promise<NotificationView> {
  const now = ctx.clock.now();
  const [row] = await ctx.db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.id, id), eq(notifications.userId, actor.userId), isNull(notifications.readAt)))
    .returning();
  if (row) {
    return present(row);
  }
  const [already] = await ctx.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.userId, actor.userId)));
  if (!already) {
    throw notFound('notification', id);
  }
  return present(already);
}

export async function markAllNotificationsRead(ctx: AppContext, actor: Actor): Promise<{ read: number }> {
  const rows = await ctx.db
    .update(notifications)
    .set({ readAt: ctx.clock.now() })
    .where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return { read: rows.length };
}
