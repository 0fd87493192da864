import { pipeline, Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { stringify } from 'csv-stringify';
import { z } from 'zod';
import { auditEventColumns, exportAuditEvents } from '../../app/exports/export-audit-events.js';
import { closeOutColumns, exportCloseOut } from '../../app/exports/export-close-out.js';
import { exportLedger, ledgerColumns } from '../../app/exports/export-ledger.js';
import { exportPaymentRequests, paymentRequestColumns } from '../../app/exports/export-payment-requests.js';
import { exportVouchers, voucherColumns, type ExportRow } from '../../app/exports/export-vouchers.js';
import { requireActor } from '../plugins/authentication.js';
import type { RouteDeps, ZodApp } from '../route-types.js';
import { errorResponses, id } from '../schemas/common.js';
import { closeOutQuery } from '../schemas/close-out.js';
import { auditEventsQuery } from '../schemas/operations.js';
import { listPaymentRequestsQuery } from '../schemas/payments.js';
import { listVouchersQuery } from '../schemas/vouchers.js';

const page = { limit: true, cursor: true } as const;

/**
 * The first characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection";
 * NUL too, after ASVS 1.2.10): `=`, `+`, `-`, `@`, tab, carriage return.
 */
const formulaStart = /^[=+\-@\t\r\0]/;
/** A plain decimal number ("-12.50", an amount this export writes as text) is no formula. */
const plainNumber = /^[+-]?\d+(\.\d+)?$/;

/**
 * Text cells that a spreadsheet would run as a formula get a leading `'` (OWASP's advice; decision
 * 029), so `=HYPERLINK(…)` in an organisation name or a note opens as text. Only strings: numbers,
 * dates and booleans keep their own casts, so a ledger `days` of -5 stays `-5`.
 */
function neutraliseFormula(value: string): string {
  return formulaStart.test(value) && !plainNumber.test(value) ? `'${value}` : value;
}

/**
 * Streams rows as RFC 4180 CSV (CRLF records, fields with a comma, quote or line break quoted,
 * quotes doubled), a header row first, instants in ISO 8601 UTC, text that would start a formula
 * behind a `'` (decision 029). `Readable.from` pulls the next page only when the socket drains,
 * so memory stays at about one page whatever the length.
 */
function sendCsv(
  reply: FastifyReply,
  name: string,
  columns: readonly string[],
  rows: AsyncIterable<ExportRow>,
): FastifyReply {
  const csv = stringify({
    header: true,
    columns: [...columns],
    record_delimiter: 'windows',
    cast: {
      string: neutraliseFormula,
      date: (value) => value.toISOString(),
      boolean: (value) => (value ? 'true' : 'false'),
    },
  });
  // A failure after the headers went out cannot become a problem answer: the stream is
  // destroyed, so the client sees a truncated download rather than a complete-looking file.
  pipeline(Readable.from(rows), csv, (error) => {
    if (error && error.code !== 'ERR_STREAM_PREMATURE_CLOSE') {
      reply.log.error({ err: error }, `export ${name} failed`);
    }
  });
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}"`)
    .send(csv);
}

export function exportRoutes(app: ZodApp, { ctx }: RouteDeps): void {
  const tags = ['exports'];
  const csvResponse = {
    200: {
      description:
        "One header row, then one row per object (RFC 4180, UTF-8, instants in ISO 8601 UTC, text that would start a spreadsheet formula behind a ')",
      content: { 'text/csv': { schema: z.any().meta({ type: 'string' }) } },
    },
    ...errorResponses,
  };

  app.get(
    '/exports/vouchers.csv',
    {
      schema: {
        tags,
        summary: 'The vouchers of GET /vouchers as CSV (same filters and scope), streamed',
        querystring: listVouchersQuery.omit(page),
        response: csvResponse,
      },
    },
    async (request, reply) =>
      sendCsv(reply, 'vouchers.csv', voucherColumns, await exportVouchers(ctx, requireActor(request), request.query)),
  );

  app.get(
    '/exports/ledger.csv',
    {
      schema: {
        tags,
        summary: 'Ledger entries of the agreements you may see (or of one agreement) as CSV, newest first, streamed',
        querystring: z.strictObject({
          agreementId: id.optional(),
          organizationId: id.optional().describe('operators: one customer’s agreements'),
        }),
        response: csvResponse,
      },
    },
    async (request, reply) =>
      sendCsv(reply, 'ledger.csv', ledgerColumns, await exportLedger(ctx, requireActor(request), request.query)),
  );

  app.get(
    '/exports/payment-requests.csv',
    {
      schema: {
        tags,
        summary:
          'Payment requests of GET /payment-requests as CSV for accounts payable (?status=approved): reference, partner, invoice, country, currency, amount, vouchers',
        querystring: listPaymentRequestsQuery.omit(page),
        response: csvResponse,
      },
    },
    async (request, reply) => {
      const { overdue, ...filter } = request.query;
      const rows = await exportPaymentRequests(ctx, requireActor(request), {
        ...filter,
        overdue: overdue === undefined ? undefined : overdue === 'true',
      });
      return sendCsv(reply, 'payment-requests.csv', paymentRequestColumns, rows);
    },
  );

  app.get(
    '/exports/audit-events.csv',
    {
      schema: {
        tags,
        summary: 'Audit records of GET /audit-events as CSV (same filters and scope), newest first, streamed',
        querystring: auditEventsQuery.omit(page),
        response: csvResponse,
      },
    },
    async (request, reply) =>
      sendCsv(
        reply,
        'audit-events.csv',
        auditEventColumns,
        await exportAuditEvents(ctx, requireActor(request), request.query),
      ),
  );

  app.get(
    '/exports/close-out.csv',
    {
      schema: {
        tags,
        summary:
          'The close-out report of GET /admin/close-out as CSV, one section per part, with every unbalanced agreement (operator admin, finance)',
        querystring: closeOutQuery,
        response: csvResponse,
      },
    },
    async (request, reply) =>
      sendCsv(
        reply,
        'close-out.csv',
        closeOutColumns,
        await exportCloseOut(ctx, requireActor(request), request.query.programId),
      ),
  );
}
