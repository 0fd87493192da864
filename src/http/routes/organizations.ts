import { createOrganization } from '../../app/organizations/create-organization.js';
import { createUser } from '../../app/organizations/create-user.js';
import { getOrganization, listOrganizations } from '../../app/organizations/list-organizations.js';
import { requireActor } from '../plugins/authentication.js';
import type { RouteDeps, ZodApp } from '../route-types.js';
import { user } from '../schemas/auth.js';
import { errorResponses, idParams, pageOf } from '../schemas/common.js';
import {
  createOrganizationRequest,
  createUserRequest,
  listOrganizationsQuery,
  organization,
} from '../schemas/organizations.js';

export function organizationRoutes(app: ZodApp, { ctx, options }: RouteDeps): void {
  app.post(
    '/organizations',
    {
      schema: {
        tags: ['organizations'],
        summary: 'Register a customer or partner organisation (operator admin)',
        body: createOrganizationRequest,
        response: { 201: organization, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createOrganization(ctx, requireActor(request), request.body)),
  );

  app.get(
    '/organizations',
    {
      schema: {
        tags: ['organizations'],
        summary: 'Organisations: all for operators (filter by kind), otherwise your own',
        querystring: listOrganizationsQuery,
        response: { 200: pageOf(organization), ...errorResponses },
      },
    },
    async (request) => {
      const { kind, limit, cursor } = request.query;
      return listOrganizations(ctx, requireActor(request), { kind }, { limit, cursor });
    },
  );

  app.get(
    '/organizations/:id',
    {
      schema: {
        tags: ['organizations'],
        summary: 'One organisation',
        params: idParams,
        response: { 200: organization, ...errorResponses },
      },
    },
    async (request) => getOrganization(ctx, requireActor(request), request.params.id),
  );

  app.post(
    '/organizations/:id/users',
    {
      schema: {
        tags: ['organizations'],
        summary: 'Add a user; without a password, an invitation e-mail is sent',
        params: idParams,
        body: createUserRequest,
        response: { 201: user, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await createUser(ctx, requireActor(request), request.params.id, request.body, {
          publicUrl: options.publicUrl,
        }),
      ),
  );
}
