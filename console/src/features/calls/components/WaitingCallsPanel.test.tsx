import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TCallSummary, TCallbackTask } from '@hutong/shared';
import { SocketProvider } from '../../../realtime/SocketProvider';
import { buildCase, uuid } from '../../../test/factories';
import { FakeSocket } from '../../../test/fake-socket';
import { errorReply, startLocalServer } from '../../../test/local-server';
import type { LocalServer, Reply } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { AuthProvider } from '../../auth/AuthProvider';
import { WaitingCallsPanel } from './WaitingCallsPanel';

const me = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'operator',
  displayName: 'Operator One',
  role: 'operator',
};

function buildCall(overrides: Partial<TCallSummary> = {}): TCallSummary {
  const now = Date.now();
  return {
    id: uuid(),
    status: 'queued',
    maskedNumber: '+86 138****0000',
    language: 'zh-CN',
    option: 'talk',
    urgent: false,
    queuedAt: new Date(now - 10_000).toISOString(),
    waitSeconds: 10,
    position: 1,
    answeredBy: null,
    caseId: null,
    caseReference: null,
    escalated: false,
    updatedAt: new Date(now).toISOString(),
    ...overrides,
  };
}

function buildTask(overrides: Partial<TCallbackTask> = {}): TCallbackTask {
  return {
    id: uuid(),
    kind: 'callback',
    maskedNumber: '+86 137****0001',
    language: 'zh-CN',
    caseId: null,
    deadline: new Date(Date.now() + 15 * 60_000).toISOString(),
    hasRecording: false,
    createdAt: new Date().toISOString(),
    ...overrides,
  };
}

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function renderPanel(routes: {
  calls: () => Reply | Promise<Reply>;
  answer?: (id: string) => Reply;
  callbacks?: () => Reply;
}) {
  server = await startLocalServer((request) => {
    if (request.url === '/api/auth/me') return { status: 200, json: me };
    if (request.url === '/api/calls') return routes.calls();
    if (request.url === '/api/calls/callbacks') {
      return routes.callbacks?.() ?? { status: 200, json: { tasks: [] } };
    }
    const answer = /^\/api\/calls\/([^/]+)\/answer$/.exec(request.url);
    if (answer && routes.answer) return routes.answer(answer[1]!);
    return errorReply('NOT_FOUND', 404, 'Not found');
  });
  const socket = new FakeSocket();
  renderWithProviders(
    <AuthProvider>
      <SocketProvider factory={socket.factory} onUnauthenticated={() => undefined}>
        <WaitingCallsPanel />
      </SocketProvider>
    </AuthProvider>,
    { baseUrl: server.baseUrl },
  );
  return socket;
}

const numbers = () =>
  within(screen.getByRole('list', { name: /callers waiting/ }))
    .getAllByRole('listitem')
    .map((item) => item.querySelector('.calls-list__number')?.textContent);

