import type { Executor } from '../../db/connection.js';
import { notifications, outbox } from '../../db/schema/index.js';
import { isReminder, noticeContent, type NoticeInput } from '../../domain/notices.js';
import { t } from '../../domain/notice-words.js';
import type { Recipient } from './recipients.js';
import { unsubscribeToken } from './unsubscribe-token.js';

/** The e-mail of a notice as the outbox keeps it; `jobs/email-templates.ts` renders it. */
export interface NoticeEmail {
  to: string;
  language: 'en' | 'fr';
  subject: string;
  greeting: string;
  paragraphs: string[];
  facts: { label: string; value: string }[];
  action: { label: string; url: string };
  footer: string;
  /** Reminders only: the one-click link that turns reminder e-mails off (RFC 8058). */
  unsubscribe?: { url: string; label: string };
}

export interface NoticeLinks {
  /** Base URL people reach SAPS at (`SAPS_PUBLIC_URL`). */
  publicUrl: string;
}

/**
 * Tells one person: an in-app notification and, unless it is a reminder and the person turned
 * reminder e-mails off, an e-mail in their language, both in the caller's transaction (so they
 * exist if and only if it commits). Notices of a change always go out (api.md).
 */
export async function deliverNotice(
  tx: Executor,
  recipient: Recipient,
  input: NoticeInput,
  at: Date,
  links: NoticeLinks,
): Promise<{ emailed: boolean }> {
  const content = noticeContent(input, recipient.language);
  await tx.insert(notifications).values({
    userId: recipient.id,
    kind: content.kind,
    title: content.title,
    body: content.body,
    link: content.action.path,
    subjectType: content.subjectType,
    subjectId: content.subjectId,
    at,
  });
  const reminder = isReminder(content.kind);
  if (reminder && !recipient.emailReminders) {
    return { emailed: false };
  }
  const words = t(recipient.language);
  const email: NoticeEmail = {
    to: recipient.email,
    language: recipient.language,
    subject: content.subject,
    greeting: words.greeting(recipient.name),
    paragraphs: content.paragraphs,
    facts: content.facts,
    action: { label: content.action.label, url: `${links.publicUrl}${content.action.path}` },
    footer: reminder ? words.footerReminder : words.footerNotice,
  };
  if (reminder) {
    const token = await unsubscribeToken(tx, recipient.id, at);
    email.unsubscribe = {
      url: `${links.publicUrl}/api/v1/reminders/unsubscribe?token=${token}`,
      label: words.unsubscribe,
    };
  }
  await tx.insert(outbox).values({ kind: 'notice_email', payload: email, createdAt: at, availableAt: at });
  return { emailed: true };
}
