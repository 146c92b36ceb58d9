import { afterEach, describe, expect, it } from 'vitest';
import { Route, Routes } from 'react-router';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Role, TCheckinCall, TChildFile } from '@hutong/shared';
import { errorReply, startLocalServer } from '../../../test/local-server';
import type { LocalServer, RecordedRequest, Reply } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { FakeSocket } from '../../../test/fake-socket';
import { SocketProvider } from '../../../realtime/SocketProvider';
import { AuthProvider } from '../../auth/AuthProvider';
import { ChildFileRoute } from './ChildFilePage';
import { VisitOutboxProvider } from './VisitOutbox';
import { VisitRoute } from './VisitPage';

const CHILD_ID = '00000000-0000-4000-8000-0000000c0002';
const CALL_ID = '00000000-0000-4000-8000-0000000ca111';
const VISIT_ID = '00000000-0000-4000-8000-0000000b1111';
const USER_ID = '00000000-0000-4000-8000-0000000a0002';

const file: TChildFile = {
  id: CHILD_ID,
  name: '张小军',
  sex: 'male',
  dateOfBirth: '2016-03-01',
  age: 10,
  region: { code: '440117101201', name: '石南村', path: ['从化区', '温泉镇', '石南村'] },
  categories: ['left_behind'],
  riskLevel: 'low',
  lastVisitAt: null,
  nextVisitDue: null,
  overdue: false,
  status: 'open',
  phone: null,
  guardians: [
    { relation: 'father', name: '张强', livesWithChild: false },
    { relation: 'grandparent', name: '张奶奶', phone: '138 0000 0001', livesWithChild: true },
  ],
  school: null,
  health: null,
  notes: null,
  risk: { level: 'low', ruleLevel: 'low', reasons: [], raised: null },
  visits: [],
  timeline: [],
  closed: null,
  registeredAt: '2030-01-01T00:00:00.000Z',
  registeredBy: null,
  linkedReports: [],
};

const call = (overrides: Partial<TCheckinCall>): TCheckinCall => ({
  id: CALL_ID,
  childId: CHILD_ID,
  target: { kind: 'guardian', guardianIndex: 1 },
  state: 'calling_staff',
  outcome: null,
  talkSeconds: null,
  visitId: null,
  startedAt: '2030-02-01T02:00:00.000Z',
  endedAt: null,
  ...overrides,
});

let server: LocalServer | undefined;
let socket: FakeSocket;
/** What `GET …/calls/:callId` answers. */
let callNow: TCheckinCall;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const endedCall = call({
  state: 'ended',
  outcome: 'answered',
  talkSeconds: 125,
  visitId: VISIT_ID,
  endedAt: '2030-02-01T02:03:00.000Z',
});

async function renderFile(
  role: Role,
  override?: (r: RecordedRequest) => Reply | undefined,
  shown: TChildFile = file,
): Promise<void> {
  server = await startLocalServer((r) => {
    const custom = override?.(r);
    if (custom) return custom;
    if (r.url === '/api/auth/me')
      return { status: 200, json: { id: USER_ID, username: 'u', displayName: 'U', role } };
    if (r.url.startsWith('/api/warnings'))
      return { status: 200, json: { warnings: [], total: 0, page: 1, pageSize: 20, seq: 0 } };
    if (r.url === `/api/children/${CHILD_ID}` && r.method === 'GET')
      return { status: 200, json: shown };
    if (r.url === `/api/children/${CHILD_ID}/calls` && r.method === 'POST')
      return { status: 201, json: call({}) };
    if (r.url === `/api/children/${CHILD_ID}/calls/${CALL_ID}`)
      return { status: 200, json: callNow };
    if (r.url === `/api/children/${CHILD_ID}/visits` && r.method === 'POST')
      return errorReply('CONFLICT', 409, 'Stop here');
    return errorReply('NOT_FOUND', 404, 'Not found');
  });
  callNow = call({});
  socket = new FakeSocket();
  renderWithProviders(
    <AuthProvider>
      <SocketProvider factory={socket.factory} onUnauthenticated={() => undefined}>
        <VisitOutboxProvider userId={USER_ID}>
          <Routes>
            <Route path="/children/:id" element={<ChildFileRoute />} />
            <Route path="/children/:id/visit" element={<VisitRoute />} />
          </Routes>
        </VisitOutboxProvider>
      </SocketProvider>
    </AuthProvider>,
    { baseUrl: server.baseUrl, language: 'en', path: `/children/${CHILD_ID}` },
  );
  await screen.findByRole('heading', { name: /张小军/ });
  act(() => socket.acceptConnection());
}

/** The server pushes where the call is now (ids and state only). */
function push(state: TCheckinCall['state'], outcome: TCheckinCall['outcome'] = null) {
  act(() => socket.emit('checkin.updated', { id: CALL_ID, childId: CHILD_ID, state, outcome }));
}

