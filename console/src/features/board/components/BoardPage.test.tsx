import { afterEach, describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Language, TDutyBoard } from '@hutong/shared';
import { SocketProvider } from '../../../realtime/SocketProvider';
import { FakeSocket } from '../../../test/fake-socket';
import { buildCase } from '../../../test/factories';
import { errorReply, startLocalServer, type Reply } from '../../../test/local-server';
import type { LocalServer } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { BoardPage } from './BoardPage';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
const LATE_CASE = buildCase({
  id: '00000000-0000-4000-8000-00000000c001',
  reference: 'HT-LATE-0001',
  priority: 'P1',
  claimDeadline: minutesAgo(3),
});

function buildBoard(overrides: Partial<TDutyBoard> = {}): TDutyBoard {
  return {
    at: new Date().toISOString(),
    cases: {
      open: 7,
      byPriority: { P1: 2, P2: 1, P3: 3, P4: 1 },
      unclaimed: 4,
      overdueClaims: [LATE_CASE],
      overdueClaimsTotal: 1,
      claimsLast24h: { claimed: 5, inTime: 4, late: 1 },
    },
    referrals: {
      awaitingAck: 2,
      attention: [
        {
          id: '00000000-0000-4000-8000-00000000d001',
          caseId: '00000000-0000-4000-8000-00000000c002',
          caseReference: 'HT-REF-0002',
          centre: {
            id: '00000000-0000-4000-8000-00000000e001',
            name: '天河区未成年人救助保护中心',
          },
          priority: 'P1',
          status: 'pending',
          ackDeadline: minutesAgo(12),
          escalationLevel: 2,
        },
      ],
      attentionTotal: 1,
    },
    calls: {
      waiting: 3,
      urgent: 1,
      oldestQueuedAt: minutesAgo(4),
      last24h: { queued: 40, answered: 38, answeredWithin15s: 36, abandoned: 2 },
    },
    callbacks: { open: 2, overdue: 1 },
    onDuty: [
      {
        id: '00000000-0000-4000-8000-00000000f001',
        displayName: '接线员 李',
        role: 'operator',
        connections: 1,
        holding: 3,
        status: 'on_call',
        since: minutesAgo(5),
      },
    ],
    ...overrides,
  };
}

async function renderBoard(answer: () => Reply, language: Language = 'en') {
  server = await startLocalServer((request) => {
    if (request.url === '/api/board') return answer();
    // The locked-accounts panel below the board (tested on its own).
    if (request.url === '/api/auth/locks') return { status: 200, json: { accounts: [] } };
    // The shift panels below the board (tested in ShiftPanels.test.tsx).
    if (request.url === '/api/shift/handovers') return { status: 200, json: { handovers: [] } };
    if (request.url === '/api/cases/assignees') return { status: 200, json: { users: [] } };
    return errorReply('NOT_FOUND', 404, 'Not found');
  });
  const socket = new FakeSocket();
  renderWithProviders(
    <SocketProvider factory={socket.factory} onUnauthenticated={() => undefined}>
      <BoardPage />
    </SocketProvider>,
    { baseUrl: server.baseUrl, language },
  );
  return socket;
}

const boardReads = () => server!.requests.filter((r) => r.url === '/api/board').length;

