/**
 * Free-text search of the lists (issue 12, item 4; api.md "v1 additions": `?q=`). One way to
 * build the patterns, so that every list escapes the same way: a `%`, `_` or `\` typed by a
 * user is matched as itself, never as a LIKE wildcard.
 */
import { sql, type AnyColumn, type SQL, type SQLWrapper } from 'drizzle-orm';

type Operand = AnyColumn | SQLWrapper;

/** The text with LIKE's special characters escaped by `\` (the escape character we declare). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Codes match without their dashes and spaces, in any case ("psm2kx" finds "PS-M2KX-88ZY"). */
export function compactCode(text: string): string {
  return text.toUpperCase().replace(/[\s-]/g, '');
}

/** `column` contains `text`, case-insensitively, wildcards in `text` taken literally. */
export function containsText(column: Operand, text: string): SQL {
  return sql`${column} ilike ${`%${escapeLike(text)}%`} escape '\\'`;
}

/** A code column contains the typed code, dashes and spaces ignored on both sides. */
export function containsCode(column: Operand, text: string): SQL | undefined {
  const code = compactCode(text);
  if (code === '') {
    return undefined;
  }
  return sql`replace(${column}, '-', '') ilike ${`%${escapeLike(code)}%`} escape '\\'`;
}

/** The search text as the use cases take it: trimmed, and absent when blank. */
export function searchText(q: string | undefined): string | undefined {
  const text = q?.trim();
  return text ? text : undefined;
}
