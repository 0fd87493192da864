import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { confirmPasswordReset } from '../../app/auth/confirm-password-reset.js';
import { requestPasswordReset } from '../../app/auth/request-password-reset.js';
import type { RouteDeps, ZodApp } from '../route-types.js';
import { errorResponses } from '../schemas/common.js';
import { confirmPasswordResetRequest, passwordResetRequest } from '../schemas/organization-users.js';

const tags = ['auth'];

/** Password reset by e-mail (issue 4); registered by `partnerRoutes`. No sign-in needed. */
export function passwordResetRoutes(app: ZodApp, { ctx, options }: RouteDeps): void {
  app.post(
    '/auth/password-reset',
    {
      schema: {
        tags,
        summary: 'Ask for a password reset link by e-mail',
        description:
          'Always 202, whether or not the e-mail has an account. An account gets a single-use link valid ' +
          'for one hour. Rate limited per e-mail and per address (429).',
        body: passwordResetRequest,
        // No body at all (not `null`): the answer says nothing but "accepted".
        // `z.null()` documents a response without content; the reply sends no body at all.
        response: { 202: z.null().describe('Accepted; no body'), ...errorResponses },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(ctx, { email: request.body.email, ip: request.ip }, { publicUrl: options.publicUrl });
      // Without a payload Fastify sends no body (the typed reply would serialise `null`).
      return (reply.code(202) as FastifyReply).send();
    },
  );

  app.post(
    '/auth/password-reset/confirm',
    {
      schema: {
        tags,
        summary: 'Set a new password with a reset link token; signs the user out everywhere',
        body: confirmPasswordResetRequest,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await confirmPasswordReset(ctx, request.body);
      return reply.code(204).send(null);
    },
  );
}
