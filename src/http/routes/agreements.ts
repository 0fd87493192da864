import { createAgreement } from '../../app/agreements/create-agreement.js';
import { accrueDays } from '../../app/agreements/accrue-days.js';
import { activateBenefit } from '../../app/agreements/activate-benefit.js';
import { adjustDays } from '../../app/agreements/adjust-days.js';
import { convertTrainingDays } from '../../app/agreements/convert-training-days.js';
import { getAgreement, listAgreements, listLedger } from '../../app/agreements/read-agreements.js';
import { requireActor } from '../plugins/authentication.js';
import type { RouteDeps, ZodApp } from '../route-types.js';
import {
  accrualRequest,
  adjustmentRequest,
  agreement,
  createAgreementRequest,
  ledgerEntry,
  listAgreementsQuery,
  trainingConversionRequest,
} from '../schemas/agreements.js';
import { errorResponses, idParams, pageOf, pageQuery } from '../schemas/common.js';

export function agreementRoutes(app: ZodApp, { ctx }: RouteDeps): void {
  const tags = ['agreements'];

  app.post(
    '/organizations/:id/agreements',
    {
      schema: {
        tags,
        summary: 'Register a customer licence agreement (operator admin)',
        params: idParams,
        body: createAgreementRequest,
        response: { 201: agreement, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createAgreement(ctx, requireActor(request), request.params.id, request.body)),
  );

  app.get(
    '/agreements',
    {
      schema: {
        tags,
        summary: 'Agreements with their balance: your own, or all for operators (filter by organizationId)',
        querystring: listAgreementsQuery,
        response: { 200: pageOf(agreement), ...errorResponses },
      },
    },
    async (request) => {
      const { organizationId, limit, cursor } = request.query;
      return listAgreements(ctx, requireActor(request), { organizationId }, { limit, cursor });
    },
  );

  app.get(
    '/agreements/:id',
    { schema: { tags, summary: 'One agreement', params: idParams, response: { 200: agreement, ...errorResponses } } },
    async (request) => getAgreement(ctx, requireActor(request), request.params.id),
  );

  app.get(
    '/agreements/:id/ledger',
    {
      schema: {
        tags,
        summary: 'The days ledger of an agreement, newest first',
        params: idParams,
        querystring: pageQuery,
        response: { 200: pageOf(ledgerEntry), ...errorResponses },
      },
    },
    async (request) => listLedger(ctx, requireActor(request), request.params.id, request.query),
  );

  app.post(
    '/agreements/:id/accruals',
    {
      schema: {
        tags,
        summary: 'Accrue planning days (operator admin; refused from the accrual end date)',
        params: idParams,
        body: accrualRequest,
        response: { 201: ledgerEntry, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await accrueDays(ctx, requireActor(request), request.params.id, request.body)),
  );

  app.post(
    '/agreements/:id/activation',
    {
      schema: {
        tags,
        summary: 'Activate the Planning Services benefit (benefit admin)',
        params: idParams,
        response: { 200: agreement, ...errorResponses },
      },
    },
    async (request) => activateBenefit(ctx, requireActor(request), request.params.id),
  );

  app.post(
    '/agreements/:id/training-conversions',
    {
      schema: {
        tags,
        summary: 'Convert training days into planning days (benefit admin; refused from the conversion end date)',
        params: idParams,
        body: trainingConversionRequest,
        response: { 201: ledgerEntry, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await convertTrainingDays(ctx, requireActor(request), request.params.id, request.body)),
  );

  app.post(
    '/agreements/:id/adjustments',
    {
      schema: {
        tags,
        summary: 'Correct the balance with a reason (operator admin)',
        params: idParams,
        body: adjustmentRequest,
        response: { 201: ledgerEntry, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await adjustDays(ctx, requireActor(request), request.params.id, request.body)),
  );
}
