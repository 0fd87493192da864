import { createReadStream } from 'node:fs';
import { copyFile, mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { and, eq, inArray } from 'drizzle-orm';
import { PgliteDatabase } from 'drizzle-orm/pglite';
import { fileChunks } from '../../db/schema/index.js';
import type { AppContext } from '../context.js';

/** 256 KiB: one chunk costs PostgreSQL ≈ 9 ms and the event loop ≈ 4 ms (decision 018). */
export const chunkBytes = 256 * 1024;

/**
 * Where the bytes of uploaded files live (decision 018), never in one big `bytea` inside a
 * transaction: PGlite took ≈ 22 s to insert 20 MiB that way, holding its one connection, so every
 * other request waited.
 * - PostgreSQL: `file_chunks` rows of 256 KiB, each its own short statement, so app processes stay
 *   stateless and no pooled connection is held for long.
 * - Embedded (PGlite): `$SAPS_DATA_DIR/files/<id>`, next to the database it belongs to.
 */
export interface FileStore {
  /** Stores the bytes of `path` under `id`; visible to readers only once the file row commits. */
  put(id: string, path: string, receivedAt: Date): Promise<void>;
  read(id: string): Readable;
  remove(ids: readonly string[]): Promise<void>;
}

export function fileStoreFor(ctx: AppContext): FileStore {
  return ctx.db instanceof PgliteDatabase ? diskStore(join(ctx.dataDir, 'files')) : chunkStore(ctx);
}

function diskStore(dir: string): FileStore {
  return {
    async put(id, path) {
      await mkdir(dir, { recursive: true });
      const part = join(dir, `${id}.part`);
      try {
        await rename(path, part);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') {
          throw error;
        }
        await copyFile(path, part); // the upload was spooled on another file system
      }
      await rename(part, join(dir, id));
    },
    read(id) {
      return createReadStream(join(dir, id));
    },
    async remove(ids) {
      await Promise.all(ids.map((id) => rm(join(dir, id), { force: true })));
    },
  };
}

function chunkStore(ctx: AppContext): FileStore {
  return {
    async put(id, path, receivedAt) {
      const handle = await open(path, 'r');
      try {
        const buffer = Buffer.alloc(chunkBytes);
        for (let seq = 0; ; seq += 1) {
          const { bytesRead } = await handle.read(buffer, 0, chunkBytes, null);
          if (bytesRead === 0) {
            break;
          }
          // Autocommit, one chunk at a time: a crash leaves chunks without a file row, which the
          // orphan job removes a day later.
          await ctx.db
            .insert(fileChunks)
            .values({ fileId: id, seq, data: new Uint8Array(buffer.subarray(0, bytesRead)), receivedAt });
        }
      } finally {
        await handle.close();
      }
    },
    read(id) {
      const db = ctx.db;
      return Readable.from(
        (async function* chunks() {
          for (let seq = 0; ; seq += 1) {
            const [chunk] = await db
              .select({ data: fileChunks.data })
              .from(fileChunks)
              .where(and(eq(fileChunks.fileId, id), eq(fileChunks.seq, seq)));
            if (!chunk) {
              return;
            }
            yield Buffer.from(chunk.data);
          }
        })(),
      );
    },
    async remove(ids) {
      if (ids.length > 0) {
        await ctx.db.delete(fileChunks).where(inArray(fileChunks.fileId, [...ids]));
      }
    },
  };
}
