import { notFound } from '../access.js';
import type { Actor, AppContext } from '../context.js';
import { loadImportRun, presentImportRun, type ImportRunView } from './import-runs.js';
import { authoriseImport } from './start-import.js';

/** `GET /imports/{id}`: a run's progress and report, from whichever process runs it. */
export async function getImport(ctx: AppContext, actor: Actor, id: string): Promise<ImportRunView> {
  authoriseImport(actor);
  const row = await loadImportRun(ctx.db, id);
  if (!row) {
    throw notFound('import', id);
  }
  return presentImportRun(row, ctx.realClock.now());
}
