import type { ReactNode } from 'react';
import { LoadError } from './LoadError';
import { Loading } from './Loading';

/** One column of an administrators' list: its heading and what a row shows in it. */
export interface AdminColumn<Row> {
  key: string;
  title: ReactNode;
  render: (row: Row) => ReactNode;
  /** The column that names the row (a username, a centre's name): a row header. */
  rowHeader?: boolean;
}

/**
 * An administrators' list (users, centres, organisations, canned replies, the directory): a
 * loading state, the error with a retry, an empty line, or the table — in a box that scrolls
 * sideways on a phone, with a caption for screen readers. `rows` is null until the first load.
 */
export function AdminTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  loading,
  empty,
  error,
  errorMessage,
  onRetry,
}: {
  caption: string;
  columns: readonly AdminColumn<Row>[];
  rows: readonly Row[] | null;
  rowKey: (row: Row) => string;
  /** What the loading state says ("Loading accounts…"). */
  loading: string;
  /** What an empty list says. */
  empty: string;
  /** Why the list could not be read; null or undefined when it could. */
  error: unknown;
  /** What failed, shown before the error's own message. */
  errorMessage: string;
  onRetry: () => void;
}) {
  if (error !== null && error !== undefined) {
    return <LoadError message={errorMessage} error={error} onRetry={onRetry} />;
  }
  if (rows === null) return <Loading label={loading} />;
  if (rows.length === 0) return <p className="empty">{empty}</p>;
  return (
    <div className="table-scroll">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col">
                {column.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) =>
                column.rowHeader ? (
                  <th key={column.key} scope="row">
                    {column.render(row)}
                  </th>
                ) : (
                  <td key={column.key}>{column.render(row)}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
