import type { AppContext } from '../app/context.js';
import { systemActor } from '../app/context.js';
import { createUser } from '../app/organizations/create-user.js';
import { ensureOperatorOrganization } from '../app/seed/seed-operator.js';
import { minimumPasswordLength, passwordWeakness } from '../app/auth/password-policy.js';
import { DomainError } from '../domain/errors.js';
import { roles, type Role } from '../domain/roles.js';
import type { Command } from './commands.js';
import { openRuntime } from './runtime.js';

type Values = Record<string, string | boolean | string[] | undefined>;

export interface CommandOutcome {
  /** The process exit code: 0 done, 1 refused by the use case, 2 bad arguments. */
  code: number;
  message: string;
}

const help = `Usage: saps user create --email EMAIL --name NAME --role ROLE [--role ROLE] --password PASSWORD
                        [--organization-id ID]

Creates a user who can sign in at once. Without --organization-id the user joins the operator
organisation (created if missing). Roles: ${roles.join(', ')}.
The password needs at least ${minimumPasswordLength} characters. The same use case as
POST /organizations/{id}/users does the work, so the same rules apply and an audit record
("user.created", actor: the system) is written.`;

/** The arguments, or the exit-2 answer that lists what is wrong with them. */
function userCreateArguments(
  values: Values,
): { email: string; name: string; wanted: Role[]; password: string } | { problem: CommandOutcome } {
  const email = values.email as string | undefined;
  const name = values.name as string | undefined;
  const wanted = (values.role as string[] | undefined) ?? [];
  const password = values.password as string | undefined;
  const problems: string[] = [];
  if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    problems.push('--email must be an e-mail address');
  }
  if (!name) {
    problems.push('--name is required');
  }
  if (wanted.length === 0) {
    problems.push('at least one --role is required');
  }
  const unknown = wanted.filter((r) => !(roles as readonly string[]).includes(r));
  if (unknown.length > 0) {
    problems.push(`unknown role(s): ${unknown.join(', ')}`);
  }
  if (!password || password.length < minimumPasswordLength) {
    problems.push(`--password needs at least ${minimumPasswordLength} characters`);
  } else {
    // The API's rule (issue 9), judged before the database is opened.
    const weakness = passwordWeakness(password, { email, name });
    if (weakness) {
      problems.push(`--password: ${weakness}`);
    }
  }
  if (problems.length > 0 || !email || !name || !password) {
    return { problem: { code: 2, message: `saps user create: ${problems.join('; ')}\n\n${help}` } };
  }
  return { email, name, wanted: wanted as Role[], password };
}

/**
 * `saps user create` without the process around it: the arguments checked, then `createUser`
 * called as the operator's command line (an operator admin that is no user), exactly as the API
 * calls it.
 */
export async function createUserFromCommandLine(
  ctx: AppContext,
  values: Values,
  links: { publicUrl: string },
): Promise<CommandOutcome> {
  const parsed = userCreateArguments(values);
  if ('problem' in parsed) {
    return parsed.problem;
  }
  const { email, name, wanted, password } = parsed;
  const operatorOrganizationId = await ctx.db.transaction((tx) => ensureOperatorOrganization(tx, ctx.clock.now()));
  const organizationId = (values['organization-id'] as string | undefined) ?? operatorOrganizationId;
  try {
    const user = await createUser(
      ctx,
      systemActor(operatorOrganizationId),
      organizationId,
      { email, name, roles: wanted, password },
      links,
    );
    return { code: 0, message: `User ${user.email} created.` };
  } catch (error) {
    if (error instanceof DomainError) {
      return { code: 1, message: `saps user create: ${error.detail}` };
    }
    throw error;
  }
}

export const userCreate: Command = {
  summary: 'create a user with a password (the first operator admin, for example)',
  help,
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', multiple: true },
    password: { type: 'string' },
    'organization-id': { type: 'string' },
  },
  async run(config, values) {
    // Bad arguments are answered before the database is opened (and, embedded, locked).
    const parsed = userCreateArguments(values);
    if ('problem' in parsed) {
      process.stderr.write(`${parsed.problem.message}\n`);
      return parsed.problem.code;
    }
    const runtime = await openRuntime(config);
    try {
      const outcome = await createUserFromCommandLine(runtime.ctx, values, { publicUrl: config.publicUrl });
      (outcome.code === 0 ? process.stdout : process.stderr).write(`${outcome.message}\n`);
      return outcome.code;
    } finally {
      await runtime.close();
    }
  },
};
