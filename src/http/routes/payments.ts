import { approvePaymentRequest } from '../../app/payments/approve-payment-request.js';
import { denyPaymentRequest } from '../../app/payments/deny-payment-request.js';
import { payPaymentRequest } from '../../app/payments/pay-payment-request.js';
import { getPaymentRequest, listPaymentRequests } from '../../app/payments/read-payment-requests.js';
import { submitPaymentRequest } from '../../app/payments/submit-payment-request.js';
import { requireActor } from '../plugins/authentication.js';
import type { RouteDeps, ZodApp } from '../route-types.js';
import { errorResponses, idParams, pageOf } from '../schemas/common.js';
import {
  denialRequest,
  listPaymentRequestsQuery,
  paymentRecordRequest,
  paymentRequest,
  submitPaymentRequestRequest,
} from '../schemas/payments.js';

export function paymentRoutes(app: ZodApp, { ctx }: RouteDeps): void {
  app.post(
    '/payment-requests',
    {
      schema: {
        tags: ['payments'],
        summary: 'Submit a payment request for redeemed vouchers of one delivery country (partner admin)',
        body: submitPaymentRequestRequest,
        response: { 201: paymentRequest, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await submitPaymentRequest(ctx, requireActor(request), request.body)),
  );

  app.get(
    '/payment-requests',
    {
      schema: {
        tags: ['payments'],
        summary: 'Payment requests, newest first: a partner its own, operators all',
        querystring: listPaymentRequestsQuery,
        response: { 200: pageOf(paymentRequest), ...errorResponses },
      },
    },
    async (request) => {
      const { limit, cursor, overdue, ...filter } = request.query;
      return listPaymentRequests(
        ctx,
        requireActor(request),
        { ...filter, overdue: overdue === undefined ? undefined : overdue === 'true' },
        { limit, cursor },
      );
    },
  );

  app.get(
    '/payment-requests/:id',
    {
      schema: {
        tags: ['payments'],
        summary: 'One payment request with its vouchers',
        params: idParams,
        response: { 200: paymentRequest, ...errorResponses },
      },
    },
    async (request) => getPaymentRequest(ctx, requireActor(request), request.params.id),
  );

  app.post(
    '/payment-requests/:id/approval',
    {
      schema: {
        tags: ['payments'],
        summary: 'Approve a submitted payment request (finance)',
        params: idParams,
        response: { 200: paymentRequest, ...errorResponses },
      },
    },
    async (request) => approvePaymentRequest(ctx, requireActor(request), request.params.id),
  );

  app.post(
    '/payment-requests/:id/denial',
    {
      schema: {
        tags: ['payments'],
        summary: 'Deny a submitted payment request with a reason (finance); its vouchers are freed',
        params: idParams,
        body: denialRequest,
        response: { 200: paymentRequest, ...errorResponses },
      },
    },
    async (request) => denyPaymentRequest(ctx, requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/payment-requests/:id/payment',
    {
      schema: {
        tags: ['payments'],
        summary: 'Mark an approved payment request paid (finance)',
        params: idParams,
        body: paymentRecordRequest,
        response: { 200: paymentRequest, ...errorResponses },
      },
    },
    async (request) => payPaymentRequest(ctx, requireActor(request), request.params.id, request.body),
  );
}
