import { sql, type SQL } from 'drizzle-orm';

/**
 * A list of the domain's constants (statuses, kinds) as SQL literals: `status in (${sqlList(x)})`.
 * Literals, not parameters, so that the planner can match partial indexes defined on the same
 * list (`vouchers_live_expiry_idx`). Only for code constants: anything else is refused.
 */
export function sqlList(values: readonly string[]): SQL {
  for (const value of values) {
    if (!/^[a-z_]+$/.test(value)) {
      throw new Error(`not a constant of the domain: ${value}`);
    }
  }
  return sql.raw(values.map((value) => `'${value}'`).join(', '));
}
