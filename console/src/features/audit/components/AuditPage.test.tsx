import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TAuditEntry } from '@hutong/shared';
import { buildCase } from '../../../test/factories';
import { errorReply, startLocalServer } from '../../../test/local-server';
import type { LocalServer } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { AntdProvider } from '../../../app/AntdProvider';
import { AuthProvider } from '../../auth/AuthProvider';
import { AuditPage } from './AuditPage';

const SUPERVISOR = {
  id: '00000000-0000-4000-8000-00000000b001',
  username: 'supervisor',
  displayName: 'Supervisor Wang',
  role: 'supervisor',
};
const OPERATOR_REF = {
  id: '00000000-0000-4000-8000-00000000b002',
  displayName: 'Operator Li',
  username: 'li.operator',
};
const CASE = buildCase({ id: '00000000-0000-4000-8000-00000000e001', reference: 'HT-7K2M-Q9XD' });

const entry = (id: number, overrides: Partial<TAuditEntry> = {}): TAuditEntry => ({
  id,
  // 16:00 in Beijing.
  at: '2030-01-01T08:00:00.000Z',
  actor: OPERATOR_REF,
  action: 'case.read',
  entityType: 'case',
  entityId: CASE.id,
  caseId: CASE.id,
  caseReference: CASE.reference,
  data: { reporterIdentityShown: false },
  ...overrides,
});

// antd's table measures itself; jsdom has no layout, so nothing is ever observed.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

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
      id === 5
        ? { action: 'auth.login', actor: null, caseId: null, caseReference: null, data: {} }
        : id === 4
          ? {
              action: 'case.status_changed',
              data: {
                before: { status: 'triaging', assigneeId: null },
                after: { status: 'in_progress', assigneeId: OPERATOR_REF.id },
              },
            }
          : {},
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
        json: {
          entries: page,
          nextBefore: rest.length > 2 ? page.at(-1)!.id : null,
          names: { [OPERATOR_REF.id]: OPERATOR_REF.displayName },
        },
      };
    }
    return errorReply('NOT_FOUND', 404, 'Not found');
  });
  renderWithProviders(
    <AuthProvider>
      <AntdProvider>
        <AuditPage />
      </AntdProvider>
    </AuthProvider>,
    { baseUrl: server.baseUrl, language },
  );
}

const auditQueries = () =>
  server!.requests
    .map((r) => new URL(r.url, 'http://local'))
    .filter((u) => u.pathname === '/api/audit')
    .map((u) => Object.fromEntries(u.searchParams));

const rows = () =>
  within(screen.getByRole('table'))
    .getAllByRole<HTMLTableRowElement>('row')
    .filter((r) => r.classList.contains('ant-table-row'));

/** How long to wait for antd to render under load (never an assertion about time). */
const SLOW = { timeout: 20_000 };

const cellTexts = () => rows().map((r) => [...r.cells].map((c) => c.textContent));

