import { createElement as h, type ReactElement } from 'react';
import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Link,
  Preview,
  Section,
  Text,
  render,
} from '@react-email/components';
import type { NoticeEmail } from '../app/notifications/deliver-notice.js';

/**
 * The layout of every notice and reminder e-mail (decision 019: React Email, whose components
 * give table layouts mail clients render and escape every value, so no HTML is written by hand).
 * The plain-text part is written from the same content, not scraped from the HTML.
 */
const colors = { text: '#1f2933', muted: '#52606d', brand: '#1c4f91', border: '#d9e2ec' };

function layout(mail: NoticeEmail): ReactElement {
  return h(
    Html,
    { lang: mail.language },
    h(Head, null),
    h(Preview, null, mail.paragraphs[0] ?? mail.subject),
    h(
      Body,
      {
        style: { backgroundColor: '#f5f7fa', fontFamily: 'Segoe UI, Helvetica, Arial, sans-serif', color: colors.text },
      },
      h(
        Container,
        { style: { backgroundColor: '#ffffff', padding: '24px', border: `1px solid ${colors.border}` } },
        h(
          Text,
          { style: { fontSize: '12px', color: colors.muted, margin: 0 } },
          'SAPS · Software Assurance Planning Services',
        ),
        h(Heading, { as: 'h1', style: { fontSize: '20px', color: colors.brand } }, mail.subject),
        h(Text, null, mail.greeting),
        ...mail.paragraphs.map((p, i) => h(Text, { key: `p${i}` }, p)),
        h(
          Section,
          { style: { borderTop: `1px solid ${colors.border}`, borderBottom: `1px solid ${colors.border}` } },
          ...mail.facts.map((f, i) =>
            h(
              Text,
              { key: `f${i}`, style: { margin: '6px 0' } },
              h('strong', null, `${f.label}${separator(mail)}`),
              f.value,
            ),
          ),
        ),
        h(
          Button,
          {
            href: mail.action.url,
            style: {
              backgroundColor: colors.brand,
              color: '#ffffff',
              padding: '10px 18px',
              borderRadius: '4px',
              marginTop: '16px',
            },
          },
          mail.action.label,
        ),
        h(Hr, { style: { borderColor: colors.border, marginTop: '24px' } }),
        h(Text, { style: { fontSize: '12px', color: colors.muted } }, mail.footer),
        mail.unsubscribe
          ? h(
              Link,
              { href: mail.unsubscribe.url, style: { fontSize: '12px', color: colors.muted } },
              mail.unsubscribe.label,
            )
          : null,
      ),
    ),
  );
}

/** French typography puts a space before the colon. */
function separator(mail: NoticeEmail): string {
  return mail.language === 'fr' ? '\u00a0: ' : ': ';
}

function plainText(mail: NoticeEmail): string {
  const sep = separator(mail);
  const lines = [
    mail.greeting,
    '',
    ...mail.paragraphs.flatMap((p) => [p, '']),
    ...mail.facts.map((f) => `${f.label}${sep}${f.value}`),
  ];
  lines.push('', `${mail.action.label}${sep}${mail.action.url}`, '', '--', mail.footer);
  if (mail.unsubscribe) {
    lines.push(`${mail.unsubscribe.label}${sep}${mail.unsubscribe.url}`);
  }
  return `${lines.join('\n')}\n`;
}

export interface RenderedEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export async function renderNoticeEmail(mail: NoticeEmail): Promise<RenderedEmail> {
  const headers: Record<string, string> = {};
  if (mail.unsubscribe) {
    // RFC 8058 one-click unsubscribe: the mail client POSTs "List-Unsubscribe=One-Click" to the URL.
    headers['List-Unsubscribe'] = `<${mail.unsubscribe.url}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return { to: mail.to, subject: mail.subject, text: plainText(mail), html: await render(layout(mail)), headers };
}
