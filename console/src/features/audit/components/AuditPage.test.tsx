import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TAuditEntry } from '@hutong/shared';
import { buildCase } from '../../../test/factories';
import { errorReply, startLocalServer } from '../../../test/local-server';
import type { LocalServer } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { AuthProvider } from '../../auth/AuthProvider';
import { AuditPage } from './AuditPage';

const SUPERVISOR = {
  id: '00000000-0000-4000-8000-00000000b001',
  username: 'supervisor',
  displayName: 'Supervisor Wang',
  role: 'supervisor',
};
const OPERATOR_REF = { id: '00000000-0000-4000-8000-00000000b002', displayName: 'Operator Li' };
const CASE = buildCase({ id: '00000000-0000-4000-8000-00000000e001', reference: 'HT-7K2M-Q9XD' });

const entry = (id: number, overrides: Partial<TAuditEntry> = {}): TAuditEntry => ({
  id,
  at: '2030-01-01T08:00:00.000Z',
  actor: OPERATOR_REF,
  action: 'case.read',
  entityType: 'case',
  entityId: CASE.id,
  caseId: CASE.id,
  caseReference: CASE.reference,
  data: {},
  ...overrides,
});

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Five entries (ids 5…1), served two per page, newest first, honouring `before`. */
async function renderAudit(language: 'en' | 'zh-CN' = 'en') {
  const all = [5, 4, 3, 2, 1].map((id) =>
    entry(
      id,
      id === 5 ? { action: 'auth.login', actor: null, caseId: null, caseReference: null } : {},
    ),
  );
  server = await startLocalServer((r) => {
    const url = new URL(r.url, 'http://local');
    if (url.pathname === '/api/auth/me') return { status: 200, json: SUPERVISOR };
    if (url.pathname === '/api/cases/assignees') {
      return { status: 200, json: { users: [OPERATOR_REF] } };
    }
    if (url.pathname === '/api/cases/search') return { status: 200, json: { cases: [CASE] } };
    if (url.pathname === '/api/audit') {
      const before = Number(url.searchParams.get('before') ?? Infinity);
      const rest = all.filter((e) => e.id < before);
      const page = rest.slice(0, 2);
      return {
        status: 200,
        json: { entries: page, nextBefore: rest.length > 2 ? page.at(-1)!.id : null },
      };
    }
    return errorReply('NOT_FOUND', 404, 'Not found');
  });
  renderWithProviders(
    <AuthProvider>
      <AuditPage />
    </AuthProvider>,
    { baseUrl: server.baseUrl, language },
  );
}

const auditQueries = () =>
  server!.requests
    .map((r) => new URL(r.url, 'http://local'))
    .filter((u) => u.pathname === '/api/audit')
    .map((u) => Object.fromEntries(u.searchParams));

describe('AuditPage', () => {
  it('shows entries newest first and pages back with "load more" until the end', async () => {
    const u = userEvent.setup();
    await renderAudit();
    const table = await screen.findByRole('table', { name: 'Audit entries, newest first' });
    const rows = () => within(table).getAllByRole<HTMLTableRowElement>('row').slice(1);
    expect(rows().map((r) => r.cells[2]!.textContent)).toEqual(['auth.login', 'case.read']);
    expect(rows()[0]!.cells[1]!.textContent).toBe('System');
    // The reference becomes a link once the signed-in role is known (/api/auth/me may answer later).
    await waitFor(() => within(rows()[1]!).getByRole('link', { name: 'HT-7K2M-Q9XD' }));

    await u.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(rows()).toHaveLength(4));
    await u.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(rows()).toHaveLength(5));
    expect(screen.getByText('No older entries.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(auditQueries().map((q) => q.before)).toEqual([undefined, '4', '2']);
  });

  it('filters by user, case reference, action and dates, and the CSV link uses the same filter', async () => {
    const u = userEvent.setup();
    await renderAudit();
    await screen.findByRole('table');
    await u.selectOptions(screen.getByLabelText('User'), OPERATOR_REF.id);
    await u.type(screen.getByLabelText('Case reference or id'), 'ht-7k2m-q9xd');
    await u.type(screen.getByLabelText('Action'), 'case.read');
    await u.type(screen.getByLabelText('From'), '2030-01-01');
    await u.type(screen.getByLabelText('To (inclusive)'), '2030-01-02');
    await u.click(screen.getByRole('button', { name: 'Apply filters' }));

    const from = new Date(2030, 0, 1).toISOString();
    const to = new Date(2030, 0, 3).toISOString();
    await waitFor(() => expect(auditQueries()).toHaveLength(2));
    expect(auditQueries()[1]).toEqual({
      userId: OPERATOR_REF.id,
      caseId: CASE.id,
      action: 'case.read',
      from,
      to,
    });
    const csv = new URL(
      screen.getByRole('link', { name: 'Download CSV' }).getAttribute('href')!,
      'http://local',
    );
    expect(csv.pathname).toBe('/api/audit');
    expect(Object.fromEntries(csv.searchParams)).toEqual({
      userId: OPERATOR_REF.id,
      caseId: CASE.id,
      action: 'case.read',
      from,
      to,
      format: 'csv',
    });
  });

  it('refuses a malformed action or an inverted range without asking the server', async () => {
    const u = userEvent.setup();
    await renderAudit();
    await screen.findByRole('table');
    await u.type(screen.getByLabelText('Action'), 'Case Read');
    await u.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(screen.getByRole('alert').textContent).toMatch(/An action looks like case\.read/);
    await u.clear(screen.getByLabelText('Action'));
    await u.type(screen.getByLabelText('From'), '2030-02-01');
    await u.type(screen.getByLabelText('To (inclusive)'), '2030-01-01');
    await u.click(screen.getByRole('button', { name: 'Apply filters' }));
    expect(screen.getByRole('alert').textContent).toBe('“From” must not be after “To”.');
    expect(auditQueries()).toHaveLength(1);
  });

  it('speaks Chinese', async () => {
    await renderAudit('zh-CN');
    expect(await screen.findByRole('heading', { name: '审计日志' })).toBeTruthy();
    expect(await screen.findByRole('button', { name: '加载更多' })).toBeTruthy();
    expect(screen.getByRole('link', { name: '下载 CSV' })).toBeTruthy();
  });
});
