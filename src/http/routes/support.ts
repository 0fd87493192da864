import { closeServiceRequest, replyToServiceRequest } from '../../app/support/answer-service-request.js';
import { createServiceRequest, getServiceRequest, listServiceRequests } from '../../app/support/service-requests.js';
import { listSupportContacts, putSupportContacts } from '../../app/support/support-contacts.js';
import { requireActor } from '../plugins/authentication.js';
import type { RouteDeps, ZodApp } from '../route-types.js';
import { errorResponses, idParams, pageOf } from '../schemas/common.js';
import {
  createServiceRequest as createServiceRequestBody,
  putSupportContacts as putSupportContactsBody,
  serviceRequest,
  serviceRequestReplyInput,
  serviceRequestsQuery,
  supportContactList,
} from '../schemas/support.js';

export function supportRoutes(app: ZodApp, { ctx, options }: RouteDeps): void {
  const tags = ['support'];

  app.get(
    '/programs/:id/support-contacts',
    {
      schema: {
        tags,
        summary: 'The program\u2019s support contacts by region, and the one that serves you',
        params: idParams,
        response: { 200: supportContactList, ...errorResponses },
      },
    },
    async (request) => listSupportContacts(ctx, requireActor(request), request.params.id),
  );

  app.put(
    '/programs/:id/support-contacts',
    {
      schema: {
        tags,
        summary: 'Replace the program\u2019s support contacts, in order (operator admin)',
        params: idParams,
        body: putSupportContactsBody,
        response: { 200: supportContactList, ...errorResponses },
      },
    },
    async (request) => putSupportContacts(ctx, requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/service-requests',
    {
      schema: {
        tags,
        summary: 'Ask program operations a question, optionally about a voucher or payment request',
        body: createServiceRequestBody,
        response: { 201: serviceRequest, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createServiceRequest(ctx, requireActor(request), request.body)),
  );

  app.get(
    '/service-requests',
    {
      schema: {
        tags,
        summary: 'Service requests: your organisation\u2019s, or all for operators (the queue); newest first',
        querystring: serviceRequestsQuery,
        response: { 200: pageOf(serviceRequest), ...errorResponses },
      },
    },
    async (request) => {
      const { status, limit, cursor } = request.query;
      return listServiceRequests(ctx, requireActor(request), { status }, { limit, cursor });
    },
  );

  app.get(
    '/service-requests/:id',
    {
      schema: {
        tags,
        summary: 'One service request with its replies',
        params: idParams,
        response: { 200: serviceRequest, ...errorResponses },
      },
    },
    async (request) => getServiceRequest(ctx, requireActor(request), request.params.id),
  );

  app.post(
    '/service-requests/:id/replies',
    {
      schema: {
        tags,
        summary:
          'Reply: an operator\u2019s reply sets it answered and tells the requester; the requester\u2019s sets it open',
        params: idParams,
        body: serviceRequestReplyInput,
        response: { 201: serviceRequest, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await replyToServiceRequest(ctx, requireActor(request), request.params.id, request.body, {
          publicUrl: options.publicUrl,
        }),
      ),
  );

  app.post(
    '/service-requests/:id/closure',
    {
      schema: {
        tags,
        summary: 'Close a service request',
        params: idParams,
        response: { 200: serviceRequest, ...errorResponses },
      },
    },
    async (request) => closeServiceRequest(ctx, requireActor(request), request.params.id),
  );
}
