import { z } from 'zod';
import { acceptInvitation } from '../../app/auth/accept-invitation.js';
import { login } from '../../app/auth/login.js';
import { logout } from '../../app/auth/logout.js';
import { getMe } from '../../app/organizations/get-me.js';
import { clearSessionCookies, requireActor, setSessionCookies } from '../plugins/authentication.js';
import type { RouteDeps, ZodApp } from '../route-types.js';
import { acceptInvitationRequest, loginRequest, loginResponse, user } from '../schemas/auth.js';
import { errorResponses } from '../schemas/common.js';

export function authRoutes(app: ZodApp, { ctx }: RouteDeps): void {
  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in: returns a bearer token and sets the session cookie',
        body: loginRequest,
        response: { 200: loginResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await login(ctx, { ...request.body, ip: request.ip });
      setSessionCookies(request, reply, result);
      return result;
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out: the session cookie and its token stop working at once',
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await logout(ctx, requireActor(request));
      clearSessionCookies(reply);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/invitations/accept',
    {
      schema: {
        tags: ['auth'],
        summary: 'Set a password with an invitation token (single use, 7 days)',
        body: acceptInvitationRequest,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await acceptInvitation(ctx, request.body);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: user, ...errorResponses } },
    },
    async (request) => getMe(ctx, requireActor(request)),
  );
}
