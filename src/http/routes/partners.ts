import { z } from 'zod';
import { addCompetency } from '../../app/partners/add-competency.js';
import { addLocation } from '../../app/partners/add-location.js';
import { deleteCompetency } from '../../app/partners/delete-competency.js';
import { enroll } from '../../app/partners/enroll.js';
import { getEligibility } from '../../app/partners/get-eligibility.js';
import type { Requirement } from '../../domain/eligibility.js';
import { render } from '../../domain/messages.js';
import type { Language } from '../../domain/notice-format.js';
import { requestLanguage } from '../language.js';
import { importCompetencies, localisedSkipped } from '../../app/partners/import-competencies.js';
import {
  listCompetencies,
  listConsultants,
  listEnrollments,
  listLocations,
  listSignatures,
} from '../../app/partners/read-partner.js';
import { recordExam } from '../../app/partners/record-exam.js';
import { signProgramAgreement } from '../../app/partners/sign-program-agreement.js';
import { requireActor } from '../plugins/authentication.js';
import type { RouteDeps, ZodApp } from '../route-types.js';
import { errorResponses } from '../schemas/common.js';
import {
  addCompetencyRequest,
  addLocationRequest,
  competency,
  competencyParams,
  consultant,
  consultantParams,
  eligibilityQuery,
  enrollment,
  enrollRequest,
  exam,
  importCompetenciesRequest,
  importCompetenciesResponse,
  listOf,
  location,
  offeringEligibility,
  partnerParams,
  recordExamRequest,
  signAgreementRequest,
  signature,
} from '../schemas/partners.js';
import { organizationUserRoutes } from './organization-users.js';
import { partnerProfileRoutes } from './partner-profiles.js';
import { passwordResetRoutes } from './password-reset.js';

const tags = ['partners'];

/** A requirement's label and what is missing, in `language` (the catalogue's texts). */
function localisedRequirements(requirements: Requirement[], language: Language): Requirement[] {
  return requirements.map((r) => ({
    ...r,
    label: r.labelText ? render(r.labelText, language) : r.label,
    ...(r.missing !== undefined ? { missing: r.missingText ? render(r.missingText, language) : r.missing } : {}),
  }));
}

/**
 * Partner onboarding and self-service (issue 4): competencies, locations, consultants, the
 * program agreement, enrolment and the eligibility view here; profiles, the directory and
 * payment registration in `partner-profiles.ts`; organisations' people and password reset in
 * their own files. `{id}` is the partner organisation's id.
 */
