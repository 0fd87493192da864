import { refusal } from '../../domain/errors.js';
import type { AppContext } from '../context.js';
import { savePreferences } from './preferences.js';
import { verifyUnsubscribeToken } from './unsubscribe-token.js';

/**
 * Turns the token's user's reminder e-mails off, without a sign-in (RFC 8058 one-click). Notices
 * of changes still go out (api.md). Idempotent: the same link works again.
 */
export async function unsubscribeFromReminders(ctx: AppContext, token: string): Promise<{ emailReminders: false }> {
  const now = ctx.clock.now();
  const userId = await ctx.db.transaction(async (tx) => {
    const found = await verifyUnsubscribeToken(tx, token, now);
    if (found) {
      await savePreferences(tx, found, { emailReminders: false }, now);
    }
    return found;
  });
  if (!userId) {
    throw refusal('not-found', 'auth.unsubscribeInvalid');
  }
  return { emailReminders: false };
}
