import { afterEach, describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TCaseSummary } from '@hutong/shared';
import { SocketProvider } from '../../../realtime/SocketProvider';
import { buildCase, buildChange } from '../../../test/factories';
import { FakeSocket } from '../../../test/fake-socket';
import { errorReply, startLocalServer } from '../../../test/local-server';
import type { LocalServer, Reply } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { AuthProvider } from '../../auth/AuthProvider';
import { QueuePage } from './QueuePage';

const me = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'operator',
  displayName: 'Operator One',
  role: 'operator',
};

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Renders the queue against a local API whose open-case list the test controls. */
async function renderQueue(list: () => Reply) {
  server = await startLocalServer((request) => {
    if (request.url === '/api/auth/me') return { status: 200, json: me };
    if (request.url.startsWith('/api/cases')) return list();
    return errorReply('NOT_FOUND', 404, 'Not found');
  });
  const socket = new FakeSocket();
  const view = renderWithProviders(
    <AuthProvider>
      <SocketProvider factory={socket.factory} onUnauthenticated={() => undefined}>
        <QueuePage />
      </SocketProvider>
    </AuthProvider>,
    { baseUrl: server.baseUrl },
  );
  return { socket, view };
}

const listRequests = () => server!.requests.filter((r) => r.url.startsWith('/api/cases')).length;
const references = () =>
  screen
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell')[1]?.textContent);

describe('QueuePage', () => {
  it('inserts and updates cases live from socket events, without a reload', async () => {
    const waiting = buildCase({ reference: 'HT-WAIT-0001', priority: 'P2', version: 1 });
    const { socket } = await renderQueue(() => ({
      status: 200,
      json: { cases: [waiting], seq: 10 },
    }));
    await screen.findByText('HT-WAIT-0001');
    expect(screen.getByText('Open cases: 1')).toBeTruthy();

    const urgent: TCaseSummary = buildCase({
      reference: 'HT-URGE-0002',
      priority: 'P1',
      createdAt: new Date().toISOString(),
    });
    act(() => socket.emit('case.created', buildChange(11, urgent)));
    expect(references()).toEqual(['HT-URGE-0002', 'HT-WAIT-0001']);
    expect(screen.getByText('New case HT-URGE-0002: Red · urgent')).toBeTruthy();

    const claimed = {
      ...waiting,
      status: 'triaging' as const,
      version: 2,
      claimedAt: new Date().toISOString(),
      assignee: { id: '00000000-0000-4000-8000-00000000beef', displayName: 'Operator Two' },
    };
    act(() => socket.emit('case.updated', buildChange(12, claimed, 'claimed')));
    const row = screen.getByText('HT-WAIT-0001').closest('tr')!;
    expect(within(row).getByText('Operator Two')).toBeTruthy();
    expect(screen.getByText('Case HT-WAIT-0001 claimed by Operator Two')).toBeTruthy();
  });

  it('reads the list again after the connection resumes', async () => {
    let cases = [buildCase({ reference: 'HT-FRST-0001' })];
    const { socket } = await renderQueue(() => ({ status: 200, json: { cases, seq: 3 } }));
    await screen.findByText('HT-FRST-0001');
    const before = listRequests();

    cases = [...cases, buildCase({ reference: 'HT-MISS-0002' })];
    act(() => {
      socket.dropConnection();
      socket.acceptConnection();
      socket.emit('sync.resumed', { seq: 9, replayed: -1 });
    });
    await screen.findByText('HT-MISS-0002');
    expect(listRequests()).toBe(before + 1);
    expect(socket.handshakes.at(-1)).toEqual({ lastSeq: 3 });
  });

  it('says so when there are no open cases', async () => {
    await renderQueue(() => ({ status: 200, json: { cases: [], seq: 0 } }));
    expect(await screen.findByText('No open cases.')).toBeTruthy();
  });

  it('shows an error with a retry that recovers', async () => {
    let fail = true;
    await renderQueue(() =>
      fail
        ? errorReply('INTERNAL', 500, 'Internal error')
        : { status: 200, json: { cases: [buildCase({ reference: 'HT-BACK-0001' })], seq: 1 } },
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The queue could not be loaded.');
    fail = false;
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.getByText('HT-BACK-0001')).toBeTruthy());
  });

  it('opens a case with Enter on its row', async () => {
    await renderQueue(() => ({
      status: 200,
      json: { cases: [buildCase({ reference: 'HT-OPEN-0001' })], seq: 1 },
    }));
    const row = (await screen.findByText('HT-OPEN-0001')).closest('tr')!;
    row.focus();
    await userEvent.keyboard('{Enter}');
    expect(await screen.findByText('case page')).toBeTruthy();
  });
});
