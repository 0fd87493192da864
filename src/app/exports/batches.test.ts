import { describe, expect, it } from 'vitest';
import { pagedRows } from './batches.js';

describe('pagedRows', () => {
  it('reads every page through its cursor, one page at a time, and the first before returning', async () => {
    const reads: (string | undefined)[] = [];
    const pages: Record<string, { items: number[]; nextCursor: string | null }> = {
      first: { items: [1, 2], nextCursor: 'b' },
      b: { items: [3, 4], nextCursor: 'c' },
      c: { items: [5], nextCursor: null },
    };
    const rows = await pagedRows(
      async (cursor) => {
        reads.push(cursor);
        return pages[cursor ?? 'first']!;
      },
      (items) => items.map((n) => n * 10),
    );
    expect(reads).toEqual([undefined]);
    const seen: number[] = [];
    for await (const row of rows) {
      seen.push(row);
      // The next page is read only once the rows of the current one are taken.
      expect(reads.length).toBe(row <= 20 ? 1 : row <= 40 ? 2 : 3);
    }
    expect(seen).toEqual([10, 20, 30, 40, 50]);
  });

  it('fails before returning when the first page is refused', async () => {
    await expect(
      pagedRows(
        () => Promise.reject(new Error('not-found')),
        (items: number[]) => items,
      ),
    ).rejects.toThrow('not-found');
  });
});
