import { randomUUID } from 'node:crypto';
import { insertMany } from '../../db/bulk-sql.js';
import type { Executor } from '../../db/connection.js';
import { partnerCompetencies } from '../../db/schema/index.js';
import { isCalendarDate } from '../../domain/calendar-dates.js';
import { DomainError } from '../../domain/errors.js';
import type { CompetencyLevel } from '../../domain/eligibility.js';
import { recordAudit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import { loadVisiblePartner, requireOperatorAdmin } from './partner-access.js';
import { presentCompetency, type CompetencyView } from './present-partner.js';

export interface CompetencyInput {
  name: string;
  level: CompetencyLevel;
  /** Program-local calendar dates, both inclusive. */
  validFrom: string;
  validUntil: string;
}

/** What is wrong with a competency, field by field (shared by the form and the CSV import). */
export function competencyProblems(input: CompetencyInput): { field: keyof CompetencyInput; message: string }[] {
  const problems: { field: keyof CompetencyInput; message: string }[] = [];
  if (input.name.trim().length === 0 || input.name.length > 200) {
    problems.push({ field: 'name', message: 'a name of 1 to 200 characters is required' });
  }
  if (input.level !== 'silver' && input.level !== 'gold') {
    problems.push({ field: 'level', message: 'must be silver or gold' });
  }
  for (const field of ['validFrom', 'validUntil'] as const) {
    if (!isCalendarDate(input[field])) {
      problems.push({ field, message: 'must be a calendar date, YYYY-MM-DD' });
    }
  }
  if (problems.length === 0 && input.validUntil < input.validFrom) {
    problems.push({ field: 'validUntil', message: 'must not be before validFrom' });
  }
  return problems;
}

/** Inserts a competency; shared by the operator's use cases and the demo seed. */
export async function insertCompetency(
  tx: Executor,
  partnerId: string,
  input: CompetencyInput,
  now: Date,
): Promise<CompetencyView> {
  const [view] = await insertCompetencies(tx, [{ partnerId, input }], now);
  return view!;
}

/** Inserts competencies in one multi-row statement (the imports), in the order given. */
export async function insertCompetencies(
  tx: Executor,
  items: readonly { partnerId: string; input: CompetencyInput }[],
  now: Date,
): Promise<CompetencyView[]> {
  if (items.length === 0) {
    return [];
  }
  const rows = items.map(({ partnerId, input }) => ({
    id: randomUUID(),
    partnerId,
    name: input.name.trim(),
    level: input.level,
    validFrom: input.validFrom,
    validUntil: input.validUntil,
    createdAt: now,
  }));
  await insertMany(tx, partnerCompetencies, rows);
  return rows.map(presentCompetency);
}

/** The operator records a competency a partner holds (domain.md, "Partners"). */
export async function addCompetency(
  ctx: AppContext,
  actor: Actor,
  partnerId: string,
  input: CompetencyInput,
): Promise<CompetencyView> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    await loadVisiblePartner(tx, actor, partnerId);
    requireOperatorAdmin(actor);
    const problems = competencyProblems(input);
    if (problems.length > 0) {
      throw new DomainError('validation-failed', problems.map((p) => `${p.field}: ${p.message}`).join('; '), {
        errors: problems.map((p) => ({ path: `body.${p.field}`, message: p.message })),
      });
    }
    const view = await insertCompetency(tx, partnerId, input, now);
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      organizationIds: [partnerId],
      action: 'competency.added',
      entityType: 'competency',
      entityId: view.id,
      before: null,
      after: view,
    });
    return view;
  });
}
