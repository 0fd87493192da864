import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { inArray, sql } from 'drizzle-orm';
import { PgliteDatabase } from 'drizzle-orm/pglite';
import { resultRows } from '../../db/connection.js';
import { auditEvents, files } from '../../db/schema/index.js';
import type { AppContext } from '../context.js';
import { fileStoreFor } from './file-store.js';

/** A file that no completion report lists a real day after its upload is removed (decision 018). */
export const orphanAgeMs = 24 * 60 * 60 * 1000;

const batchSize = 500;

export interface OrphanRemoval {
  files: number;
  /** PostgreSQL: chunks whose file row never committed (a crash or a refused upload). */
  strayChunks: number;
  /** Embedded: files on disk whose row never committed. */
  strayDiskFiles: number;
}

/**
 * The orphan-file job: removes files never attached to a completion report within a day of
 * their upload (real time: the simulated program clock may jump by months), with one audit record
 * each. Safe on several processes at once: rows are claimed with SKIP LOCKED and each is deleted
 * by exactly one of them.
 */
export async function removeOrphanFiles(ctx: AppContext): Promise<OrphanRemoval> {
  const cutoff = new Date(ctx.realClock.now().getTime() - orphanAgeMs);
  const store = fileStoreFor(ctx);
  let removedFiles = 0;
  for (;;) {
    const removed = await ctx.db.transaction(async (tx) => {
      const rows = resultRows<{ id: string; organization_id: string; name: string; size: number }>(
        await tx.execute(sql`delete from ${files} where ${files.id} in (
            select f.id from ${files} f
            where f.received_at < ${cutoff}
              and not exists (select 1 from vouchers v where v.completion_report -> 'deliverableFileIds' ? f.id::text)
            order by f.received_at
            limit ${batchSize}
            for update skip locked)
          returning id, organization_id, name, size`),
      );
      if (rows.length > 0) {
        const at = ctx.clock.now();
        await tx.insert(auditEvents).values(
          rows.map((row) => ({
            at,
            actorId: null,
            organizationIds: [row.organization_id],
            action: 'file.removed-unattached',
            entityType: 'file',
            entityId: row.id,
            before: { name: row.name, size: Number(row.size) },
            after: null,
          })),
        );
      }
      return rows.map((row) => row.id);
    });
    // After the commit: bytes of a row that is gone can no longer be read by anyone.
    await store.remove(removed);
    removedFiles += removed.length;
    if (removed.length < batchSize) {
      break;
    }
  }
  return { files: removedFiles, ...(await removeStrays(ctx, cutoff)) };
}

async function removeStrays(ctx: AppContext, cutoff: Date): Promise<Omit<OrphanRemoval, 'files'>> {
  if (!(ctx.db instanceof PgliteDatabase)) {
    const chunks = resultRows<{ file_id: string }>(
      await ctx.db.execute(sql`delete from file_chunks c
        where c.received_at < ${cutoff} and not exists (select 1 from ${files} f where f.id = c.file_id)
        returning c.file_id`),
    );
    return { strayChunks: chunks.length, strayDiskFiles: 0 };
  }
  const dir = join(ctx.dataDir, 'files');
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return { strayChunks: 0, strayDiskFiles: 0 };
  }
  const old: string[] = [];
  for (const name of names) {
    const info = await stat(join(dir, name)).catch(() => undefined);
    if (info?.isFile() && info.mtime < cutoff) {
      old.push(name);
    }
  }
  const ids = old.map((name) => name.replace(/\.part$/, '')).filter((id) => /^[0-9a-f-]{36}$/.test(id));
  const known = new Set(
    ids.length === 0
      ? []
      : (await ctx.db.select({ id: files.id }).from(files).where(inArray(files.id, ids))).map((row) => row.id),
  );
  // A day-old `.part` is an upload that crashed half-way; a file without a row never committed.
  const stray = old.filter((name) => name.endsWith('.part') || !known.has(name));
  await fileStoreFor(ctx).remove(stray);
  return { strayChunks: 0, strayDiskFiles: stray.length };
}