const sent = (method: string, url: string) =>
  server!.requests.filter((r) => r.method === method && r.url === url);

// Antd's dialogs are slow to drive in jsdom on a busy machine.
describe('the check-in call from a child’s file', { timeout: 120_000 }, () => {
  it('calls the chosen guardian via my phone, follows the call live, then opens the phone visit form for it', async () => {
    await renderFile('child_director');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Call' }));
    const dialog = await screen.findByRole('dialog', { name: 'Check-in call' });
    // Only guardians with a number can be called; the one with a number is chosen.
    expect(within(dialog).getByRole('radio', { name: /张强/ })).toHaveProperty('disabled', true);
    expect(within(dialog).getByRole('radio', { name: /张奶奶/ })).toHaveProperty('checked', true);
    await user.type(within(dialog).getByLabelText('My phone number'), '13900000100');
    await user.click(within(dialog).getByRole('button', { name: 'Call now' }));

    await waitFor(() => expect(sent('POST', `/api/children/${CHILD_ID}/calls`)).toHaveLength(1));
    expect(sent('POST', `/api/children/${CHILD_ID}/calls`)[0]!.body).toEqual({
      to: { guardianIndex: 1 },
      staffPhone: '13900000100',
    });
    expect(await within(dialog).findByText('Ringing your phone…')).toBeTruthy();
    // Read once as it starts (it may have moved before the console heard), then only pushed.
    const polls = () => sent('GET', `/api/children/${CHILD_ID}/calls/${CALL_ID}`).length;
    await waitFor(() => expect(polls()).toBe(1));
    push('calling_party');
    expect(await within(dialog).findByText('Calling the guardian…')).toBeTruthy();
    push('connected');
    expect(await within(dialog).findByText('Connected')).toBeTruthy();
    // A push about another call changes nothing here.
    act(() =>
      socket.emit('checkin.updated', {
        id: VISIT_ID,
        childId: CHILD_ID,
        state: 'ended',
        outcome: 'busy',
      }),
    );
    expect(within(dialog).getByText('Connected')).toBeTruthy();
    expect(polls()).toBe(1);

    // The connection drops and returns: the call is read once, in case a push was lost.
    act(() => socket.dropConnection());
    act(() => socket.acceptConnection());
    await waitFor(() => expect(polls()).toBe(2));
    expect(within(dialog).getByText('Ringing your phone…')).toBeTruthy(); // as the server says

    // It ends: the whole call (talk time, visit) is read once, and the file again.
    callNow = endedCall;
    push('ended', 'answered');
    expect(await within(dialog).findByText('Answered · talked 2 min 5 s')).toBeTruthy();
    expect(within(dialog).getByText('Logged on the file as a phone visit.')).toBeTruthy();
    await waitFor(() => expect(sent('GET', `/api/children/${CHILD_ID}`).length).toBe(2));
    expect(polls()).toBe(3);

    await user.click(within(dialog).getByRole('button', { name: 'Complete the visit form' }));
    expect(await screen.findByRole('heading', { name: 'Record a visit' })).toBeTruthy();
    expect(screen.getByRole('note').textContent).toContain('Completing the check-in call');
    expect(screen.getByRole('radio', { name: 'Phone call' })).toHaveProperty('checked', true);
    await user.click(screen.getByRole('button', { name: 'Save the visit' }));
    await waitFor(() => expect(sent('POST', `/api/children/${CHILD_ID}/visits`)).toHaveLength(1));
    expect(sent('POST', `/api/children/${CHILD_ID}/visits`)[0]!.body).toMatchObject({
      kind: 'phone',
      visitedAt: '2030-02-01T02:00:00.000Z',
      seen: ['guardian'],
      callId: CALL_ID,
    });
  });

  it('shows a 400’s field problem beside my phone number and places no call', async () => {
    await renderFile('child_director', (r) =>
      r.method === 'POST' && r.url.endsWith('/calls')
        ? errorReply('VALIDATION_FAILED', 400, 'Invalid', {
            staffPhone: 'Give a mobile or landline number',
          })
        : undefined,
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Call' }));
    const dialog = await screen.findByRole('dialog', { name: 'Check-in call' });
    await user.type(within(dialog).getByLabelText('My phone number'), '12');
    await user.click(within(dialog).getByRole('button', { name: 'Call now' }));
    expect(await within(dialog).findByText('Give a mobile or landline number')).toBeTruthy();
    expect(within(dialog).queryByText('Ringing your phone…')).toBeNull();
    expect(sent('GET', `/api/children/${CHILD_ID}/calls/${CALL_ID}`)).toHaveLength(0);
  });

  it('takes the call on the softphone without asking for a number', async () => {
    await renderFile('supervisor');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Call' }));
    const dialog = await screen.findByRole('dialog', { name: 'Check-in call' });
    await user.click(within(dialog).getByText('The browser (softphone)'));
    expect(within(dialog).queryByLabelText('My phone number')).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Call now' }));
    await waitFor(() => expect(sent('POST', `/api/children/${CHILD_ID}/calls`)).toHaveLength(1));
    expect(sent('POST', `/api/children/${CHILD_ID}/calls`)[0]!.body).toEqual({
      to: { guardianIndex: 1 },
      softphone: true,
    });
  });

  it('calls the child on their own phone when the file has it, and opens the form with the child reached', async () => {
    const withPhone: TChildFile = { ...file, phone: '139 0000 0002' };
    const childCall = (overrides: Partial<TCheckinCall>) =>
      call({ ...overrides, target: { kind: 'child' } });
    await renderFile(
      'child_director',
      (r) =>
        r.url === `/api/children/${CHILD_ID}/calls` && r.method === 'POST'
          ? { status: 201, json: childCall({}) }
          : r.url === `/api/children/${CHILD_ID}/calls/${CALL_ID}`
            ? { status: 200, json: childCall(callNow) }
            : undefined,
      withPhone,
    );
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Call' }));
    const dialog = await screen.findByRole('dialog', { name: 'Check-in call' });
    const child = within(dialog).getByRole('radio', { name: 'The child (张小军), own phone' });
    expect(child).toHaveProperty('disabled', false);
    // A guardian with a number stays the first choice; the child is chosen on purpose.
    expect(within(dialog).getByRole('radio', { name: /张奶奶/ })).toHaveProperty('checked', true);
    await user.click(child);
    await user.type(within(dialog).getByLabelText('My phone number'), '13900000100');
    await user.click(within(dialog).getByRole('button', { name: 'Call now' }));
    await waitFor(() => expect(sent('POST', `/api/children/${CHILD_ID}/calls`)).toHaveLength(1));
    expect(sent('POST', `/api/children/${CHILD_ID}/calls`)[0]!.body).toEqual({
      to: 'child',
      staffPhone: '13900000100',
    });
    await waitFor(() =>
      expect(sent('GET', `/api/children/${CHILD_ID}/calls/${CALL_ID}`)).toHaveLength(1),
    );
    push('calling_party');
    expect(await within(dialog).findByText('Calling the child…')).toBeTruthy();
    callNow = endedCall;
    push('ended', 'answered');
    await user.click(
      await within(dialog).findByRole('button', { name: 'Complete the visit form' }),
    );
    expect(await screen.findByRole('heading', { name: 'Record a visit' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Save the visit' }));
    await waitFor(() => expect(sent('POST', `/api/children/${CHILD_ID}/visits`)).toHaveLength(1));
    expect(sent('POST', `/api/children/${CHILD_ID}/visits`)[0]!.body).toMatchObject({
      kind: 'phone',
      seen: ['child'],
      callId: CALL_ID,
    });
  });

  it('calls the child when only the child has a phone; with no number at all, says so', async () => {
    const onlyChild: TChildFile = {
      ...file,
      phone: '13900000002',
      guardians: [{ relation: 'father', name: '张强', livesWithChild: false }],
    };
    await renderFile('child_director', undefined, onlyChild);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Call' }));
    const dialog = await screen.findByRole('dialog', { name: 'Check-in call' });
    expect(within(dialog).getByRole('radio', { name: /The child/ })).toHaveProperty(
      'checked',
      true,
    );
    await user.click(within(dialog).getByText('The browser (softphone)'));
    await user.click(within(dialog).getByRole('button', { name: 'Call now' }));
    await waitFor(() => expect(sent('POST', `/api/children/${CHILD_ID}/calls`)).toHaveLength(1));
    expect(sent('POST', `/api/children/${CHILD_ID}/calls`)[0]!.body).toEqual({
      to: 'child',
      softphone: true,
    });
  });

  it('offers nobody to call when neither the child nor a guardian has a number', async () => {
    await renderFile('child_director', undefined, {
      ...file,
      guardians: [{ relation: 'father', name: '张强', livesWithChild: false }],
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Call' }));
    const dialog = await screen.findByRole('dialog', { name: 'Check-in call' });
    expect(
      within(dialog).getByText(
        'Neither the child nor any guardian on this file has a phone number.',
      ),
    ).toBeTruthy();
    expect(within(dialog).queryByRole('radio', { name: /The child/ })).toBeNull();
    expect(within(dialog).queryByRole('button', { name: 'Call now' })).toBeNull();
  });

  it('offers no Call button to a centre’s staff (they read files, never call)', async () => {
    await renderFile('centre_staff');
    expect(screen.queryByRole('button', { name: 'Call' })).toBeNull();
  });
});
