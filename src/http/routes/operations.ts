import { requireRole } from '../../app/access.js';
import { sendDueReminders } from '../../app/notifications/send-due-reminders.js';
import { getCloseOut } from '../../app/operations/close-out.js';
import { getDashboard } from '../../app/operations/dashboard.js';
import { extendVouchers } from '../../app/operations/extend-vouchers.js';
import { listAuditEvents } from '../../app/operations/list-audit-events.js';
import { runSweepAsOperator } from '../../app/operations/run-sweep.js';
import { simulateAt } from '../../app/operations/simulate-at.js';
import { requireActor } from '../plugins/authentication.js';
import type { RouteDeps, ZodApp } from '../route-types.js';
import { closeOut, closeOutQuery } from '../schemas/close-out.js';
import { errorResponses, pageOf } from '../schemas/common.js';
import {
  auditEvent,
  auditEventsQuery,
  dashboard,
  extensionRequest,
  simulation,
  simulationQuery,
  sweepResult,
} from '../schemas/operations.js';
import { z } from 'zod';

export function operationRoutes(app: ZodApp, { ctx, options }: RouteDeps): void {
  const tags = ['operations'];

  app.post(
    '/admin/sweeps',
    {
      schema: {
        tags,
        summary:
          'Run the sweep now: expire vouchers (return or forfeit their days), remove remaining days on the removal date (operator admin)',
        response: {
          200: sweepResult.extend({ remindersSent: z.number().int().describe('reminders of due deadlines sent now') }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const swept = await runSweepAsOperator(ctx, requireActor(request));
      // The reminders due now go out with the sweep (api.md); each is sent once whoever runs it.
      const { remindersSent } = await sendDueReminders(ctx, { publicUrl: options.publicUrl });
      return { ...swept, remindersSent };
    },
  );

  app.post(
    '/admin/extensions',
    {
      schema: {
        tags,
        summary: 'Extend the live vouchers of a program created before a date by N days (operator admin)',
        body: extensionRequest,
        response: { 200: z.object({ extended: z.number().int() }), ...errorResponses },
      },
    },
    async (request) => extendVouchers(ctx, requireActor(request), request.body),
  );

  app.get(
    '/admin/simulation',
    {
      schema: {
        tags,
        summary: 'Dry run: what the sweep and the calendar would do at an instant; changes nothing (operator admin)',
        querystring: simulationQuery,
        response: { 200: simulation, ...errorResponses },
      },
    },
    async (request) => {
      requireRole(requireActor(request), 'operator_admin');
      return simulateAt(ctx, request.query.at);
    },
  );

  app.get(
    '/admin/dashboard',
    {
      schema: {
        tags,
        summary:
          'Days by outcome, vouchers by status, payment liability by stage, deadlines of the next 30 days (operators)',
        response: { 200: dashboard, ...errorResponses },
      },
    },
    async (request) => getDashboard(ctx, requireActor(request)),
  );

  app.get(
    '/admin/close-out',
    {
      schema: {
        tags,
        summary:
          'The close-out report of a program: days, money by country and currency, the equations of invariant 1 with both sides, and the agreements that break them (operator admin, finance)',
        querystring: closeOutQuery,
        response: { 200: closeOut, ...errorResponses },
      },
    },
    async (request) => getCloseOut(ctx, requireActor(request), request.query.programId),
  );

  app.get(
    '/audit-events',
    {
      schema: {
        tags,
        summary: 'Audit records: all for operators, your organisation\u2019s otherwise; newest first',
        querystring: auditEventsQuery,
        response: { 200: pageOf(auditEvent), ...errorResponses },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return listAuditEvents(ctx, requireActor(request), filter, { limit, cursor });
    },
  );
}
