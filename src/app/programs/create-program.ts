import { eq } from 'drizzle-orm';
import { programs } from '../../db/schema/index.js';
import { isValidTimeZone } from '../../domain/calendar-dates.js';
import { fieldError, refusal } from '../../domain/errors.js';
import { calendarProblems, type ProgramCalendar } from '../../domain/program-policy.js';
import { requireRole } from '../access.js';
import { recordAudit } from '../audit.js';
import type { Actor, AppContext } from '../context.js';
import { presentProgram, type ProgramView } from './present-program.js';
import type { Executor } from '../../db/connection.js';

export interface CreateProgramInput {
  name: string;
  timeZone: string;
  voucherLifetimeDays: number;
  paymentWindowDays: number;
  paymentSlaDays?: number | undefined;
  calendar: ProgramCalendar;
}

export function programInputProblems(input: CreateProgramInput): { path: string; message: string }[] {
  const problems = calendarProblems(input.calendar).map((p) => ({ ...p, path: `body.${p.path}` }));
  if (!isValidTimeZone(input.timeZone)) {
    problems.push({ path: 'body.timeZone', message: `not an IANA time zone: ${input.timeZone}` });
  }
  return problems;
}

/** Inserts a program; shared by the operator's use case and the seed. */
export async function insertProgram(tx: Executor, input: CreateProgramInput, now: Date): Promise<ProgramView> {
  const [existing] = await tx.select({ id: programs.id }).from(programs).where(eq(programs.name, input.name));
  if (existing) {
    throw refusal(
      'policy-violation',
      'program.nameUsed',
      { name: input.name },
      {
        errors: [fieldError('body.name', 'field.alreadyInUse')],
      },
    );
  }
  const [row] = await tx
    .insert(programs)
    .values({
      name: input.name,
      timeZone: input.timeZone,
      voucherLifetimeDays: input.voucherLifetimeDays,
      paymentWindowDays: input.paymentWindowDays,
      paymentSlaDays: input.paymentSlaDays ?? 30,
      ...input.calendar,
      createdAt: now,
    })
    .returning();
  return presentProgram(row!);
}

/** Operators create further programs, each with its own calendar and zone. */
export async function createProgram(ctx: AppContext, actor: Actor, input: CreateProgramInput): Promise<ProgramView> {
  requireRole(actor, 'operator_admin');
  const problems = programInputProblems(input);
  if (problems.length > 0) {
    throw refusal('validation-failed', 'program.invalid', {}, { errors: problems });
  }
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const view = await insertProgram(tx, input, now);
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      organizationIds: [],
      action: 'program.created',
      entityType: 'program',
      entityId: view.id,
      before: null,
      after: view,
    });
    return view;
  });
}
