import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { EmailMessage } from '../app/platform/outbox.js';

export interface SentEmail {
  /** The Message-ID header nodemailer gave the message. */
  id: string;
  /** Only without SMTP: the `.eml` file written, for the caller to log. */
  file?: string;
}

/** Sends one e-mail; rejects when the message was not accepted (the outbox then retries it). */
export interface Mailer {
  send(message: EmailMessage): Promise<SentEmail>;
  /**
   * How many sends may be in flight at once. The dispatcher sends a claimed batch this many at a
   * time, never more: a send waiting in the mailer's own queue would eat the claim's lease.
   */
  readonly concurrency: number;
  /** Closes the pooled connections once their messages are out; the process may then exit. */
  close(): Promise<void>;
}

export interface MailerConfig {
  smtpUrl: string | undefined;
  smtpFrom: string;
  dataDir: string;
}

/**
 * Bounded SMTP timeouts: a send must end well within the dispatcher's claim lease
 * (outbox-dispatcher.ts), or a second dispatcher could claim the row and send it again.
 * Nodemailer's defaults (2 min to connect, 10 min of socket silence) exceed the lease.
 */
export const smtpTimeoutsMs = { connection: 20_000, greeting: 20_000, socket: 45_000 } as const;

/** One message as nodemailer takes it: a text part, an HTML part when there is one, headers. */
function mailOptions(from: string, message: EmailMessage): SendMailOptions {
  return {
    from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    ...(message.html ? { html: message.html } : {}),
    ...(message.headers ? { headers: message.headers } : {}),
  };
}

/** SMTP when `SMTP_URL` is set; otherwise `.eml` files under `<dataDir>/mail/` (evaluation). */
export function createMailer(config: MailerConfig): Mailer {
  return config.smtpUrl
    ? smtpMailer(config.smtpUrl, config.smtpFrom)
    : fileMailer(join(config.dataDir, 'mail'), config.smtpFrom);
}

/**
 * The SMTP connection pool (issue 10: 10,000 notices). One connection per message (connect,
 * greeting, EHLO, QUIT) capped the outbox at a few messages a second; pooled connections are
 * kept and reused. 4 connections, each sending 100 messages before it is replaced (many relays
 * cap messages per connection near that), closed after 30 s without a message (the outbox job
 * runs every 2 s, so a busy server keeps its connections; an idle one does not hold the relay's).
 * A connection lost in the middle of a message fails that message rather than being queued again
 * inside nodemailer (`maxRequeues: 0`): the outbox alone retries, with its backoff, its attempt
 * count and its dead letters, and a send stays within the claim's lease (outbox-dispatcher.ts).
 */
export const smtpPool = { maxConnections: 4, maxMessages: 100, idleTimeoutMs: 30_000 } as const;

export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: smtpPool.maxConnections,
    maxMessages: smtpPool.maxMessages,
    idleTimeout: smtpPool.idleTimeoutMs,
    maxRequeues: 0,
    connectionTimeout: smtpTimeoutsMs.connection,
    greetingTimeout: smtpTimeoutsMs.greeting,
    socketTimeout: smtpTimeoutsMs.socket,
  });
  return {
    concurrency: smtpPool.maxConnections,
    async close() {
      transport.close();
    },
    async send(message) {
      const info = await transport.sendMail(mailOptions(from, message));
      // An SMTP server may accept the transaction yet refuse the only recipient.
      if (info.rejected.length > 0 && info.accepted.length === 0) {
        throw new Error(`recipient rejected: ${info.response}`);
      }
      return { id: info.messageId };
    },
  };
}

/**
 * Writes each message as an RFC 822 file that any mail client opens. Nodemailer's stream
 * transport builds the MIME message (encodings, headers), so nothing here formats mail by hand.
 */
export function fileMailer(directory: string, from: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    // Local files: a few at once keeps the disk busy while the next message renders.
    concurrency: 4,
    async close() {},
    async send(message) {
      const info = await transport.sendMail(mailOptions(from, message));
      await mkdir(directory, { recursive: true });
      // The wall-clock prefix only sorts the files for a human reader; no rule depends on it.
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const file = join(directory, `${stamp}-${randomUUID().slice(0, 8)}.eml`);
      await writeFile(file, info.message as Buffer, { flag: 'wx' });
      return { id: info.messageId, file };
    },
  };
}