describe('BoardPage', () => {
  it('shows open cases, late claims, referrals needing attention, callers and who is on duty', async () => {
    await renderBoard(() => ({ status: 200, json: buildBoard() }));
    expect(screen.getByText('Loading the duty board…')).toBeTruthy();
    await screen.findByRole('heading', { name: 'Open cases' });
    expect(screen.getByText('7 open')).toBeTruthy();
    expect(screen.getByText('4 not yet claimed')).toBeTruthy();

    const late = screen.getByRole('region', { name: 'Not claimed in time (1)' });
    expect(within(late).getByRole('link', { name: 'HT-LATE-0001' }).getAttribute('href')).toBe(
      `/cases/${LATE_CASE.id}`,
    );
    expect(within(late).getByText(/late$/)).toBeTruthy();

    const referrals = screen.getByRole('region', { name: 'Referrals needing attention (1)' });
    const row = within(referrals).getByRole('row', { name: /HT-REF-0002/ });
    expect(row.textContent).toContain('天河区未成年人救助保护中心');
    expect(row.textContent).toContain('Step 2');
    expect(within(referrals).getByText('2 waiting for acknowledgement')).toBeTruthy();

    expect(screen.getByText('3 callers waiting')).toBeTruthy();
    expect(screen.getByText('1 urgent')).toBeTruthy();
    expect(screen.getByText('1 past their deadline')).toBeTruthy();
    expect(
      screen.getByText(
        'Last 24 h: 36 of 40 callers answered within 15 s (90%); 2 hung up waiting.',
      ),
    ).toBeTruthy();

    const duty = screen.getByRole('region', { name: 'On duty now' });
    expect(within(duty).getByRole('row', { name: /接线员 李/ }).textContent).toContain('operator');
  });

  it('says so when nothing is late, nobody waits and no console is open — in Chinese too', async () => {
    await renderBoard(
      () => ({
        status: 200,
        json: buildBoard({
          cases: {
            open: 0,
            byPriority: { P1: 0, P2: 0, P3: 0, P4: 0 },
            unclaimed: 0,
            overdueClaims: [],
            overdueClaimsTotal: 0,
            claimsLast24h: { claimed: 0, inTime: 0, late: 0 },
          },
          referrals: { awaitingAck: 0, attention: [], attentionTotal: 0 },
          calls: {
            waiting: 0,
            urgent: 0,
            oldestQueuedAt: null,
            last24h: { queued: 0, answered: 0, answeredWithin15s: 0, abandoned: 0 },
          },
          callbacks: { open: 0, overdue: 0 },
          onDuty: [],
        }),
      }),
      'zh-CN',
    );
    await screen.findByText('所有案件均已在时限内认领。');
    expect(screen.getByText('没有超过确认时限或已升级的转介。')).toBeTruthy();
    expect(screen.getByText('目前无人等待。')).toBeTruthy();
    expect(screen.getByText('过去24小时内没有来电进入排队。')).toBeTruthy();
    expect(screen.getByText('目前没有人在线。')).toBeTruthy();
  });

  it('re-reads the board once after a burst of live changes', async () => {
    let open = 7;
    const socket = await renderBoard(() => ({
      status: 200,
      json: buildBoard({ cases: { ...buildBoard().cases, open } }),
    }));
    await screen.findByText('7 open');
    act(() => socket.acceptConnection());
    const before = boardReads();
    open = 9;
    act(() => {
      socket.emit('presence.updated', {
        userId: '00000000-0000-4000-8000-00000000f002',
        online: true,
      });
      socket.emit('presence.updated', {
        userId: '00000000-0000-4000-8000-00000000f004',
        online: true,
      });
      socket.emit('presence.updated', {
        userId: '00000000-0000-4000-8000-00000000f003',
        online: false,
      });
    });
    await screen.findByText('9 open', {}, { timeout: 3000 });
    expect(boardReads()).toBe(before + 1);
  });

  it('offers a retry when the board cannot be read, and keeps an older board on a failed refresh', async () => {
    let fail = true;
    const socket = await renderBoard(() =>
      fail
        ? errorReply('SERVICE_UNAVAILABLE', 503, 'Down for a moment')
        : { status: 200, json: buildBoard() },
    );
    await screen.findByText(/The duty board could not be loaded/);
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByText('7 open');

    fail = true;
    act(() => socket.acceptConnection());
    act(() =>
      socket.emit('presence.updated', {
        userId: '00000000-0000-4000-8000-00000000f002',
        online: true,
      }),
    );
    await waitFor(() => expect(screen.getByText(/Could not refresh/)).toBeTruthy(), {
      timeout: 3000,
    });
    expect(screen.getByText('7 open')).toBeTruthy();
  });
});