export function partnerRoutes(app: ZodApp, deps: RouteDeps): void {
  const { ctx } = deps;

  app.post(
    '/partners/:id/competencies',
    {
      schema: {
        tags,
        summary: 'Record a competency the partner holds (operator admin)',
        params: partnerParams,
        body: addCompetencyRequest,
        response: { 201: competency, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addCompetency(ctx, requireActor(request), request.params.id, request.body)),
  );

  app.get(
    '/partners/:id/competencies',
    {
      schema: {
        tags,
        summary: 'The competencies the partner holds',
        params: partnerParams,
        response: { 200: listOf(competency), ...errorResponses },
      },
    },
    async (request) => ({
      items: await listCompetencies(ctx, requireActor(request), request.params.id),
      nextCursor: null,
    }),
  );

  app.delete(
    '/partners/:id/competencies/:competencyId',
    {
      schema: {
        tags,
        summary: 'Remove a competency (operator admin)',
        params: competencyParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteCompetency(ctx, requireActor(request), request.params.id, request.params.competencyId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/partners/:id/competencies/import',
    {
      schema: {
        tags,
        summary: 'Import competencies from CSV, atomically or partially (operator admin)',
        description:
          'Each row is validated. `atomic`: any bad row refuses the whole file with 400 validation-failed, ' +
          'one error per bad row (`body.csv.row<N>`). `partial`: the good rows are imported and the others ' +
          'reported in `skipped`.',
        params: partnerParams,
        body: importCompetenciesRequest,
        response: { 200: importCompetenciesResponse, ...errorResponses },
      },
    },
    async (request) => {
      const report = await importCompetencies(ctx, requireActor(request), request.params.id, request.body);
      // The reasons in the reader's language, as a problem's would be (decision 028).
      return { ...report, skipped: localisedSkipped(report.skipped, await requestLanguage(request, ctx)) };
    },
  );

  app.post(
    '/partners/:id/locations',
    {
      schema: {
        tags,
        summary: 'Add a location; at most one per country',
        params: partnerParams,
        body: addLocationRequest,
        response: { 201: location, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addLocation(ctx, requireActor(request), request.params.id, request.body)),
  );

  app.get(
    '/partners/:id/locations',
    {
      schema: {
        tags,
        summary: 'The partner locations',
        params: partnerParams,
        response: { 200: listOf(location), ...errorResponses },
      },
    },
    async (request) => ({
      items: await listLocations(ctx, requireActor(request), request.params.id),
      nextCursor: null,
    }),
  );

  app.get(
    '/partners/:id/consultants',
    {
      schema: {
        tags,
        summary: 'The consultants with the exams they passed',
        params: partnerParams,
        response: { 200: listOf(consultant), ...errorResponses },
      },
    },
    async (request) => ({
      items: await listConsultants(ctx, requireActor(request), request.params.id),
      nextCursor: null,
    }),
  );

  app.post(
    '/partners/:id/consultants/:userId/exams',
    {
      schema: {
        tags,
        summary: 'Record an exam a consultant passed (partner admin, global admin or operator admin)',
        params: consultantParams,
        body: recordExamRequest,
        response: { 201: exam, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await recordExam(ctx, requireActor(request), request.params.id, request.params.userId, request.body)),
  );

  app.post(
    '/partners/:id/program-agreement',
    {
      schema: {
        tags,
        summary: 'Sign the current program agreement (global admin); signer, time and IP are kept',
        description: 'Signing a version that was already signed returns that signature with 200.',
        params: partnerParams,
        body: signAgreementRequest,
        response: { 200: signature, 201: signature, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await signProgramAgreement(ctx, requireActor(request), request.params.id, {
        ...request.body,
        ip: request.ip,
      });
      return reply.code(result.created ? 201 : 200).send(result.signature);
    },
  );

  app.get(
    '/partners/:id/program-agreement',
    {
      schema: {
        tags,
        summary: 'The program agreement versions the partner signed',
        params: partnerParams,
        response: { 200: listOf(signature), ...errorResponses },
      },
    },
    async (request) => ({
      items: await listSignatures(ctx, requireActor(request), request.params.id),
      nextCursor: null,
    }),
  );

  app.post(
    '/partners/:id/enrollments',
    {
      schema: {
        tags,
        summary: 'Enrol in an offering, or renew the enrolment for one year (global admin, partner admin)',
        description: '201 for a new enrolment; 200 when it renews one (validUntil one year from now).',
        params: partnerParams,
        body: enrollRequest,
        response: { 200: enrollment, 201: enrollment, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await enroll(ctx, requireActor(request), request.params.id, request.body);
      return reply.code(result.renewed ? 200 : 201).send(result.enrollment);
    },
  );

  app.get(
    '/partners/:id/enrollments',
    {
      schema: {
        tags,
        summary: 'The partner enrolments',
        params: partnerParams,
        response: { 200: listOf(enrollment), ...errorResponses },
      },
    },
    async (request) => ({
      items: await listEnrollments(ctx, requireActor(request), request.params.id),
      nextCursor: null,
    }),
  );

  app.get(
    '/partners/:id/eligibility',
    {
      schema: {
        tags,
        summary: 'Eligibility per offering and engagement type: each requirement met or not',
        description:
          'The same rules decide enrolment, reservation and redemption. With `country`, each engagement ' +
          'type also shows whether the partner has a location in that delivery country.',
        params: partnerParams,
        querystring: eligibilityQuery,
        response: { 200: listOf(offeringEligibility), ...errorResponses },
      },
    },
    async (request, reply) => {
      const items = await getEligibility(ctx, requireActor(request), request.params.id, request.query);
      // "What is missing" in the caller's language (issue 12, M7), as problems are.
      const language = await requestLanguage(request, ctx);
      void reply.header('content-language', language).header('vary', 'Accept-Language');
      const inLanguage = (requirements: Requirement[]) => localisedRequirements(requirements, language);
      return {
        items: items.map((offering) => ({
          ...offering,
          requirements: inLanguage(offering.requirements),
          engagementTypes: offering.engagementTypes.map((type) => ({
            ...type,
            requirements: inLanguage(type.requirements),
          })),
        })),
        nextCursor: null,
      };
    },
  );

  partnerProfileRoutes(app, deps);
  organizationUserRoutes(app, deps);
  passwordResetRoutes(app, deps);
}
