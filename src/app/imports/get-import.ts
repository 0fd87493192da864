import type { Language } from '../../domain/notice-format.js';
import { notFound } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { loadImportRun, presentImportRun, type ImportRunView } from './import-runs.js';
import { authoriseImport } from './start-import.js';

/** `GET /imports/{id}`: a run's progress and report, from whichever process runs it, in the reader's language. */
export async function getImport(
  ctx: AppContext,
  actor: Actor,
  id: string,
  language: Language = 'en',
): Promise<ImportRunView> {
  authoriseImport(actor);
  const row = await loadImportRun(ctx.db, id);
  if (!row) {
    throw notFound('import', id);
  }
  return presentImportRun(row, ctx.realClock.now(), language);
}
