import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TCaseDetail, TChildOnFile } from '@hutong/shared';
import { SocketProvider } from '../../../realtime/SocketProvider';
import { buildCase, buildCaseDetail } from '../../../test/factories';
import { FakeSocket } from '../../../test/fake-socket';
import { errorReply, startLocalServer } from '../../../test/local-server';
import type { LocalServer, RecordedRequest, Reply } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { AuthProvider } from '../../auth/AuthProvider';
import { CaseRoute } from './CasePage';

const me = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'operator',
  displayName: 'Operator One',
  role: 'operator',
};
const colleague = { id: '00000000-0000-4000-8000-00000000beef', displayName: 'Operator Two' };

function buildDetail(overrides: Partial<TCaseDetail> = {}): TCaseDetail {
  const summary = buildCase({
    reference: 'HT-WORK-0001',
    status: 'triaging',
    assignee: { id: me.id, displayName: me.displayName },
    claimedAt: '2030-01-01T00:01:00.000Z',
    version: 3,
  });
  return buildCaseDetail({
    ...summary,
    reports: [],
    events: [
      {
        seq: 1,
        caseId: summary.id,
        type: 'case_opened',
        actor: null,
        data: { reference: 'HT-WORK-0001', priority: 'P3' },
        createdAt: summary.createdAt,
      },
      {
        seq: 2,
        caseId: summary.id,
        type: 'note_added',
        actor: colleague,
        data: { text: '已联系班主任' },
        createdAt: summary.createdAt,
      },
      {
        seq: 3,
        caseId: summary.id,
        type: 'status_changed',
        actor: colleague,
        data: { from: 'new', to: 'closed_no_action', reason: '重复来电' },
        createdAt: summary.createdAt,
      },
    ],
    ...overrides,
  });
}

let server: LocalServer | undefined;
/** The live transport of the last rendered case page. */
let socket: FakeSocket;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Renders the case page; `handle` answers everything but the session and the case read. */
async function renderCase(
  detail: () => TCaseDetail,
  handle: (request: RecordedRequest) => Reply | undefined = () => undefined,
) {
  server = await startLocalServer((request) => {
    if (request.url === '/api/auth/me') return { status: 200, json: me };
    const custom = handle(request);
    if (custom) return custom;
    if (request.url.endsWith('/viewers')) return { status: 200, json: { viewers: [] } };
    if (request.method === 'GET' && request.url.startsWith('/api/cases/'))
      return { status: 200, json: detail() };
    return errorReply('NOT_FOUND', 404, 'Not found');
  });
  socket = new FakeSocket();
  renderWithProviders(
    <AuthProvider>
      <SocketProvider factory={socket.factory} onUnauthenticated={() => undefined}>
        <CaseRoute />
      </SocketProvider>
    </AuthProvider>,
    { baseUrl: server.baseUrl, path: `/c/${detail().id}`, routePath: '/c/:id' },
  );
  await screen.findByRole('heading', { name: 'Case HT-WORK-0001' });
  // The workspace appears once the session is known.
  await screen.findByRole('heading', { name: 'Assessment' });
  return server;
}

const patches = () => server!.requests.filter((r) => r.method === 'PATCH');

