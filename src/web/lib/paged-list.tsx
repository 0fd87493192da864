import { Paper, Table, type TableProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { Empty, Pager, QueryState, type usePagedList } from './ui';

/** What `usePagedList` returns: the query of the current page and the cursor moves. */
export type PagedList<T> = ReturnType<typeof usePagedList<T>>;

/** The pager of a cursor-paginated list (nothing while there is only one page). */
export function ListPager<T>({ list }: { list: PagedList<T> }) {
  return (
    <Pager
      page={list.page}
      hasPrevious={list.hasPrevious}
      hasNext={list.hasNext}
      onPrevious={list.previous}
      onNext={list.next}
    />
  );
}

/**
 * The current page of a list (or its loading, error or empty state), then the pager. The
 * fragment leaves no element behind, so the surrounding Stack lays both out as before.
 */
export function PagedItems<T>({
  list,
  empty,
  children,
}: {
  list: PagedList<T>;
  empty: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  return (
    <>
      <QueryState query={list.query}>
        {(page) => (page.items.length === 0 ? <Empty>{empty}</Empty> : children(page.items))}
      </QueryState>
      <ListPager list={list} />
    </>
  );
}

export type ListTableProps<T> = {
  /** The scroll container's minimum width, in pixels. */
  minWidth: number;
  /** The header cells (`Table.Th`), in one row. */
  head: ReactNode;
  /** One `Table.Tr` (with its key) per item. */
  row: (item: T) => ReactNode;
  /** In a bordered Paper (the default), or bare where the list already sits in one. */
  framed?: boolean;
  /**
   * The item as a card for narrow screens (≤ 40em, a 390 px phone): code, status and next
   * deadline without sideways scrolling (issue 12). Without it, the table scrolls.
   */
  card?: (item: T) => ReactNode;
} & Pick<TableProps, 'striped' | 'highlightOnHover' | 'verticalSpacing'>;

/** Items as a horizontally scrolling table. */
export function ListTable<T>({
  items,
  minWidth,
  head,
  row,
  framed = true,
  card,
  ...tableProps
}: ListTableProps<T> & { items: readonly T[] }) {
  const table = (
    <Table.ScrollContainer minWidth={minWidth} className={card ? 'saps-wide-table' : undefined}>
      <Table {...tableProps}>
        <Table.Thead>
          <Table.Tr>{head}</Table.Tr>
        </Table.Thead>
        <Table.Tbody>{items.map(row)}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
  const cards = card ? (
    <ul className="saps-cards saps-card-list">
      {items.map((item, index) => (
        <li key={index}>{card(item)}</li>
      ))}
    </ul>
  ) : null;
  return framed ? (
    <Paper withBorder>
      {table}
      {cards}
    </Paper>
  ) : (
    <>
      {table}
      {cards}
    </>
  );
}

/** A cursor-paginated list as a table: loading, error and empty states, the table, the pager. */
export function PagedTable<T>({ list, empty, ...table }: ListTableProps<T> & { list: PagedList<T>; empty: ReactNode }) {
  return (
    <PagedItems list={list} empty={empty}>
      {(items) => <ListTable items={items} {...table} />}
    </PagedItems>
  );
}
