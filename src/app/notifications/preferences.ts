import { eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/connection.js';
import { userPreferences } from '../../db/schema/index.js';
import type { Language } from '../../domain/notice-format.js';
import type { Actor, AppContext } from '../context.js';

export interface PreferencesView {
  language: Language;
  emailReminders: boolean;
}

/** A user without a row has the defaults: English, reminder e-mails on. */
export const defaultPreferences: PreferencesView = { language: 'en', emailReminders: true };

export async function preferencesOf(db: Executor, userIds: readonly string[]): Promise<Map<string, PreferencesView>> {
  const result = new Map<string, PreferencesView>();
  if (userIds.length === 0) {
    return result;
  }
  const rows = await db
    .select()
    .from(userPreferences)
    .where(inArray(userPreferences.userId, [...userIds]));
  for (const row of rows) {
    result.set(row.userId, { language: row.language, emailReminders: row.emailReminders });
  }
  return result;
}

export async function getPreferences(ctx: AppContext, actor: Actor): Promise<PreferencesView> {
  return (await preferencesOf(ctx.db, [actor.userId])).get(actor.userId) ?? defaultPreferences;
}

/** Saves the caller's own preferences (nobody sets another person's). */
export async function putPreferences(ctx: AppContext, actor: Actor, input: PreferencesView): Promise<PreferencesView> {
  await savePreferences(ctx.db, actor.userId, input, ctx.clock.now());
  return input;
}

export async function savePreferences(
  db: Executor,
  userId: string,
  input: Partial<PreferencesView>,
  now: Date,
): Promise<void> {
  await db
    .insert(userPreferences)
    .values({ userId, ...defaultPreferences, ...input, updatedAt: now })
    .onConflictDoUpdate({ target: userPreferences.userId, set: { ...input, updatedAt: now } });
}

export async function emailRemindersOn(db: Executor, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ on: userPreferences.emailReminders })
    .from(userPreferences)
    .where(eq(userPreferences.userId, userId));
  return row?.on ?? true;
}
