import { afterEach, describe, expect, it, vi } from 'vitest';
import { Route, Routes } from 'react-router';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Language, Role, TCheckinCall, TChildFile } from '@hutong/shared';
import { errorReply, startLocalServer } from '../../../test/local-server';
import type { LocalServer, RecordedRequest, Reply } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { FakeSocket } from '../../../test/fake-socket';
import { SocketProvider } from '../../../realtime/SocketProvider';
import { AuthProvider } from '../../auth/AuthProvider';
import { CallsProvider } from '../../calls/components/CallsProvider';
import { Device, fakeTwilio, twilioError } from '../../../test/fake-voice-sdk';
import type { Call } from '../../../test/fake-voice-sdk';
import { ChildFileRoute } from './ChildFilePage';
import { VisitOutboxProvider } from './VisitOutbox';
import { VisitRoute } from './VisitPage';

// Twilio's Voice SDK talks to Twilio's cloud: the softphone gets a fake of the module instead.
vi.mock('@twilio/voice-sdk', () => import('../../../test/fake-voice-sdk'));

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
  staffCallSid: 'CA00000000000000000000000000000001',
  ...overrides,
});

let server: LocalServer | undefined;
let socket: FakeSocket;
/** What `GET …/calls/:callId` answers. */
let callNow: TCheckinCall;
afterEach(async () => {
  await server?.close();
  server = undefined;
  fakeTwilio.reset();
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
  override?: (r: RecordedRequest) => Reply | undefined | Promise<Reply | undefined>,
  shown: TChildFile = file,
  /** Mount the shell's softphone (CallsProvider), which asks `/api/calls/softphone`. */
  { softphone = false, language = 'en' }: { softphone?: boolean; language?: Language } = {},
): Promise<void> {
  server = await startLocalServer(async (r) => {
    const custom = await override?.(r);
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
  const routes = (
    <Routes>
      <Route path="/children/:id" element={<ChildFileRoute />} />
      <Route path="/children/:id/visit" element={<VisitRoute />} />
    </Routes>
  );
  renderWithProviders(
    <AuthProvider>
      <SocketProvider factory={socket.factory} onUnauthenticated={() => undefined}>
        <VisitOutboxProvider userId={USER_ID}>
          {softphone ? <CallsProvider role={role}>{routes}</CallsProvider> : routes}
        </VisitOutboxProvider>
      </SocketProvider>
    </AuthProvider>,
    { baseUrl: server.baseUrl, language, path: `/children/${CHILD_ID}` },
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

const STAFF_SID = 'CA0000000000000000000000000000c0de';
const STRANGER_SID = 'CA0000000000000000000000000000beef';
const ringing = (callSid: string) => ({
  CallSid: callSid,
  From: '+862000000000',
  To: `client:operator-${USER_ID}`,
});
const softphoneSetup = (token = 'jwt-1'): Reply => ({
  status: 200,
  json: { mode: 'twilio', identity: `operator-${USER_ID}`, token },
});

/** The shell's softphone was made from the token (the fake Voice SDK's Device). */
async function theDevice(): Promise<Device> {
  await waitFor(() => expect(Device.instances).toHaveLength(1));
  return Device.instances[0]!;
}

describe(
  'the check-in call taken in the browser with Twilio’s Voice SDK',
  { timeout: 120_000 },
  () => {
    it('registers, answers the call’s own staff leg, refuses another, and hangs up from the keyboard', async () => {
      let stateWhenPlaced: string | undefined;
      let ours: Call | null = null;
      let stranger: Call | null = null;
      await renderFile(
        'supervisor',
        (r) => {
          if (r.url === '/api/calls/softphone') return softphoneSetup();
          if (r.url === `/api/children/${CHILD_ID}/calls` && r.method === 'POST') {
            const device = Device.instances[0]!;
            stateWhenPlaced = device.state;
            // Twilio rings the browser before the response is back, and so does another call.
            stranger = device.ring(ringing(STRANGER_SID));
            ours = device.ring(ringing(STAFF_SID));
            return { status: 201, json: call({ staffCallSid: STAFF_SID }) };
          }
          return undefined;
        },
        file,
        { softphone: true },
      );
      const device = await theDevice();
      // Reachable only while a check-in call is taken in the browser.
      expect(device.state).toBe('unregistered');
      const user = userEvent.setup();
      await user.click(await screen.findByRole('button', { name: 'Call' }));
      const dialog = await screen.findByRole('dialog', { name: 'Check-in call' });
      await user.click(within(dialog).getByText('The browser (softphone)'));
      await user.click(within(dialog).getByRole('button', { name: 'Call now' }));

      const leg = await within(dialog).findByRole('region', { name: 'Browser phone' });
      expect(await within(leg).findByText('Browser audio connected')).toBeTruthy();
      expect(stateWhenPlaced).toBe('registered');
      expect(ours!.status()).toBe('open');
      expect(stranger!.status()).toBe('closed');
      expect(sent('POST', `/api/children/${CHILD_ID}/calls`)[0]!.body).toMatchObject({
        softphone: true,
      });

      // Escape does not drop a call in progress; the focused Hang up button does.
      const hangUp = within(leg).getByRole('button', { name: 'Hang up' });
      await waitFor(() => expect(document.activeElement).toBe(hangUp));
      await user.keyboard('{Escape}');
      expect(ours!.status()).toBe('open');
      expect(screen.getByRole('dialog', { name: 'Check-in call' })).toBeTruthy();
      await user.keyboard('{Enter}');
      expect(await within(leg).findByText('Browser audio ended')).toBeTruthy();
      expect(ours!.status()).toBe('closed');
      await waitFor(() => expect(device.state).toBe('unregistered'));
      expect(device.ring(ringing(STAFF_SID))).toBeNull();
    });

    it('says in Chinese, to a village director, that the microphone was refused and the sign-in expired, and renews the token', async () => {
      fakeTwilio.microphoneRefused = true;
      let tokens = 0;
      await renderFile(
        'child_director',
        (r) => {
          if (r.url === '/api/calls/softphone') {
            tokens += 1;
            return softphoneSetup(`jwt-${tokens}`);
          }
          if (r.url === `/api/children/${CHILD_ID}/calls` && r.method === 'POST')
            return { status: 201, json: call({ staffCallSid: STAFF_SID }) };
          return undefined;
        },
        file,
        { softphone: true, language: 'zh-CN' },
      );
      const device = await theDevice();
      const user = userEvent.setup();
      await user.click(await screen.findByRole('button', { name: '回访电话' }));
      const dialog = await screen.findByRole('dialog', { name: '电话回访' });
      await user.click(within(dialog).getByText('浏览器（软电话）'));
      await user.click(within(dialog).getByRole('button', { name: '开始拨打' }));
      const leg = await within(dialog).findByRole('region', { name: '浏览器电话' });
      expect(await within(leg).findByText('等待来电接入浏览器，接入后将自动接听。')).toBeTruthy();

      let ours: Call | null = null;
      act(() => {
        ours = device.ring(ringing(STAFF_SID));
      });
      expect(
        await within(leg).findByText(
          '浏览器无权使用麦克风：请允许本网站使用麦克风，然后挂断并重新拨打。',
        ),
      ).toBeTruthy();
      expect(within(leg).getByText('正在浏览器中接听（如有提示，请允许使用麦克风）…')).toBeTruthy();

      act(() => device.fail(twilioError(20104, 'AccessTokenExpired')));
      expect(await within(leg).findByText('浏览器电话的登录凭证已过期，正在更新…')).toBeTruthy();
      await waitFor(() => expect(device.tokens).toEqual(['jwt-1', 'jwt-2']));

      await user.click(within(leg).getByRole('button', { name: /挂\s?断/ }));
      expect(ours!.status()).toBe('closed');
      expect(await within(leg).findByText('浏览器通话已结束')).toBeTruthy();
      await waitFor(() => expect(device.state).toBe('unregistered'));
    });

    it('places no call when the browser cannot register, and says why', async () => {
      fakeTwilio.registerFailure = twilioError(31005, 'Connection error');
      await renderFile(
        'supervisor',
        (r) => (r.url === '/api/calls/softphone' ? softphoneSetup() : undefined),
        file,
        { softphone: true },
      );
      await theDevice();
      const user = userEvent.setup();
      await user.click(await screen.findByRole('button', { name: 'Call' }));
      const dialog = await screen.findByRole('dialog', { name: 'Check-in call' });
      await user.click(within(dialog).getByText('The browser (softphone)'));
      await user.click(within(dialog).getByRole('button', { name: 'Call now' }));
      expect(
        await within(dialog).findByText(
          'The browser could not get ready to take the call, so nothing was dialled: Browser phone problem (Twilio error 31005).',
        ),
      ).toBeTruthy();
      expect(sent('POST', `/api/children/${CHILD_ID}/calls`)).toHaveLength(0);
      expect(within(dialog).getByRole('button', { name: 'Call now' })).toBeTruthy();
    });

    it('leaves the call to the simulator when the backend has no Twilio credentials', async () => {
      await renderFile(
        'supervisor',
        (r) =>
          r.url === '/api/calls/softphone'
            ? { status: 200, json: { mode: 'simulated', identity: `operator-${USER_ID}` } }
            : undefined,
        file,
        { softphone: true },
      );
      const user = userEvent.setup();
      await user.click(await screen.findByRole('button', { name: 'Call' }));
      const dialog = await screen.findByRole('dialog', { name: 'Check-in call' });
      await user.click(within(dialog).getByText('The browser (softphone)'));
      await user.click(within(dialog).getByRole('button', { name: 'Call now' }));
      expect(await within(dialog).findByText('Ringing your phone…')).toBeTruthy();
      expect(within(dialog).queryByRole('region', { name: 'Browser phone' })).toBeNull();
      expect(Device.instances).toHaveLength(0);
    });
  },
);
