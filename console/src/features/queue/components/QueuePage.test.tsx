import { afterEach, describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Language, TCaseSummary } from '@hutong/shared';
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
async function renderQueue(list: () => Reply, language: Language = 'en') {
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
    { baseUrl: server.baseUrl, language },
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

  describe('tabs', () => {
    const otherOperator = {
      id: '00000000-0000-4000-8000-00000000beef',
      displayName: 'Operator Two',
    };
    const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();
    const fromNow = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
    const cases = () => ({
      mine: buildCase({
        reference: 'HT-MINE-0001',
        priority: 'P2',
        status: 'triaging',
        assignee: { id: me.id, displayName: me.displayName },
        claimedAt: ago(300),
        createdAt: ago(900),
      }),
      theirs: buildCase({
        reference: 'HT-THRS-0002',
        priority: 'P1',
        status: 'triaging',
        assignee: otherOperator,
        claimedAt: ago(600),
        createdAt: ago(1200),
      }),
      overdue: buildCase({
        reference: 'HT-LATE-0003',
        priority: 'P1',
        claimDeadline: ago(74),
        createdAt: ago(134),
      }),
      waiting: buildCase({
        reference: 'HT-WAIT-0004',
        priority: 'P3',
        claimDeadline: fromNow(1200),
        createdAt: ago(600),
      }),
    });
    const tab = (name: RegExp) => screen.getByRole('tab', { name });
    const selectedTab = () =>
      screen.getAllByRole('tab').find((t) => t.getAttribute('aria-selected') === 'true');

    it('shows Mine, Unclaimed and All with counts, the unclaimed count in the title, and filters', async () => {
      const { mine, theirs, overdue, waiting } = cases();
      const { socket } = await renderQueue(() => ({
        status: 200,
        json: { cases: [mine, theirs, overdue, waiting], seq: 5 },
      }));
      await screen.findByText('HT-LATE-0003');
      // Mine counts once the session has said who "me" is.
      await waitFor(() =>
        expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual([
          'Mine 1',
          'Unclaimed 2',
          'All 4',
        ]),
      );
      expect(selectedTab()?.textContent).toBe('All 4');
      // The title is set by the heading's effect, which may run just after the rows show.
      await waitFor(() => expect(document.title).toBe('(2) Open cases · 护童 Hutong'));
      // Triage order: the unclaimed overdue P1 first, claimed cases last.
      expect(references()).toEqual([
        'HT-LATE-0003',
        'HT-WAIT-0004',
        'HT-THRS-0002',
        'HT-MINE-0001',
      ]);
      const panel = screen.getByRole('tabpanel');
      expect(panel.getAttribute('aria-labelledby')).toBe(selectedTab()?.id);

      await userEvent.click(tab(/^Unclaimed/));
      expect(selectedTab()?.textContent).toBe('Unclaimed 2');
      expect(references()).toEqual(['HT-LATE-0003', 'HT-WAIT-0004']);
      await userEvent.click(tab(/^Mine/));
      expect(references()).toEqual(['HT-MINE-0001']);

      // Someone claims the waiting P3 for me: the counts and the title follow the live event.
      const claimed = {
        ...waiting,
        status: 'triaging' as const,
        version: 2,
        assignee: { id: me.id, displayName: me.displayName },
        claimedAt: new Date().toISOString(),
      };
      act(() => socket.emit('case.updated', buildChange(6, claimed, 'claimed')));
      expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual([
        'Mine 2',
        'Unclaimed 1',
        'All 4',
      ]);
      expect(references()).toEqual(['HT-MINE-0001', 'HT-WAIT-0004']);
      await waitFor(() => expect(document.title).toBe('(1) Open cases · 护童 Hutong'));
    });

    it('is keyboard-usable: one Tab stop, arrow keys move and select', async () => {
      const { mine, overdue } = cases();
      await renderQueue(() => ({ status: 200, json: { cases: [mine, overdue], seq: 5 } }));
      await screen.findByRole('tab', { name: 'Mine 1' });
      expect(screen.getAllByRole('tab').map((t) => t.tabIndex)).toEqual([-1, -1, 0]);
      tab(/^All/).focus();
      await userEvent.keyboard('{ArrowLeft}');
      expect(document.activeElement).toBe(tab(/^Unclaimed/));
      expect(selectedTab()).toBe(tab(/^Unclaimed/));
      expect(references()).toEqual(['HT-LATE-0003']);
      await userEvent.keyboard('{Home}');
      expect(document.activeElement).toBe(tab(/^Mine/));
      expect(references()).toEqual(['HT-MINE-0001']);
      await userEvent.keyboard('{ArrowLeft}');
      expect(selectedTab()).toBe(tab(/^All/));
      expect(screen.getAllByRole('tab').map((t) => t.tabIndex)).toEqual([-1, -1, 0]);
    });

    it('says so when a tab is empty, and drops the count from the title once all are claimed', async () => {
      const { theirs } = cases();
      await renderQueue(() => ({ status: 200, json: { cases: [theirs], seq: 5 } }));
      await screen.findByText('HT-THRS-0002');
      await waitFor(() => expect(document.title).toBe('Open cases · 护童 Hutong'));
      await userEvent.click(tab(/^Unclaimed/));
      expect(screen.getByText('Every open case has been claimed.')).toBeTruthy();
      await userEvent.click(tab(/^Mine/));
      expect(screen.getByText('You hold no open cases.')).toBeTruthy();
    });

    it('renders in Chinese', async () => {
      const { overdue, theirs } = cases();
      await renderQueue(
        () => ({ status: 200, json: { cases: [theirs, overdue], seq: 5 } }),
        'zh-CN',
      );
      await screen.findByText('HT-LATE-0003');
      expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual([
        '我的 0',
        '未认领 1',
        '全部 2',
      ]);
      expect(screen.getByRole('tablist').getAttribute('aria-label')).toBe('显示哪些工单');
      await waitFor(() => expect(document.title).toBe('(1) 待处理工单 · 护童 Hutong'));
      expect(references()).toEqual(['HT-LATE-0003', 'HT-THRS-0002']);
    });
  });
});
