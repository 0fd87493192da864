import { renderToStaticMarkup } from 'react-dom/server';
import { createElement as h } from 'react';
import { z } from 'zod';
import { getPreferences, putPreferences } from '../../app/notifications/preferences.js';
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from '../../app/notifications/list-notifications.js';
import { unsubscribeFromReminders } from '../../app/notifications/unsubscribe.js';
import { requireActor } from '../plugins/authentication.js';
import type { RouteDeps, ZodApp } from '../route-types.js';
import { errorResponses, idParams } from '../schemas/common.js';
import {
  notification,
  notificationPage,
  notificationsQuery,
  preferences,
  unsubscribeQuery,
} from '../schemas/notifications.js';

export function notificationRoutes(app: ZodApp, { ctx }: RouteDeps): void {
  const tags = ['notifications'];

  app.get(
    '/me/preferences',
    {
      schema: {
        tags,
        summary: 'Your language and reminder e-mail choice',
        response: { 200: preferences, ...errorResponses },
      },
    },
    async (request) => getPreferences(ctx, requireActor(request)),
  );

  app.put(
    '/me/preferences',
    {
      schema: {
        tags,
        summary: 'Set your language (en, fr) and turn reminder e-mails on or off',
        body: preferences,
        response: { 200: preferences, ...errorResponses },
      },
    },
    async (request) => putPreferences(ctx, requireActor(request), request.body),
  );

  app.get(
    '/notifications',
    {
      schema: {
        tags,
        summary: 'Your notifications, newest first (unread=true: the unread ones)',
        querystring: notificationsQuery,
        response: { 200: notificationPage, ...errorResponses },
      },
    },
    async (request) => {
      const { unread, limit, cursor } = request.query;
      return listNotifications(ctx, requireActor(request), { unread }, { limit, cursor });
    },
  );

  app.post(
    '/notifications/:id/read',
    {
      schema: {
        tags,
        summary: 'Mark one of your notifications read',
        params: idParams,
        response: { 200: notification, ...errorResponses },
      },
    },
    async (request) => markNotificationRead(ctx, requireActor(request), request.params.id),
  );

  app.post(
    '/notifications/read-all',
    {
      schema: {
        tags,
        summary: 'Mark all your notifications read',
        response: { 200: z.object({ read: z.number().int() }), ...errorResponses },
      },
    },
    async (request) => markAllNotificationsRead(ctx, requireActor(request)),
  );

  // RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" (form-encoded) without a
  // sign-in; the GET shows a page whose button does the same POST. A scoped parser keeps form
  // bodies out of every other route.
  void app.register(async (scope: ZodApp) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    scope.post(
      '/reminders/unsubscribe',
      {
        schema: {
          tags,
          summary:
            'One-click unsubscribe from reminder e-mails (RFC 8058), with the signed token of the e-mail; no sign-in',
          querystring: unsubscribeQuery,
          security: [],
          response: { 200: z.object({ emailReminders: z.literal(false) }), ...errorResponses },
        },
      },
      async (request) => unsubscribeFromReminders(ctx, request.query.token),
    );
    scope.get(
      '/reminders/unsubscribe',
      {
        schema: {
          tags,
          summary: 'The page of the unsubscribe link',
          querystring: unsubscribeQuery,
          security: [],
          response: {
            200: {
              description: 'An HTML page with the button that turns reminder e-mails off',
              content: { 'text/html': { schema: z.any().meta({ type: 'string' }) } },
            },
            400: errorResponses[400],
            401: errorResponses[401],
          },
        },
      },
      async (request, reply) => {
        const page = h(
          'html',
          { lang: 'en' },
          h('head', null, h('meta', { charSet: 'utf-8' }), h('title', null, 'SAPS reminder e-mails')),
          h(
            'body',
            { style: { fontFamily: 'sans-serif', maxWidth: '36em', margin: '3em auto' } },
            h('h1', null, 'Reminder e-mails / E-mails de rappel'),
            h('p', null, 'Turn off reminder e-mails of approaching deadlines? Notices of changes still reach you.'),
            h(
              'p',
              { lang: 'fr' },
              'Désactiver les e-mails de rappel des échéances ? Les avis de changement vous parviennent toujours.',
            ),
            h(
              'form',
              { method: 'post', action: `?token=${encodeURIComponent(request.query.token)}` },
              h('input', { type: 'hidden', name: 'List-Unsubscribe', value: 'One-Click' }),
              h('button', { type: 'submit' }, 'Turn reminders off / Désactiver les rappels'),
            ),
          ),
        );
        return reply.type('text/html; charset=utf-8').send(`<!doctype html>${renderToStaticMarkup(page)}`);
      },
    );
  });
}
