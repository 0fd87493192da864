import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** The envelope recipients (RCPT TO), which is where the mail really goes. */
  to: string[];
  from: string;
  subject: string;
  /** The decoded text body (quoted-printable or base64 undone). */
  text: string;
  /** The HTML part, or '' when the message has none. */
  html: string;
  /** Header values by lower-cased name (`list-unsubscribe`, `list-unsubscribe-post`, …). */
  headers: Record<string, string>;
  raw: string;
}

export interface TestSmtpServer {
  /** `smtp://127.0.0.1:<port>`, for `SMTP_URL`. */
  url: string;
  received: ReceivedMail[];
  /** While set, every recipient is refused with this SMTP reply (code and text); `null` accepts. */
  rejectWith(reply: { code: number; message: string } | null): void;
  close(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 and a random port that keeps what it receives. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  let rejection: { code: number; message: string } | null = null;
  const server = new SMTPServer({
    // Plain SMTP on loopback: no TLS certificate to trust, no credentials.
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    // The mailer keeps pooled connections open (src/jobs/mailer.ts): closing the server ends
    // them after 1 s instead of smtp-server's 30 s.
    closeTimeout: 1_000,
    onRcptTo(_address, _session, callback) {
      if (rejection) {
        const error = Object.assign(new Error(rejection.message), { responseCode: rejection.code });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        // Parsed before the reply, so the message is in `received` once the sender's send resolves.
        simpleParser(raw).then(
          (mail) => {
            received.push({
              to: session.envelope.rcptTo.map((r) => r.address),
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
              headers: Object.fromEntries(
                [...mail.headerLines].map((line) => [line.key, line.line.slice(line.line.indexOf(':') + 1).trim()]),
              ),
              raw: raw.toString('utf8'),
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  server.on('error', () => {
    // Connection-level errors (a client hanging up) are not test failures.
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    rejectWith(reply) {
      rejection = reply;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
