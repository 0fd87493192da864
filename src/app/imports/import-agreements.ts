import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { inJsonList, insertMany } from '../../db/bulk-sql.js';
import type { Executor } from '../../db/connection.js';
import { agreements, organizations, programs } from '../../db/schema/index.js';
import { isCalendarDate } from '../../domain/calendar-dates.js';
import { isDomainError } from '../../domain/errors.js';
import { fieldKey } from '../../domain/messages.js';
import { assertAccrualAllowed, type ProgramPolicy } from '../../domain/program-policy.js';
import { presentAgreement, type AgreementRow as AgreementRowOfTable } from '../agreements/agreement-store.js';
import { postOpeningEntries } from '../agreements/ledger.js';
import { recordAudits, type AuditFacts, type AuditRecord } from '../audit.js';
import { systemUserId } from '../context.js';
import { organizationCreatedAudit, presentOrganization } from '../organizations/create-organization.js';
import { agreementCreatedAudit } from '../agreements/create-agreement.js';
import { daysChangedAudit } from '../agreements/days-change.js';
import { toPolicy } from '../programs/present-program.js';
import {
  cellError,
  type ApplyBatch,
  type BatchContext,
  type CellError,
  type ImportKind,
  type ParsedRow,
  type RowOutcome,
} from './import-kind.js';

/** The agreements CSV of api.md ("Imports"), in this order. */
export const agreementColumns = [
  'customerExternalId',
  'customerName',
  'country',
  'programName',
  'licensingId',
  'endsOn',
  'days',
] as const;

// Catalogue keys (decision 028); `cellErrors` reads the `{max}` of a limit from the Zod issue.
const text = (max: number) =>
  z.string().trim().min(1, fieldKey('field.required')).max(max, fieldKey('import.atMostChars'));

/**
 * One row, with the limits of the API that creates each thing: the organisation's name and
 * country (POST /organizations), the licensing ID (POST /organizations/{id}/agreements) and the
 * days of an accrual (at most 100,000). `days` may be 0: an agreement with no opening accrual.
 */
export const agreementRow = z.object({
  customerExternalId: text(100),
  customerName: text(200),
  country: z
    .string()
    .trim()
    .transform((value) => value.toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{2}$/, fieldKey('field.countryCode'))),
  programName: text(200),
  licensingId: text(64),
  endsOn: z.string().trim().refine(isCalendarDate, fieldKey('import.calendarDate')),
  days: z
    .string()
    .trim()
    .regex(/^\d{1,6}$/, fieldKey('import.wholeDays'))
    .transform(Number)
    .pipe(z.number().max(100_000, fieldKey('import.atMostDays'))),
});

export type AgreementRow = z.output<typeof agreementRow>;

interface KnownAgreement {
  /**
   * Whose it is: the external id of the customer that holds it (null for a customer created
   * through the API without one). Read with the agreement, in the same statement: a customer
   * looked up on its own could be missing from a snapshot taken before another import's batch
   * committed, while the agreement, read a moment later, is there (the race test found it).
   */
  ownerExternalId: string | null;
  endsOn: string;
  /** The row of this file that registers it, when this file does. */
  row?: number;
}

const keyOf = (programId: string, licensingId: string) => `${programId}\u0000${licensingId}`;

/** Whether an agreement already registered (or registered earlier in the file) is this row's: then the row is unchanged. */
function judgeExisting(row: ParsedRow<AgreementRow>, known: KnownAgreement): RowOutcome {
  const { licensingId, customerExternalId, endsOn } = row.value;
  // Registered before the import, or by an earlier row of this file (which is named).
  const inFile = known.row !== undefined;
  if (known.ownerExternalId !== customerExternalId) {
    const error = inFile
      ? cellError('licensingId', 'import.licensingIdOtherCustomerInRow', { licensingId, row: known.row! })
      : cellError('licensingId', 'import.licensingIdOtherCustomer', { licensingId });
    return { result: 'rejected', errors: [error] };
  }
  if (known.endsOn !== endsOn) {
    const params = { licensingId, endsOn: known.endsOn };
    const error = inFile
      ? cellError('endsOn', 'import.endsOnDiffersInRow', { ...params, row: known.row! })
      : cellError('endsOn', 'import.endsOnDiffers', params);
    return { result: 'rejected', errors: [error] };
  }
  return { result: 'unchanged' };
}

/** The accrual rule at import time ("2021-02-01: no more accrual"): the one the accrual use case applies. */
function accrualProblem(policy: ProgramPolicy, now: Date, days: number): CellError | null {
  if (days === 0) {
    return null;
  }
  try {
    assertAccrualAllowed(policy, now);
    return null;
  } catch (error) {
    if (isDomainError(error)) {
      return { field: 'days', message: error.detail, ...(error.text ? { text: error.text } : {}) };
    }
    throw error;
  }
}

interface NewAgreement {
  row: ParsedRow<AgreementRow>;
  programId: string;
}

/**
 * Writes a batch's new customers, agreements and opening accruals: three multi-row inserts, and
 * the audit records the single use cases write for each (`organization.created`,
 * `agreement.created`, `agreement.accrual`), in one more.
 */
