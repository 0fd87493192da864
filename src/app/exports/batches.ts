import type { Page } from '../pagination.js';

/** Rows per read of an export: the lists' keyset pagination, with a larger page. */
export const exportBatchSize = 500;

/**
 * The rows of a list, page after page through its own keyset cursor, so an export holds one
 * page in memory whatever its length. The first page is read before this returns: a filter
 * the list refuses (a cursor, another organisation's agreement) fails before the response's
 * headers are sent, as a problem answer instead of a broken download.
 */
export async function pagedRows<T, R>(
  readPage: (cursor: string | undefined) => Promise<Page<T>>,
  toRows: (items: T[]) => Promise<R[]> | R[],
): Promise<AsyncIterable<R>> {
  const first = await readPage(undefined);
  async function* rows(): AsyncGenerator<R> {
    let page = first;
    for (;;) {
      yield* await toRows(page.items);
      if (!page.nextCursor) {
        return;
      }
      page = await readPage(page.nextCursor);
    }
  }
  return rows();
}
