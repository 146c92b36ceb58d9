import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TSimCall, TSimMessage } from '@hutong/shared';
import { errorReply, startLocalServer } from '../../../test/local-server';
import type { LocalServer, RecordedRequest, Reply } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { AuthProvider } from '../../auth/AuthProvider';
import { PhoneSimPage } from './PhoneSimPage';

const OPERATOR = {
  id: '00000000-0000-4000-8000-00000000c001',
  username: 'operator',
  displayName: 'Operator One',
  role: 'operator',
};
const HOTLINE = '+861012355000';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function message(overrides: Partial<TSimMessage>): TSimMessage {
  return {
    sid: `SM${Math.random().toString(16).slice(2, 14)}`,
    from: HOTLINE,
    to: '+8613800000001',
    body: '',
    direction: 'outbound-reply',
    status: 'delivered',
    dateCreated: new Date().toISOString(),
    ...overrides,
  };
}

/**
 * The simulator's control API as `/api/dev/sim/*` serves it (the backend proxies it): a caller
 * placed through the page is carried and heard the menu; an SMS is answered with a reply that
 * also shows among the messages the system sent.
 */
function simulatorApi(overrides: { messages?: () => Reply; calls?: () => Reply } = {}) {
  const calls: TSimCall[] = [];
  const messages: TSimMessage[] = [];
  return (request: RecordedRequest): Reply | Promise<Reply> => {
    const url = new URL(request.url, 'http://local');
    if (url.pathname === '/api/auth/me') return { status: 200, json: OPERATOR };
    if (url.pathname === '/api/dev/sim/calls' && request.method === 'GET') {
      return overrides.calls?.() ?? { status: 200, json: { calls } };
    }
    if (url.pathname === '/api/dev/sim/messages') {
      return overrides.messages?.() ?? { status: 200, json: { messages } };
    }
    if (url.pathname === '/api/dev/sim/calls' && request.method === 'POST') {
      const body = request.body as { from: string };
      const call: TSimCall = {
        sid: `CA${String(calls.length + 1).padStart(32, '0')}`,
        from: body.from,
        to: HOTLINE,
        direction: 'inbound',
        status: 'in-progress',
        activity: 'enqueued',
        queue: 'general',
        conference: null,
        startTime: new Date().toISOString(),
        transcript: [
          { verb: 'Say', text: 'Welcome to the child protection hotline.', language: 'en-US' },
        ],
      };
      calls.push(call);
      return { status: 201, json: call };
    }
    const hangUp = /^\/api\/dev\/sim\/calls\/([^/]+)\/hangup$/.exec(url.pathname);
    if (hangUp) {
      const call = calls.find((c) => c.sid === hangUp[1]);
      if (!call) return errorReply('NOT_FOUND', 404, 'No such call');
      Object.assign(call, { status: 'completed', activity: 'ended', queue: null });
      return { status: 200, json: call };
    }
    if (url.pathname === '/api/dev/sim/sms') {
      const body = request.body as { from: string; body: string };
      const inbound = message({
        from: body.from,
        to: HOTLINE,
        body: body.body,
        direction: 'inbound',
      });
      const reply = message({
        to: body.from,
        body: 'Hutong child hotline: your report ref HT-7K3F-9QX2. Is a child in danger now?',
      });
      messages.push(inbound, reply);
      return { status: 200, json: { message: inbound, webhookStatus: 200, replies: [reply] } };
    }
    return errorReply('NOT_FOUND', 404, 'Not found');
  };
}

async function renderPage(handle: (request: RecordedRequest) => Reply | Promise<Reply>) {
  server = await startLocalServer(handle);
  renderWithProviders(
    <AuthProvider>
      <PhoneSimPage />
    </AuthProvider>,
    { baseUrl: server.baseUrl },
  );
}

const posts = (path: string) =>
  server!.requests.filter((r) => r.method === 'POST' && r.url === path).map((r) => r.body);

