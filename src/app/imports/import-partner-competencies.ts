import { eq } from 'drizzle-orm';
import { inJsonList } from '../../db/bulk-sql.js';
import { z } from 'zod';
import { organizations, partnerCompetencies } from '../../db/schema/index.js';
import type { CompetencyLevel } from '../../domain/eligibility.js';
import { fieldKey, msg } from '../../domain/messages.js';
import { recordAudits, type AuditRecord } from '../audit.js';
import { competencyProblems, insertCompetencies, type CompetencyInput } from '../partners/add-competency.js';
import { competencyCsvColumns, sameCompetency, skippedRow, type SkippedRow } from '../partners/import-competencies.js';
import type { CompetencyView } from '../partners/present-partner.js';
import { cellError, type ApplyBatch, type ImportKind, type RowOutcome } from './import-kind.js';

/** The CSV of `POST /partners/{id}/competencies/import` with a first column naming the partner (api.md). */
export const partnerCompetencyColumns = ['partnerName', ...competencyCsvColumns] as const;

/**
 * One row: the partner's name, then a competency judged by the rules of the form and of the
 * one-partner import (`competencyProblems`), field by field.
 */
export const partnerCompetencyRow = z
  .object({
    partnerName: z.string().trim().min(1, fieldKey('field.required')).max(200, fieldKey('import.atMostChars')),
    name: z.string().trim(),
    level: z
      .string()
      .trim()
      .transform((level) => level.toLowerCase() as CompetencyLevel),
    validFrom: z.string().trim(),
    validUntil: z.string().trim(),
  })
  .superRefine((value, context) => {
    const { partnerName: _partnerName, ...competency } = value;
    for (const problem of competencyProblems(competency)) {
      context.addIssue({ code: 'custom', path: [problem.field], message: fieldKey(problem.key) });
    }
  });

export type PartnerCompetencyRow = z.output<typeof partnerCompetencyRow>;

/**
 * `kind=competencies`: each row gives the named partner (a partner organisation, the name
 * matched whatever its case) the competency when it does not hold it already with these dates;
 * a competency it holds is `unchanged`, so a re-run changes nothing. A name that no partner or
 * several partners have is the row's error. Each partner that gains competencies in a batch
 * gets the audit record the one-partner import writes (`competencies.imported`).
 */
export const partnerCompetencyImport: ImportKind<PartnerCompetencyRow> = {
  columns: partnerCompetencyColumns,
  row: partnerCompetencyRow,
  startPass(): ApplyBatch<PartnerCompetencyRow> {
    // Competencies this pass gave (or, in a dry run, would give), by partner.
    const given = new Map<string, CompetencyInput[]>();
    // Partner ids by lower-cased name, read once per pass: partners are few, customers many.
    let byName: Map<string, string[]> | undefined;
    return async (tx, batch, context) => {
      if (!byName) {
        byName = new Map();
        for (const partner of await tx
          .select({ id: organizations.id, name: organizations.name })
          .from(organizations)
          .where(eq(organizations.kind, 'partner'))) {
          const key = partner.name.toLowerCase();
          byName.set(key, [...(byName.get(key) ?? []), partner.id]);
        }
      }
      const names = byName;
      const partnerIds = [...new Set(batch.flatMap((r) => names.get(r.value.partnerName.toLowerCase()) ?? []))];
      const held = new Map<string, CompetencyInput[]>();
      if (partnerIds.length > 0) {
        for (const row of await tx
          .select()
          .from(partnerCompetencies)
          .where(inJsonList(partnerCompetencies.partnerId, partnerIds))) {
          held.set(row.partnerId, [...(held.get(row.partnerId) ?? []), row]);
        }
      }

      const staged: { partnerId: string; input: CompetencyInput }[] = [];
      const skippedOf = new Map<string, SkippedRow[]>();
      const outcomes = batch.map((row): RowOutcome => {
        const { partnerName, ...input } = row.value;
        const ids = names.get(partnerName.toLowerCase()) ?? [];
        if (ids.length !== 1) {
          const error =
            ids.length === 0
              ? cellError('partnerName', 'import.noPartner', { name: partnerName })
              : cellError('partnerName', 'import.manyPartners', { count: ids.length, name: partnerName });
          return { result: 'rejected', errors: [error] };
        }
        const partnerId = ids[0]!;
        const already = [
          ...(held.get(partnerId) ?? []),
          ...(given.get(partnerId) ?? []),
          ...staged.filter((s) => s.partnerId === partnerId).map((s) => s.input),
        ];
        if (already.some((competency) => sameCompetency(competency, input))) {
          skippedOf.set(partnerId, [
            ...(skippedOf.get(partnerId) ?? []),
            skippedRow(row.row, msg('import.alreadyHeld')),
          ]);
          return { result: 'unchanged' };
        }
        staged.push({ partnerId, input });
        return { result: 'created' };
      });

      if (context.write && staged.length > 0) {
        const views = await insertCompetencies(tx, staged, context.now);
        const byPartner = new Map<string, CompetencyView[]>();
        for (const view of views) {
          byPartner.set(view.partnerId, [...(byPartner.get(view.partnerId) ?? []), view]);
        }
        const audits: AuditRecord[] = [...byPartner].map(([partnerId, imported]) => ({
          at: context.now,
          actorId: context.actor.userId,
          organizationIds: [partnerId],
          action: 'competencies.imported',
          entityType: 'partner',
          entityId: partnerId,
          before: null,
          after: { imported, skipped: skippedOf.get(partnerId) ?? [], importId: context.runId },
        }));
        await recordAudits(tx, audits);
      }
      return {
        outcomes,
        accept: () => {
          for (const { partnerId, input } of staged) {
            given.set(partnerId, [...(given.get(partnerId) ?? []), input]);
          }
        },
      };
    };
  },
};
