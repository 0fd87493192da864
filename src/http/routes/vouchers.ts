import { cancelVoucher } from '../../app/vouchers/cancel-voucher.js';
import { changeProjectManager } from '../../app/vouchers/change-project-manager.js';
import { completeVoucher } from '../../app/vouchers/complete-voucher.js';
import { createVoucher } from '../../app/vouchers/create-voucher.js';
import { getVoucher, listVouchers } from '../../app/vouchers/read-vouchers.js';
import { redeemVoucher } from '../../app/vouchers/redeem-voucher.js';
import { releaseReservation } from '../../app/vouchers/release-reservation.js';
import { reserveVoucher } from '../../app/vouchers/reserve-voucher.js';
import { validateVoucher } from '../../app/vouchers/validate-voucher.js';
import { requireActor } from '../plugins/authentication.js';
import type { RouteDeps, ZodApp } from '../route-types.js';
import { errorResponses, idParams, pageOf } from '../schemas/common.js';
import {
  changeProjectManagerRequest,
  completionReportRequest,
  createVoucherRequest,
  listVouchersQuery,
  reservationRequest,
  voucher,
  voucherValidation,
  voucherValidationRequest,
} from '../schemas/vouchers.js';

export function voucherRoutes(app: ZodApp, { ctx }: RouteDeps): void {
  const tags = ['vouchers'];
  const one = { params: idParams, response: { 200: voucher, ...errorResponses } };

  app.post(
    '/vouchers',
    {
      schema: {
        tags,
        summary:
          'Create and assign a voucher: the days are allocated and the code e-mailed to the project manager (benefit admin)',
        body: createVoucherRequest,
        response: { 201: voucher, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createVoucher(ctx, requireActor(request), request.body)),
  );

  app.get(
    '/vouchers',
    {
      schema: {
        tags,
        summary: 'Vouchers you may see: a customer its own, a partner those it reserved, operators all',
        querystring: listVouchersQuery,
        response: { 200: pageOf(voucher), ...errorResponses },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return listVouchers(ctx, requireActor(request), filter, { limit, cursor });
    },
  );

  app.get('/vouchers/:id', { schema: { tags, summary: 'One voucher with its deadlines', ...one } }, async (request) =>
    getVoucher(ctx, requireActor(request), request.params.id),
  );

  app.put(
    '/vouchers/:id/project-manager',
    {
      schema: {
        tags,
        summary: 'Change the project manager until reservation (benefit admin)',
        body: changeProjectManagerRequest,
        ...one,
      },
    },
    async (request) => changeProjectManager(ctx, requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/vouchers/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel an unreserved voucher; its days return or are forfeited (benefit admin)',
        ...one,
      },
    },
    async (request) => cancelVoucher(ctx, requireActor(request), request.params.id),
  );

  app.post(
    '/voucher-validations',
    {
      schema: {
        tags,
        summary: 'Validate a voucher with its code and the customer benefit admin e-mail (partner admin; rate-limited)',
        body: voucherValidationRequest,
        response: { 200: voucherValidation, ...errorResponses },
      },
    },
    async (request) => validateVoucher(ctx, requireActor(request), request.body),
  );

  app.post(
    '/vouchers/:id/reservation',
    {
      schema: {
        tags,
        summary: 'Reserve: accept the terms, pick the location (delivery country) and planned dates (partner admin)',
        body: reservationRequest,
        ...one,
      },
    },
    async (request) => reserveVoucher(ctx, requireActor(request), request.params.id, request.body),
  );

  app.delete(
    '/vouchers/:id/reservation',
    {
      schema: { tags, summary: 'Release the reservation: back to assigned, expiry unchanged (partner admin)', ...one },
    },
    async (request) => releaseReservation(ctx, requireActor(request), request.params.id),
  );

  app.post(
    '/vouchers/:id/completion-report',
    {
      schema: {
        tags,
        summary: 'File the completion report with the uploaded deliverable (partner admin or consultant)',
        body: completionReportRequest,
        ...one,
      },
    },
    async (request) => completeVoucher(ctx, requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/vouchers/:id/redemption',
    {
      schema: {
        tags,
        summary: 'Redeem the voucher; sets the last day for the payment request (partner admin)',
        ...one,
      },
    },
    async (request) => redeemVoucher(ctx, requireActor(request), request.params.id),
  );
}