// antd in jsdom is slow on a shared machine: the time limit is generous, the assertions are not timed.
describe('AuditPage', { timeout: 120_000 }, () => {
  it('shows who (name and username), the action in words, readable details and Beijing time', async () => {
    await renderAudit();
    await waitFor(() => expect(rows()).toHaveLength(2), SLOW);
    expect(cellTexts()).toEqual([
      ['1 Jan 2030, 16:00', 'System', 'Signed in', '', ''],
      [
        '1 Jan 2030, 16:00',
        'Operator Lili.operator',
        'Case status changed',
        'HT-7K2M-Q9XD',
        'statusBeing assessed → In progressassignee— → Operator Li',
      ],
    ]);
    // A person named by id in the details is shown by name, never by the id.
    expect(screen.getByRole('table').textContent).not.toContain(OPERATOR_REF.id);
    // The reference becomes a link once the signed-in role is known (/api/auth/me may answer later).
    await waitFor(() => within(rows()[1]!).getByRole('link', { name: 'HT-7K2M-Q9XD' }));
    expect(screen.getByRole('table').textContent).not.toMatch(/[{}]|case\.read|auth\.login/);
  });

  it('pages back to older entries and forward again, and says where the log ends', async () => {
    const u = userEvent.setup({ delay: null });
    await renderAudit();
    await waitFor(() => expect(rows()).toHaveLength(2), SLOW);
    const older = screen.getByRole('button', { name: 'Older entries' });
    const newer = screen.getByRole('button', { name: 'Newer entries' });
    expect(newer).toHaveProperty('disabled', true);
    await u.click(older);
    await waitFor(() => expect(screen.getByText('Page 2')).toBeTruthy(), SLOW);
    expect(cellTexts()[0]![4]).toBe('reporter identity shownno');
    await waitFor(() => expect(older).toHaveProperty('disabled', false), SLOW);
    await u.click(older);
    await waitFor(() => expect(rows()).toHaveLength(1), SLOW);
    expect(screen.getByText('No older entries.')).toBeTruthy();
    expect(older).toHaveProperty('disabled', true);
    await waitFor(() => expect(newer).toHaveProperty('disabled', false), SLOW);
    await u.click(newer);
    await waitFor(() => expect(screen.getByText('Page 2')).toBeTruthy(), SLOW);
    expect(auditQueries().map((q) => q.before)).toEqual([undefined, '4', '2', '4']);
  });

  it('filters by user, case reference, action and Beijing days, and the CSV link uses the same filter', async () => {
    const u = userEvent.setup({ delay: null });
    await renderAudit();
    await waitFor(() => expect(rows()).toHaveLength(2), SLOW);

    await u.type(screen.getByLabelText('User'), 'Operator');
    await u.click(await screen.findByTitle('Operator Li', {}, SLOW));
    await u.type(screen.getByLabelText('Case reference or id'), 'ht-7k2m-q9xd');
    await u.type(screen.getByLabelText('Action'), 'exported');
    await u.click(await screen.findByTitle('Case record exported', {}, SLOW));
    await u.click(screen.getByLabelText('Dates (Beijing time)'));
    await u.keyboard('2030-01-01{Enter}');
    await u.keyboard('2030-01-02{Enter}');
    await u.click(screen.getByRole('button', { name: 'Apply filters' }));

    const filter = {
      userId: OPERATOR_REF.id,
      caseId: CASE.id,
      action: 'case.exported',
      from: '2029-12-31T16:00:00.000Z',
      to: '2030-01-02T16:00:00.000Z',
    };
    // Enter in a date field submits the form too: what counts is the filter asked for last.
    await waitFor(() => expect(auditQueries().at(-1)).toEqual(filter), SLOW);
    const csv = new URL(
      screen.getByRole('link', { name: 'Download CSV' }).getAttribute('href')!,
      'http://local',
    );
    expect(csv.pathname).toBe('/api/audit');
    expect(Object.fromEntries(csv.searchParams)).toEqual({ ...filter, format: 'csv', lang: 'en' });
  });

  it('refuses a case that is neither a reference nor an id without asking the server', async () => {
    const u = userEvent.setup({ delay: null });
    await renderAudit();
    await waitFor(() => expect(rows()).toHaveLength(2), SLOW);
    await u.type(screen.getByLabelText('Case reference or id'), 'case 12');
    await u.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(
      () => expect(screen.getByRole('alert').textContent).toMatch(/Enter a case reference/),
      SLOW,
    );
    expect(auditQueries()).toHaveLength(1);
  });

  it('speaks Chinese', async () => {
    await renderAudit('zh-CN');
    expect(await screen.findByRole('heading', { name: '审计日志' })).toBeTruthy();
    await waitFor(() => expect(rows()).toHaveLength(2), SLOW);
    expect(cellTexts()[1]!.slice(0, 3)).toEqual([
      '2030年1月1日 16:00',
      'Operator Lili.operator',
      '工单状态变更',
    ]);
    expect(screen.getByRole('button', { name: '较早的记录' })).toBeTruthy();
    expect(screen.getByRole('link', { name: '下载 CSV' })).toBeTruthy();
  });
});
