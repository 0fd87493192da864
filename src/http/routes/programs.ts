import { z } from 'zod';
import { createEngagementType } from '../../app/programs/create-engagement-type.js';
import { createProgram } from '../../app/programs/create-program.js';
import {
  getProgram,
  getProgramAgreement,
  listEngagementTypes,
  listPrograms,
  listRates,
} from '../../app/programs/read-programs.js';
import { setRate } from '../../app/programs/set-rate.js';
import { createOffering } from '../../app/programs/create-offering.js';
import { listOfferings } from '../../app/programs/list-offerings.js';
import { publishProgramAgreement } from '../../app/programs/publish-program-agreement.js';
import { requireActor } from '../plugins/authentication.js';
import type { RouteDeps, ZodApp } from '../route-types.js';
import { errorResponses, idParams, pageOf, pageQuery } from '../schemas/common.js';
import {
  createEngagementTypeRequest,
  createOfferingRequest,
  offering,
  publishAgreementRequest,
  createProgramRequest,
  engagementType,
  program,
  programAgreement,
  rate,
  rateParams,
  setRateRequest,
} from '../schemas/programs.js';

export function programRoutes(app: ZodApp, { ctx }: RouteDeps): void {
  app.post(
    '/programs',
    {
      schema: {
        tags: ['programs'],
        summary: 'Create a program with its own calendar and time zone (operator admin)',
        body: createProgramRequest,
        response: { 201: program, ...errorResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await createProgram(ctx, requireActor(request), request.body)),
  );

  app.get(
    '/programs',
    {
      schema: {
        tags: ['programs'],
        summary: 'Programs',
        querystring: pageQuery,
        response: { 200: pageOf(program), ...errorResponses },
      },
    },
    async (request) => {
      requireActor(request);
      return listPrograms(ctx, request.query);
    },
  );

  app.get(
    '/programs/:id',
    {
      schema: {
        tags: ['programs'],
        summary: 'One program',
        params: idParams,
        response: { 200: program, ...errorResponses },
      },
    },
    async (request) => {
      requireActor(request);
      return getProgram(ctx, request.params.id);
    },
  );

  app.get(
    '/programs/:id/engagement-types',
    {
      schema: {
        tags: ['programs'],
        summary: 'The engagement types of a program, by offering',
        params: idParams,
        response: { 200: z.object({ items: z.array(engagementType), nextCursor: z.null() }), ...errorResponses },
      },
    },
    async (request) => {
      requireActor(request);
      return { items: await listEngagementTypes(ctx, request.params.id), nextCursor: null };
    },
  );

  app.post(
    '/programs/:id/engagement-types',
    {
      schema: {
        tags: ['programs'],
        summary: 'Add an engagement type (operator admin)',
        params: idParams,
        body: createEngagementTypeRequest,
        response: { 201: engagementType, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createEngagementType(ctx, requireActor(request), request.params.id, request.body)),
  );

  app.get(
    '/programs/:id/offerings',
    {
      schema: {
        tags: ['programs'],
        summary: 'The offerings of a program (DDPS, SDPS, …) with their qualifying competencies',
        params: idParams,
        response: { 200: z.object({ items: z.array(offering), nextCursor: z.null() }), ...errorResponses },
      },
    },
    async (request) => {
      requireActor(request);
      return { items: await listOfferings(ctx, request.params.id), nextCursor: null };
    },
  );

  app.post(
    '/programs/:id/offerings',
    {
      schema: {
        tags: ['programs'],
        summary: 'Add an offering (operator admin)',
        params: idParams,
        body: createOfferingRequest,
        response: { 201: offering, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createOffering(ctx, requireActor(request), request.params.id, request.body)),
  );

  app.post(
    '/programs/:id/agreement',
    {
      schema: {
        tags: ['programs'],
        summary:
          'Publish a new version of the program agreement; partners sign it again before new enrolments (operator admin)',
        params: idParams,
        body: publishAgreementRequest,
        response: { 201: programAgreement, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await publishProgramAgreement(ctx, requireActor(request), request.params.id, request.body)),
  );

  app.get(
    '/programs/:id/agreement',
    {
      schema: {
        tags: ['programs'],
        summary: 'The current program agreement',
        params: idParams,
        response: { 200: programAgreement, ...errorResponses },
      },
    },
    async (request) => {
      requireActor(request);
      return getProgramAgreement(ctx, request.params.id);
    },
  );

  app.get(
    '/programs/:id/rates',
    {
      schema: {
        tags: ['programs'],
        summary: 'The rate card: daily rate per delivery country',
        params: idParams,
        response: { 200: z.object({ items: z.array(rate), nextCursor: z.null() }), ...errorResponses },
      },
    },
    async (request) => {
      requireActor(request);
      return { items: await listRates(ctx, request.params.id), nextCursor: null };
    },
  );

  app.put(
    '/programs/:id/rates/:country',
    {
      schema: {
        tags: ['programs'],
        summary: 'Set the daily rate for a delivery country (operator admin)',
        params: rateParams,
        body: setRateRequest,
        response: { 200: rate, ...errorResponses },
      },
    },
    async (request) => setRate(ctx, requireActor(request), request.params.id, request.params.country, request.body),
  );
}
