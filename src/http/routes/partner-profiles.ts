import { getProfile, putProfile } from '../../app/partners/put-profile.js';
import { listPaymentRegistrations } from '../../app/partners/read-partner.js';
import { registerForPayments } from '../../app/partners/register-for-payments.js';
import { searchDirectory } from '../../app/partners/search-directory.js';
import { requireActor } from '../plugins/authentication.js';
import type { RouteDeps, ZodApp } from '../route-types.js';
import { errorResponses, pageOf } from '../schemas/common.js';
import {
  directoryEntry,
  directoryQuery,
  listOf,
  partnerParams,
  paymentRegistration,
  paymentRegistrationRequest,
  profile,
  profileRequest,
} from '../schemas/partners.js';

const tags = ['partners'];

/** Business profile, partner directory and payment registration (registered by `partnerRoutes`). */
export function partnerProfileRoutes(app: ZodApp, { ctx }: RouteDeps): void {
  app.put(
    '/partners/:id/profile',
    {
      schema: {
        tags,
        summary: 'Set the business profile customers find in the directory (global admin, partner admin)',
        params: partnerParams,
        body: profileRequest,
        response: { 200: profile, ...errorResponses },
      },
    },
    async (request) => putProfile(ctx, requireActor(request), request.params.id, request.body),
  );

  app.get(
    '/partners/:id/profile',
    {
      schema: {
        tags,
        summary: 'A partner business profile (also readable by customers)',
        params: partnerParams,
        response: { 200: profile, ...errorResponses },
      },
    },
    async (request) => getProfile(ctx, requireActor(request), request.params.id),
  );

  app.get(
    '/partner-directory',
    {
      schema: {
        tags,
        summary: 'Find enrolled partners by offering, country, language and free text (ranked)',
        querystring: directoryQuery,
        response: { 200: pageOf(directoryEntry), ...errorResponses },
      },
    },
    async (request) => searchDirectory(ctx, requireActor(request), request.query),
  );

  app.post(
    '/partners/:id/payment-registrations',
    {
      schema: {
        tags,
        summary: 'Register for payments in a program, after the first redemption (global admin)',
        description: 'Registering again returns the existing registration with 200.',
        params: partnerParams,
        body: paymentRegistrationRequest,
        response: { 200: paymentRegistration, 201: paymentRegistration, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await registerForPayments(ctx, requireActor(request), request.params.id, request.body);
      return reply.code(result.created ? 201 : 200).send(result.registration);
    },
  );

  app.get(
    '/partners/:id/payment-registrations',
    {
      schema: {
        tags,
        summary: 'The programs the partner is registered for payments in',
        params: partnerParams,
        response: { 200: listOf(paymentRegistration), ...errorResponses },
      },
    },
    async (request) => ({
      items: await listPaymentRegistrations(ctx, requireActor(request), request.params.id),
      nextCursor: null,
    }),
  );
}