describe('WaitingCallsPanel', () => {
  it('lists urgent callers first, then the longest wait, and applies live events in place', async () => {
    const now = Date.now();
    const calm = buildCall({
      maskedNumber: '+86 138****0001',
      queuedAt: new Date(now - 90_000).toISOString(),
      waitSeconds: 90,
      position: 1,
    });
    const later = buildCall({
      maskedNumber: '+86 138****0002',
      queuedAt: new Date(now - 20_000).toISOString(),
      waitSeconds: 20,
      position: 2,
    });
    const socket = await renderPanel({
      calls: () => ({ status: 200, json: { calls: [later, calm] } }),
    });
    await screen.findByText('+86 138****0001');
    expect(numbers()).toEqual(['+86 138****0001', '+86 138****0002']);
    expect(screen.getByText('waiting 1:30')).toBeTruthy();

    const urgent = buildCall({
      maskedNumber: '+86 139****0003',
      urgent: true,
      option: 'immediate_danger',
      language: 'en',
      queuedAt: new Date().toISOString(),
      waitSeconds: 0,
    });
    act(() => socket.emit('call.queued', urgent));
    expect(numbers()).toEqual(['+86 139****0003', '+86 138****0001', '+86 138****0002']);
    const first = screen.getAllByRole('listitem')[0]!;
    expect(within(first).getByText('Child in danger')).toBeTruthy();
    expect(within(first).getByText('English')).toBeTruthy();
    expect(within(first).getByText('a child is in danger now')).toBeTruthy();
    expect(screen.getByText('Urgent caller waiting, a child is in danger: +86 139****0003'));

    // Answered elsewhere: it leaves the waiting list and shows who has it.
    act(() =>
      socket.emit('call.updated', {
        ...calm,
        status: 'in_progress',
        answeredBy: { id: uuid(), displayName: 'Operator Two' },
        updatedAt: new Date(Date.now() + 1000).toISOString(),
      }),
    );
    expect(numbers()).toEqual(['+86 139****0003', '+86 138****0002']);
    expect(screen.getByText('+86 138****0001: talking with Operator Two')).toBeTruthy();
    // A payload that breaks the schema changes nothing.
    const drift = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    act(() => socket.emit('call.queued', { id: 'nope' }));
    expect(numbers()).toHaveLength(2);
    expect(drift).toHaveBeenCalled();
    drift.mockRestore();
  });

  it('reads the list again after every (re)connection, since call events are not replayed', async () => {
    let reads = 0;
    const socket = await renderPanel({
      calls: () => {
        reads += 1;
        return { status: 200, json: { calls: reads > 1 ? [buildCall()] : [] } };
      },
    });
    await screen.findByText('No callers waiting');
    act(() => {
      socket.acceptConnection();
      socket.emit('sync.resumed', { seq: 3, replayed: 0 });
    });
    await screen.findByText('+86 138****0000');
    expect(reads).toBe(2);
  });

  it('keeps the newest read when reads overlap, so a caller who hung up during an outage is gone', async () => {
    const gone = buildCall({ maskedNumber: '+86 138****0404' });
    // The first read (from before the outage) answers only after the reconnect's read.
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    let reads = 0;
    const socket = await renderPanel({
      calls: async () => {
        reads += 1;
        if (reads === 1) {
          await firstHeld;
          return { status: 200, json: { calls: [gone] } };
        }
        return { status: 200, json: { calls: [] } };
      },
    });
    await waitFor(() => expect(reads).toBe(1));
    act(() => {
      socket.acceptConnection();
      socket.emit('sync.resumed', { seq: 3, replayed: 0 });
    });
    await screen.findByText('No callers waiting');
    releaseFirst();
    await waitFor(() =>
      expect(server!.requests.filter((r) => r.url === '/api/calls')).toHaveLength(2),
    );
    // Let the held answer arrive and be handled.
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    expect(screen.queryByText('+86 138****0404')).toBeNull();
    expect(screen.queryByRole('button', { name: /^Answer/ })).toBeNull();
    expect(screen.queryByText(/could not be loaded/)).toBeNull();
    expect(screen.getByText('No callers waiting')).toBeTruthy();
  });

  it('answers with the keyboard and opens the voice case', async () => {
    const call = buildCall({ urgent: true, option: 'immediate_danger' });
    const theCase = buildCase({ reference: 'HT-CALL-0001', channel: 'voice' });
    await renderPanel({
      calls: () => ({ status: 200, json: { calls: [call] } }),
      answer: (id) => ({
        status: 200,
        json: {
          call: { ...call, id, status: 'ringing', caseId: theCase.id },
          case: theCase,
          conference: theCase.reference,
        },
      }),
    });
    const button = await screen.findByRole('button', { name: /^Answer \+86 138\*\*\*\*0000/ });
    button.focus();
    await userEvent.keyboard('{Enter}');
    await screen.findByText('case page');
    const posted = server!.requests.find((r) => r.url.endsWith('/answer'));
    expect(posted?.method).toBe('POST');
    expect(posted?.url).toBe(`/api/calls/${call.id}/answer`);
  });

  it('says who was first when another operator answered (409) and reads the list again', async () => {
    const call = buildCall();
    let reads = 0;
    await renderPanel({
      calls: () => {
        reads += 1;
        return { status: 200, json: { calls: reads === 1 ? [call] : [] } };
      },
      answer: () =>
        errorReply('CONFLICT', 409, 'Operator Two has already answered this call', {
          answeredBy: { id: uuid(), displayName: 'Operator Two' },
        }),
    });
    await userEvent.click(await screen.findByRole('button', { name: /^Answer/ }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Operator Two has already answered this call.');
    await waitFor(() => expect(reads).toBe(2));
    await screen.findByText('No callers waiting');
    expect(screen.queryByText('case page')).toBeNull();
  });

  it('lists callback tasks with their deadline and kind', async () => {
    await renderPanel({
      calls: () => ({ status: 200, json: { calls: [] } }),
      callbacks: () => ({
        status: 200,
        json: {
          tasks: [
            {
              id: uuid(),
              kind: 'voicemail',
              maskedNumber: '+86 137****0009',
              language: 'zh-CN',
              caseId: uuid(),
              deadline: new Date(Date.now() + 14 * 60_000 + 30_000).toISOString(),
              hasRecording: true,
              createdAt: new Date().toISOString(),
            },
          ],
        },
      }),
    });
    const item = (await screen.findByText('+86 137****0009')).closest('li')!;
    expect(within(item).getByText('Voicemail')).toBeTruthy();
    expect(within(item).getByText('recording attached')).toBeTruthy();
    expect(within(item).getByText(/14:(29|30)/)).toBeTruthy();
    expect(within(item).getByRole('link', { name: 'Open case' })).toBeTruthy();
  });

  it('adds, updates and removes callback tasks live, without reading the list again', async () => {
    let reads = 0;
    const socket = await renderPanel({
      calls: () => ({ status: 200, json: { calls: [] } }),
      callbacks: () => {
        reads += 1;
        return { status: 200, json: { tasks: [] } };
      },
    });
    await screen.findByText('No callbacks due.');
    const tasks = () =>
      screen
        .queryAllByRole('listitem')
        .filter((item) => item.hasAttribute('data-task-id'))
        .map((item) => item.querySelector('.calls-list__number')?.textContent);

    const voicemail = buildTask({
      kind: 'voicemail',
      maskedNumber: '+86 137****0002',
      deadline: new Date(Date.now() + 20 * 60_000).toISOString(),
    });
    const callback = buildTask({ maskedNumber: '+86 137****0003' });
    act(() => socket.emit('callback.created', { task: voicemail, completedAt: null }));
    act(() => socket.emit('callback.created', { task: callback, completedAt: null }));
    // Earliest deadline first.
    expect(tasks()).toEqual(['+86 137****0003', '+86 137****0002']);
    expect(screen.queryByText('No callbacks due.')).toBeNull();

    // The recording arrives: the same row now says so.
    act(() =>
      socket.emit('callback.updated', {
        task: { ...voicemail, hasRecording: true },
        completedAt: null,
      }),
    );
    const item = screen.getByText('+86 137****0002').closest('li')!;
    expect(within(item).getByText('recording attached')).toBeTruthy();
    expect(tasks()).toHaveLength(2);

    // Another operator called back: it leaves the list.
    act(() =>
      socket.emit('callback.updated', { task: callback, completedAt: new Date().toISOString() }),
    );
    expect(tasks()).toEqual(['+86 137****0002']);
    // A payload that breaks the schema changes nothing.
    const drift = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    act(() => socket.emit('callback.created', { task: { id: 'nope' }, completedAt: null }));
    expect(tasks()).toHaveLength(1);
    drift.mockRestore();
    expect(reads).toBe(1);
  });

  it('is a single line while nobody waits, and expands when a call is queued', async () => {
    const socket = await renderPanel({ calls: () => ({ status: 200, json: { calls: [] } }) });
    await screen.findByText('No callers waiting');
    const panel = screen.getByRole('region', { name: 'Waiting callers' });
    // Only the heading line: no caller list, no callback section, no empty boxes. The callbacks
    // are a read of their own, which may answer after the calls' (it did, once, in CI).
    await waitFor(() =>
      expect(panel.querySelector('.calls-panel__line')?.textContent).toBe(
        'Waiting callersNo callers waitingNo callbacks due.',
      ),
    );
    expect(panel.className).toContain('calls-panel--idle');
    expect(within(panel).queryByRole('list')).toBeNull();
    expect(within(panel).queryByRole('heading', { name: 'Call back' })).toBeNull();

    act(() => socket.emit('call.queued', buildCall({ maskedNumber: '+86 138****0042' })));
    expect(await within(panel).findByText('+86 138****0042')).toBeTruthy();
    expect(panel.className).not.toContain('calls-panel--idle');
    expect(within(panel).queryByText('No callers waiting')).toBeNull();
    expect(within(panel).getByRole('heading', { name: 'Call back' })).toBeTruthy();
  });
});
