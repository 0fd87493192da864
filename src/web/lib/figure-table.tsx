import { Table, type TableProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { useFormat } from './format';

export interface Figure {
  key: string;
  label: ReactNode;
  value: number;
}

/**
 * Two columns of figures: what each counts, and the number, right-aligned in the reader's
 * format (the dashboard's days and vouchers, the close-out report's days).
 */
export function FigureTable({
  labelHeader,
  valueHeader,
  figures,
  ...table
}: { labelHeader: string; valueHeader: string; figures: readonly Figure[] } & TableProps) {
  const format = useFormat();
  return (
    <Table {...table}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{labelHeader}</Table.Th>
          <Table.Th ta="right">{valueHeader}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {figures.map((figure) => (
          <Table.Tr key={figure.key}>
            <Table.Td>{figure.label}</Table.Td>
            <Table.Td ta="right">{format.number(figure.value)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
