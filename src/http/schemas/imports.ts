import { z } from 'zod';
import { id, instant } from './common.js';

export const importKind = z.enum(['agreements', 'competencies']);
export const importStatus = z.enum(['queued', 'running', 'succeeded', 'failed']);

const flag = (what: string) => z.enum(['true', 'false']).default('false').describe(what);

export const createImportQuery = z.strictObject({
  kind: importKind.describe(
    'agreements: header customerExternalId,customerName,country,programName,licensingId,endsOn,days; ' +
      'competencies: header partnerName,name,level,validFrom,validUntil',
  ),
  dryRun: flag('true: validate every row and report what would happen, writing nothing'),
  atomic: flag('true: all or nothing; one bad row and nothing is written'),
});

export const importAccepted = z.object({ id, status: importStatus });

export const importRowError = z.object({
  row: z.number().int().describe('the line in the file; the header is row 1'),
  field: z.string().nullable().describe('the column at fault; null when the whole row is (a wrong number of cells)'),
  message: z.string(),
});

export const importRun = z
  .object({
    id,
    kind: importKind,
    dryRun: z.boolean(),
    atomic: z.boolean(),
    status: importStatus,
    fileName: z.string(),
    rowsTotal: z.number().int().describe('data rows of the file (the header and blank lines are not rows)'),
    rowsDone: z.number().int().describe('rows judged so far: created + unchanged + rejected'),
    created: z
      .number()
      .int()
      .describe('rows that created their object (in a dry run, or an atomic run that failed: would create)'),
    unchanged: z.number().int().describe('rows whose object already exists as the row says: nothing to do'),
    rejected: z.number().int().describe('rows refused, each with its errors (an atomic run writes nothing then)'),
    errors: z.array(importRowError).describe('the row errors, in file order; at most the first 1,000'),
    detail: z.string().nullable().describe('why a failed run failed'),
    createdAt: instant,
    finishedAt: instant.nullable(),
  })
  .meta({ id: 'ImportRun' });