describe('PhoneSimPage', () => {
  it('says it is loading until the simulator answers, then shows the empty lists', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const api = simulatorApi();
    await renderPage(async (request) => {
      if (request.url.startsWith('/api/dev/sim/')) await gate;
      return api(request);
    });
    expect((await screen.findByRole('status')).textContent).toBe('Loading the simulator…');
    expect(screen.queryByText('No calls yet.')).toBeNull();
    expect(screen.queryByText('Nothing sent yet.')).toBeNull();
    release();
    await screen.findByText('No calls yet.');
    expect(screen.getByText('Nothing sent yet.')).toBeTruthy();
    expect(screen.queryByText('Loading the simulator…')).toBeNull();
  });

  it('places a call with the keys to press, shows what the caller heard, and hangs up', async () => {
    await renderPage(simulatorApi());
    await screen.findByText('No calls yet.');
    const form = screen.getByRole('form', { name: 'Place a call' });
    const from = within(form).getByLabelText('From number');
    await userEvent.clear(from);
    await userEvent.type(from, '+8613800000007');
    const keys = within(form).getByLabelText('Keys to press');
    await userEvent.clear(keys);
    await userEvent.type(keys, '2 - 3');
    await userEvent.click(within(form).getByRole('button', { name: 'Call the hotline' }));

    const card = (await screen.findByText(`+8613800000007 → ${HOTLINE}`)).closest('li')!;
    expect(posts('/api/dev/sim/calls')).toEqual([
      { from: '+8613800000007', digits: ['2', null, '3'] },
    ]);
    expect(
      within(card).getByText(/inbound · in-progress \(enqueued\) · queue general/),
    ).toBeTruthy();
    expect(within(card).getByText('Welcome to the child protection hotline.')).toBeTruthy();

    await userEvent.click(within(card).getByRole('button', { name: 'Hang up' }));
    await within(card).findByText(/completed \(ended\)/);
    expect(within(card).queryByRole('button', { name: 'Hang up' })).toBeNull();
  });

  it('refuses a malformed number before anything is sent', async () => {
    await renderPage(simulatorApi());
    await screen.findByText('No calls yet.');
    const form = screen.getByRole('form', { name: 'Place a call' });
    const from = within(form).getByLabelText('From number');
    await userEvent.clear(from);
    await userEvent.type(from, '13800000000');
    await userEvent.click(within(form).getByRole('button', { name: 'Call the hotline' }));
    expect(within(form).getByRole('alert').textContent).toBe(
      'Enter the number in international form, e.g. +8613800000000.',
    );
    expect(posts('/api/dev/sim/calls')).toEqual([]);
  });

  it('sends an SMS, shows the reply, and lists it among what the system sent', async () => {
    await renderPage(simulatorApi());
    await screen.findByText('Nothing sent yet.');
    const form = screen.getByRole('form', { name: 'Send an SMS' });
    await userEvent.type(within(form).getByLabelText('Message'), 'A boy next door is alone');
    await userEvent.click(within(form).getByRole('button', { name: 'Send SMS' }));

    const replies = await within(form).findByRole('status');
    expect(replies.textContent).toContain('your report ref HT-7K3F-9QX2');
    expect(posts('/api/dev/sim/sms')).toEqual([
      { from: '+8613800000001', body: 'A boy next door is alone' },
    ]);
    expect(within(form).getByLabelText<HTMLTextAreaElement>('Message').value).toBe('');
    // The outbound list shows the reply, never the inbound text.
    const sent = (
      await screen.findByText(`${HOTLINE} → +8613800000001 · outbound-reply · delivered`)
    ).closest('li')!;
    expect(within(sent).getByText(/your report ref HT-7K3F-9QX2/)).toBeTruthy();
    expect(screen.queryByText('A boy next door is alone')).toBeNull();
  });

  it('shows a failed read with a retry that recovers', async () => {
    let failing = true;
    await renderPage(
      simulatorApi({
        messages: () =>
          failing
            ? errorReply('INTERNAL', 500, 'Something went wrong')
            : { status: 200, json: { messages: [] } },
      }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('What the simulator carried could not be read.');
    expect(screen.queryByText('No calls yet.')).toBeNull();
    failing = false;
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await screen.findByText('Nothing sent yet.');
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });

  it('says the simulator runs only in demo mode when the backend has none', async () => {
    await renderPage(simulatorApi({ calls: () => errorReply('NOT_FOUND', 404, 'Not running') }));
    await screen.findByText('The phone simulator runs only in demo mode without a Twilio account.');
    expect(screen.queryByRole('form', { name: 'Place a call' })).toBeNull();
  });
});
