import { z } from 'zod';
import { instant, pageQuery } from './common.js';

export const preferences = z
  .strictObject({
    language: z.enum(['en', 'fr']).describe('the language of e-mails and of the app'),
    emailReminders: z.boolean().describe('false: no reminder e-mails (notices of changes always go out)'),
  })
  .meta({ id: 'Preferences' });

export const notificationsQuery = pageQuery.extend({
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('true: only the unread ones'),
});

export const notification = z
  .object({
    id: z.string(),
    at: instant,
    kind: z.string().describe('voucher.reserved, payment_request.paid, reminder.voucher_expiry, …'),
    title: z.string(),
    body: z.string(),
    link: z.string().describe('the app path of the object it is about'),
    readAt: instant.nullable(),
  })
  .meta({ id: 'Notification' });

export const notificationPage = z.object({
  items: z.array(notification),
  nextCursor: z.string().nullable(),
  unreadCount: z.number().int().describe('all the caller\u2019s unread notifications, for the bell'),
});

export const unsubscribeQuery = z.strictObject({ token: z.string().min(1).max(200) });
