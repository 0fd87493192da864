import { randomUUID } from 'node:crypto';
import { insertMany } from '../../db/bulk-sql.js';
import type { Executor } from '../../db/connection.js';
import { partnerCompetencies } from '../../db/schema/index.js';
import { isCalendarDate } from '../../domain/calendar-dates.js';
import { DomainError, fieldError } from '../../domain/errors.js';
import { msg, render, type Message, type MessageKey } from '../../domain/messages.js';
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

/** What is wrong with one field of a competency: a catalogue key (decision 028) and its English text. */
export interface CompetencyProblem {
  field: keyof CompetencyInput;
  key: MessageKey;
  message: string;
}

/** What is wrong with a competency, field by field (shared by the form and the CSV imports). */
export function competencyProblems(input: CompetencyInput): CompetencyProblem[] {
  const problems: CompetencyProblem[] = [];
  const add = (field: keyof CompetencyInput, key: MessageKey) =>
    problems.push({ field, key, message: render(msg(key), 'en') });
  if (input.name.trim().length === 0 || input.name.length > 200) {
    add('name', 'competency.name');
  }
  if (input.level !== 'silver' && input.level !== 'gold') {
    add('level', 'competency.level');
  }
  for (const field of ['validFrom', 'validUntil'] as const) {
    if (!isCalendarDate(input[field])) {
      add(field, 'import.calendarDate');
    }
  }
  if (problems.length === 0 && input.validUntil < input.validFrom) {
    add('validUntil', 'competency.untilBeforeFrom');
  }
  return problems;
}

/**
 * "field: problem; field: problem" as one message, each part in the reader's language; `params`
 * keep the English text (the names of the fields are the API's, in both languages).
 */
export function competencyProblemsText(problems: readonly CompetencyProblem[]): Message {
  return {
    key: 'field.problems',
    params: { problems: problems.map((p) => `${p.field}: ${p.message}`).join('; ') },
    parts: {
      problems: problems.map((p) => ({
        key: 'field.named',
        params: { field: p.field },
        parts: { problem: [msg(p.key)] },
      })),
    },
  };
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
      throw new DomainError('validation-failed', competencyProblemsText(problems), {
        errors: problems.map((p) => fieldError(`body.${p.field}`, p.key)),
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
