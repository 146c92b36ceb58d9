import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithProviders } from '../test/render';
import { AdminTable, type AdminColumn } from './AdminTable';

interface Person {
  id: string;
  name: string;
  role: string;
}

const columns: AdminColumn<Person>[] = [
  { key: 'name', title: 'Name', rowHeader: true, render: (p) => p.name },
  { key: 'role', title: 'Role', render: (p) => p.role },
];

function renderTable(rows: Person[] | null, error: unknown = null) {
  const onRetry = vi.fn();
  renderWithProviders(
    <AdminTable
      caption="People"
      columns={columns}
      rows={rows}
      rowKey={(p) => p.id}
      loading="Loading people…"
      empty="Nobody yet."
      error={error}
      errorMessage="The people could not be loaded."
      onRetry={onRetry}
    />,
  );
  return onRetry;
}

describe('AdminTable', () => {
  it('says it is loading until the rows come', () => {
    renderTable(null);
    expect(screen.getByText('Loading people…')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('says so when the list is empty', () => {
    renderTable([]);
    expect(screen.getByText('Nobody yet.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows what failed with a retry', async () => {
    const onRetry = renderTable(null, new Error('offline'));
    expect(screen.getByRole('alert').textContent).toContain('The people could not be loaded.');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it('names the table by its caption and each row by its header cell, in a scroll box', () => {
    renderTable([
      { id: '1', name: 'Li Na', role: 'Operator' },
      { id: '2', name: 'Wang Wei', role: 'Admin' },
    ]);
    const table = screen.getByRole('table', { name: 'People' });
    expect(table.parentElement?.className).toBe('table-scroll');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual([
      'Li Na',
      'Wang Wei',
    ]);
    expect(within(rows[1]!).getByRole('cell').textContent).toBe('Admin');
  });
});
