import type { Executor } from '../../db/connection.js';
import { outbox } from '../../db/schema/index.js';

/** An e-mail to send once the transaction that wants it has committed. */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  /** An HTML alternative to `text` (notices and reminders). */
  html?: string;
  /** Extra headers, e.g. `List-Unsubscribe` on reminders. */
  headers?: Record<string, string>;
}

/**
 * Records a message in the outbox, inside the caller's transaction: it is sent if and only if
 * that transaction commits (architecture.md, "Jobs").
 */
export async function enqueueEmail(tx: Executor, message: EmailMessage, now: Date): Promise<void> {
  await tx.insert(outbox).values({ kind: 'email', payload: message, createdAt: now, availableAt: now });
}