async function writeNewAgreements(
  tx: Executor,
  created: readonly NewAgreement[],
  customers: Map<string, string>,
  context: BatchContext,
): Promise<void> {
  const { now, actor } = context;
  const audits: AuditRecord[] = [];
  const audit = (record: AuditFacts) => audits.push({ ...record, at: now, actorId: actor.userId });

  const newCustomers = new Map<string, AgreementRow>();
  for (const { row } of created) {
    if (!customers.has(row.value.customerExternalId) && !newCustomers.has(row.value.customerExternalId)) {
      newCustomers.set(row.value.customerExternalId, row.value);
    }
  }
  // Ids made here, so that no insert needs to answer with them.
  const customerRows = [...newCustomers.values()].map((value) => ({
    id: randomUUID(),
    kind: 'customer' as const,
    name: value.customerName,
    country: value.country,
    externalId: value.customerExternalId,
    createdAt: now,
  }));
  await insertMany(tx, organizations, customerRows);
  for (const organization of customerRows) {
    customers.set(organization.externalId, organization.id);
    audit(organizationCreatedAudit(presentOrganization(organization)));
  }

  // Inserted with the balance of their one opening accrual (postOpeningEntries says why that is safe).
  const rows: AgreementRowOfTable[] = created.map(({ row, programId }) => ({
    id: randomUUID(),
    organizationId: customers.get(row.value.customerExternalId)!,
    programId,
    licensingId: row.value.licensingId,
    endsOn: row.value.endsOn,
    activatedAt: null,
    balance: row.value.days,
    daysRemovedAt: null,
    createdAt: now,
  }));
  await insertMany(tx, agreements, rows);
  const withDays = rows.filter((row) => row.balance > 0);
  const entries = await postOpeningEntries(
    tx,
    withDays.map((row) => ({
      agreementId: row.id,
      kind: 'accrual',
      days: row.balance,
      at: now,
      note: `opening accrual, import ${context.runId}`,
      actorId: actor.userId === systemUserId ? null : actor.userId,
    })),
  );
  const entryOf = new Map(entries.map((entry) => [entry.agreementId, entry]));
  for (const row of rows) {
    // As createAgreement then accrueDays record it: created with no days, then the accrual.
    const opened = presentAgreement({ ...row, balance: 0 });
    audit(agreementCreatedAudit(opened));
    const entry = entryOf.get(row.id);
    if (entry) {
      audit(daysChangedAudit('accrual', opened, row.balance, entry));
    }
  }
  await recordAudits(tx, audits);
}

/**
 * `kind=agreements` (api.md, "Imports"): creates the customer organisation (found by
 * `customerExternalId`) and the agreement (found by program and `licensingId`) when missing, and
 * gives a new agreement one opening accrual of `days` under the accrual rule at import time. A
 * row whose agreement exists for the same customer with the same end date is `unchanged`, so
 * importing a file again changes nothing; one that disagrees with it is rejected, never applied.
 * An existing customer keeps its name and country: the import creates, it does not edit.
 */
export const agreementImport: ImportKind<AgreementRow> = {
  columns: agreementColumns,
  row: agreementRow,
  startPass(): ApplyBatch<AgreementRow> {
    let programsByName: Map<string, { id: string; policy: ProgramPolicy }> | undefined;
    const accepted = new Map<string, KnownAgreement>();
    return async (tx, batch, context) => {
      // Program names are few and fixed during a run: read once per pass.
      programsByName ??= new Map(
        (await tx.select().from(programs)).map((p) => [p.name.toLowerCase(), { id: p.id, policy: toPolicy(p) }]),
      );
      const externalIds = [...new Set(batch.map((r) => r.value.customerExternalId))];
      const licensingIds = [...new Set(batch.map((r) => r.value.licensingId))];
      const programIds = [
        ...new Set(batch.flatMap((r) => programsByName!.get(r.value.programName.toLowerCase())?.id ?? [])),
      ];
      const customers = new Map(
        (
          await tx
            .select({ id: organizations.id, externalId: organizations.externalId })
            .from(organizations)
            .where(and(eq(organizations.kind, 'customer'), inJsonList(organizations.externalId, externalIds)))
        ).map((c) => [c.externalId!, c.id]),
      );
      // By program and licensing ID, program by program (a file names one, usually): an equality
      // and an `= any` on the unique index's two columns, an index scan whatever the statistics
      // say (during a large import they lag, and a plan on the program alone reads every agreement).
      const registered = new Map<string, KnownAgreement>();
      for (const programId of programIds) {
        const found = await tx
          .select({
            licensingId: agreements.licensingId,
            ownerExternalId: organizations.externalId,
            endsOn: agreements.endsOn,
          })
          .from(agreements)
          .innerJoin(organizations, eq(organizations.id, agreements.organizationId))
          .where(and(eq(agreements.programId, programId), inJsonList(agreements.licensingId, licensingIds)));
        for (const a of found) {
          registered.set(keyOf(programId, a.licensingId), { ownerExternalId: a.ownerExternalId, endsOn: a.endsOn });
        }
      }

      // Rows of this batch that register an agreement: the pass learns them once the batch commits.
      const staged = new Map<string, KnownAgreement>();
      const created: NewAgreement[] = [];
      const outcomes = batch.map((row): RowOutcome => {
        const program = programsByName!.get(row.value.programName.toLowerCase());
        if (!program) {
          return {
            result: 'rejected',
            errors: [cellError('programName', 'import.noProgram', { name: row.value.programName })],
          };
        }
        const key = keyOf(program.id, row.value.licensingId);
        const known = registered.get(key) ?? accepted.get(key) ?? staged.get(key);
        if (known) {
          return judgeExisting(row, known);
        }
        const problem = accrualProblem(program.policy, context.now, row.value.days);
        if (problem) {
          return { result: 'rejected', errors: [problem] };
        }
        staged.set(key, {
          ownerExternalId: row.value.customerExternalId,
          endsOn: row.value.endsOn,
          row: row.row,
        });
        created.push({ row, programId: program.id });
        return { result: 'created' };
      });
      if (context.write && created.length > 0) {
        await writeNewAgreements(tx, created, customers, context);
      }
      return {
        outcomes,
        accept: () => {
          for (const [key, known] of staged) {
            accepted.set(key, known);
          }
        },
      };
    };
  },
};