// The autosave waits a second after the last keystroke, so these run past the default 5 s.
describe('case workspace', { timeout: 40_000 }, () => {
  it('autosaves the assessment on the version it was based on, then says it is saved', async () => {
    let current = buildDetail();
    await renderCase(
      () => current,
      (request) => {
        if (request.method !== 'PATCH') return undefined;
        const body = request.body as { version: number; assessment: TCaseDetail['assessment'] };
        current = { ...current, version: body.version + 1, assessment: body.assessment };
        return { status: 200, json: current };
      },
    );
    await userEvent.click(screen.getByRole('button', { name: 'Add a child' }));
    await userEvent.type(screen.getByLabelText('Name'), '李小红');
    await userEvent.click(screen.getByLabelText('The suspected person can reach the child now'));
    await waitFor(() => expect(screen.getByText('All changes saved')).toBeTruthy(), {
      timeout: 10_000,
    });
    // Debounced (how many saves depends on the machine's speed, so it is not counted): each on
    // the version the previous save returned, the last with everything.
    const saves = patches();
    expect(saves.length).toBeGreaterThan(0);
    saves.forEach((save, i) => expect(save.body).toMatchObject({ version: 3 + i }));
    expect(saves.at(-1)!.body).toEqual({
      version: 3 + saves.length - 1,
      assessment: { children: [{ name: '李小红' }], risks: ['suspect_has_access'] },
    });
  });

  it('shows the child on the register once saving the assessment has matched the child it names', async () => {
    const onFile: TChildOnFile = {
      id: '00000000-0000-4000-8000-0000000c0001',
      name: '李小红',
      categories: ['left_behind'],
      riskLevel: 'medium',
      lastVisitAt: null,
      region: { code: '440117101201', name: '石南村', path: ['从化区', '温泉镇', '石南村'] },
      director: { id: '00000000-0000-4000-8000-0000000d0001', displayName: '王主任' },
    };
    let current = buildDetail();
    await renderCase(
      () => current,
      (request) => {
        if (request.method !== 'PATCH') return undefined;
        const body = request.body as { version: number; assessment: TCaseDetail['assessment'] };
        // The server matched the named child against the register after the save committed.
        const matched = body.assessment.children?.some((c) => c.name === onFile.name);
        current = {
          ...current,
          version: body.version + 1,
          assessment: body.assessment,
          ...(matched ? { childrenOnFile: [onFile] } : {}),
        };
        return { status: 200, json: current };
      },
    );
    expect(screen.queryByRole('heading', { name: 'Child on the register' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Add a child' }));
    await userEvent.type(screen.getByLabelText('Name'), onFile.name);
    const panel = await screen.findByRole(
      'region',
      { name: 'Child on the register' },
      { timeout: 10_000 },
    );
    const link = within(panel).getByRole('link', { name: /李小红/ });
    expect(link.getAttribute('href')).toBe(`/children/${onFile.id}?case=${current.id}`);
    expect(within(panel).getByText(/王主任/)).toBeTruthy();
  });

  it('shows what is wrong and does not save an invalid ID number', async () => {
    await renderCase(() => buildDetail());
    await userEvent.click(screen.getByRole('button', { name: 'Add a child' }));
    const id = screen.getByLabelText('ID number (if known)');
    await userEvent.type(id, '12345');
    const message = 'An ID number is 18 characters: 17 digits and a digit or X.';
    await waitFor(() => expect(screen.getAllByText(message).length).toBeGreaterThan(0), {
      timeout: 10_000,
    });
    expect(id.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(id.getAttribute('aria-describedby')!)?.textContent).toBe(
      message,
    );
    // Never sent (on a slow machine the added empty child may be saved before the typing starts).
    expect(patches().filter((p) => JSON.stringify(p.body).includes('12345'))).toHaveLength(0);
  });

  it('puts every error on its field, as the report form does, and links to it from the list', async () => {
    await renderCase(() => buildDetail());
    await userEvent.click(screen.getByRole('button', { name: 'Add a child' }));
    const school = screen.getByLabelText('School or kindergarten');
    await userEvent.click(school);
    await userEvent.paste('校'.repeat(201));
    const message = 'This is too long.';
    await waitFor(() => expect(school.getAttribute('aria-invalid')).toBe('true'), {
      timeout: 10_000,
    });
    expect(document.getElementById(school.getAttribute('aria-describedby')!)?.textContent).toBe(
      message,
    );
    const summary = screen.getByText('Not saved: correct the fields marked below.').parentElement!;
    await userEvent.click(within(summary).getByRole('link', { name: message }));
    expect(document.activeElement).toBe(school);
    expect(patches().filter((p) => JSON.stringify(p.body).includes('校'))).toHaveLength(0);
  });

  it('on a version conflict shows what the other person changed and redoes the operator’s change', async () => {
    const theirs = buildDetail({
      version: 4,
      assessment: { risks: ['child_alone'] },
      events: [
        ...buildDetail().events,
        {
          seq: 4,
          caseId: buildDetail().id,
          type: 'assessment_updated',
          actor: colleague,
          data: { changed: ['risks'] },
          createdAt: '2030-01-01T00:02:00.000Z',
        },
      ],
    });
    await renderCase(
      () => buildDetail(),
      (request) => {
        if (request.method !== 'PATCH') return undefined;
        const body = request.body as { version: number };
        if (body.version === 3)
          return errorReply('CASE_VERSION_CONFLICT', 409, 'Changed', { current: theirs });
        return { status: 200, json: { ...theirs, version: 5 } };
      },
    );
    await userEvent.selectOptions(screen.getByLabelText('Guardianship'), 'one_parent');
    const alert = await screen.findByRole(
      'alert',
      { name: 'Someone else changed this case' },
      {
        timeout: 10_000,
      },
    );
    expect(within(alert).getByText(/Operator Two/)).toBeTruthy();
    expect(within(alert).getByText('risk checklist')).toBeTruthy();
    await userEvent.click(within(alert).getByRole('button', { name: 'Apply my changes again' }));
    await waitFor(() => expect(patches()).toHaveLength(2));
    expect(patches()[1]!.body).toEqual({
      version: 4,
      assessment: { guardianship: 'one_parent' },
    });
    await waitFor(() =>
      expect(screen.queryByRole('alert', { name: 'Someone else changed this case' })).toBeNull(),
    );
  });

  it('shows who else is in the case live and keeps the form for whoever began editing first', async () => {
    const detail = buildDetail();
    const since = (s: number) => `2030-01-01T00:0${s}:00.000Z`;
    await renderCase(
      () => detail,
      (request) =>
        request.url === `/api/cases/${detail.id}/viewers`
          ? {
              status: 200,
              json: {
                viewers: [
                  {
                    userId: colleague.id,
                    displayName: 'Operator Two',
                    editing: true,
                    since: since(1),
                  },
                  { userId: me.id, displayName: me.displayName, editing: false, since: since(0) },
                ],
              },
            }
          : undefined,
    );
    socket.acceptConnection();
    // This console says it has the case open, not yet editing.
    await waitFor(() =>
      expect(socket.sent).toContainEqual({
        event: 'case.watch',
        payload: { caseId: detail.id, editing: false },
      }),
    );
    // Typing makes it an editor.
    await userEvent.selectOptions(screen.getByLabelText('Guardianship'), 'one_parent');
    await waitFor(() =>
      expect(socket.sent).toContainEqual({
        event: 'case.watch',
        payload: { caseId: detail.id, editing: true },
      }),
    );
    // A colleague (a supervisor, say) began editing first: ids only on the wire.
    socket.emit('case.viewers.updated', {
      caseId: detail.id,
      viewers: [
        { userId: colleague.id, editing: true, since: since(1) },
        { userId: me.id, editing: true, since: since(2) },
      ],
    });
    const viewers = await screen.findByRole(
      'status',
      { name: 'Also in this case' },
      { timeout: 10_000 },
    );
    await within(viewers).findByText('Operator Two (editing)', {}, { timeout: 10_000 });
    expect(await screen.findByText(/Operator Two is changing this assessment now/)).toBeTruthy();
    expect(screen.getByText('Someone else is editing')).toBeTruthy();
    expect(screen.getByLabelText('Guardianship').matches(':disabled')).toBe(true);
    // They stop: the form is this operator's again.
    socket.emit('case.viewers.updated', {
      caseId: detail.id,
      viewers: [
        { userId: me.id, editing: true, since: since(2) },
        { userId: colleague.id, editing: false, since: since(1) },
      ],
    });
    await waitFor(
      () => expect(screen.getByLabelText('Guardianship').matches(':disabled')).toBe(false),
      { timeout: 10_000 },
    );
    expect(within(viewers).getByText('Operator Two')).toBeTruthy();
    expect(screen.queryByText(/is changing this assessment now/)).toBeNull();
    // Names were read once, from the route that checks access.
    expect(server!.requests.filter((r) => r.url.endsWith('/viewers'))).toHaveLength(1);
  });

  it('asks again for a name the first read could not give, without waiting for the list to change', async () => {
    const detail = buildDetail();
    let reads = 0;
    await renderCase(
      () => detail,
      (request) => {
        if (request.url !== `/api/cases/${detail.id}/viewers`) return undefined;
        reads += 1;
        // The first read fails (a loaded server), the second names the colleague.
        if (reads === 1) return errorReply('SERVICE_UNAVAILABLE', 503, 'x');
        return {
          status: 200,
          json: {
            viewers: [
              {
                userId: colleague.id,
                displayName: 'Operator Two',
                editing: false,
                since: '2030-01-01T00:01:00.000Z',
              },
            ],
          },
        };
      },
    );
    socket.acceptConnection();
    socket.emit('case.viewers.updated', {
      caseId: detail.id,
      viewers: [{ userId: colleague.id, editing: false, since: '2030-01-01T00:01:00.000Z' }],
    });
    const viewers = await screen.findByRole(
      'status',
      { name: 'Also in this case' },
      { timeout: 10_000 },
    );
    await within(viewers).findByText('Operator Two', {}, { timeout: 10_000 });
    expect(reads).toBe(2);
  });

  it('explains a refused status change in the operator’s words', async () => {
    await renderCase(
      () => buildDetail({ categories: ['organised_begging'] }),
      (request) =>
        request.url.endsWith('/transition')
          ? errorReply('ILLEGAL_TRANSITION', 409, 'x', {
              from: 'triaging',
              to: 'closed_no_action',
              problem: 'police_not_notified',
            })
          : undefined,
    );
    expect(
      screen.getByText(
        'This case is in a mandatory-reporting situation: record when the police were notified.',
      ),
    ).toBeTruthy();
    await userEvent.type(
      screen.getByLabelText('Reason (required to close without action)'),
      '重复',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Move to “Closed, no action”' }));
    expect(
      await screen.findByText(/record when the police were notified before closing it/),
    ).toBeTruthy();
    const transition = server!.requests.find((r) => r.url.endsWith('/transition'));
    expect(transition?.body).toEqual({ to: 'closed_no_action', version: 3, reason: '重复' });
  });

  it('tells the timeline in plain words: notes, moves and reasons, with who', async () => {
    await renderCase(() => buildDetail());
    expect(screen.getByText('Note: 已联系班主任')).toBeTruthy();
    expect(screen.getByText('Status: New → Closed, no action · Reason: 重复来电')).toBeTruthy();
    expect(screen.getAllByText(/— Operator Two/)).toHaveLength(2);
  });

  it("links to the reporters' earlier contacts for roles allowed to see them", async () => {
    const detail = buildDetail();
    await renderCase(() => detail);
    const link = screen.getByRole('link', { name: 'Earlier contacts from this case’s reporters' });
    expect(link.getAttribute('href')).toBe(
      `/directory?case=${detail.id}&reference=${detail.reference}`,
    );
  });
});
