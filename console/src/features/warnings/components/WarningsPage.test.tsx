import { afterEach, describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Language, TWarningView } from '@hutong/shared';
import { AntdProvider } from '../../../app/AntdProvider';
import { SocketProvider } from '../../../realtime/SocketProvider';
import { FakeSocket } from '../../../test/fake-socket';
import { errorReply, startLocalServer, type LocalServer } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { AuthProvider } from '../../auth/AuthProvider';
import { WarningsPage } from './WarningsPage';

const DIRECTOR = {
  id: '00000000-0000-4000-8000-00000000b001',
  username: 'director',
  displayName: '儿童主任 李',
  role: 'child_director',
  regionCode: '440117101201',
};

function buildWarning(overrides: Partial<TWarningView> = {}): TWarningView {
  return {
    id: '00000000-0000-4000-8000-00000000a001',
    childId: '00000000-0000-4000-8000-00000000c001',
    kind: 'danger_signal',
    status: 'open',
    reasons: [
      { rule: 'danger_signal', item: 'childSafe' },
      { rule: 'danger_signal', item: 'enoughFood' },
    ],
    region: {
      code: '440117101201',
      name: '石南村',
      path: ['广东省', '广州市', '从化区', '温泉镇', '石南村'],
    },
    createdAt: '2026-06-01T02:00:00.000Z',
    updatedAt: '2026-06-01T02:00:00.000Z',
    acknowledged: null,
    dismissed: null,
    escalated: null,
    child: {
      id: '00000000-0000-4000-8000-00000000c001',
      name: '王小丽',
      categories: ['left_behind'],
      riskLevel: 'high',
    },
    dismissReason: null,
    ...overrides,
  };
}

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server holding `warnings`, answering the list and the three actions as the API does. */
async function renderPage(warnings: TWarningView[], language: Language = 'en') {
  let seq = 7;
  server = await startLocalServer((r) => {
    const url = new URL(r.url, 'http://local');
    if (url.pathname === '/api/auth/me') return { status: 200, json: DIRECTOR };
    if (url.pathname === '/api/warnings' && r.method === 'GET') {
      const open = url.searchParams.get('status') !== 'all';
      const shown = warnings.filter(
        (w) => !open || w.status === 'open' || w.status === 'acknowledged',
      );
      return {
        status: 200,
        json: { warnings: shown, total: shown.length, page: 1, pageSize: 20, seq },
      };
    }
    const action = /^\/api\/warnings\/([^/]+)\/(acknowledge|dismiss|escalate)$/.exec(url.pathname);
    if (action && r.method === 'POST') {
      const index = warnings.findIndex((w) => w.id === action[1]);
      const at = new Date().toISOString();
      const by = { id: DIRECTOR.id, displayName: DIRECTOR.displayName };
      seq += 1;
      if (action[2] === 'acknowledge')
        warnings[index] = { ...warnings[index]!, status: 'acknowledged', acknowledged: { at, by } };
      if (action[2] === 'dismiss') {
        const reason = (r.body as { reason?: string } | undefined)?.reason;
        if (!reason) return errorReply('VALIDATION_FAILED', 400, 'reason');
        warnings[index] = {
          ...warnings[index]!,
          status: 'dismissed',
          dismissed: { at, by },
          dismissReason: reason,
        };
      }
      if (action[2] === 'escalate') {
        warnings[index] = {
          ...warnings[index]!,
          status: 'escalated',
          escalated: { at, by, reference: 'HT-ESC-0001' },
        };
        return { status: 200, json: { reference: 'HT-ESC-0001', warning: warnings[index] } };
      }
      return { status: 200, json: warnings[index] };
    }
    return errorReply('NOT_FOUND', 404, 'Not found');
  });
  const socket = new FakeSocket();
  renderWithProviders(
    <AuthProvider>
      <AntdProvider>
        <SocketProvider factory={socket.factory} onUnauthenticated={() => undefined}>
          <WarningsPage />
        </SocketProvider>
      </AntdProvider>
    </AuthProvider>,
    { baseUrl: server.baseUrl, language },
  );
  return socket;
}

const listReads = () =>
  server!.requests.filter((r) => r.method === 'GET' && r.url.startsWith('/api/warnings')).length;
const SLOW = { timeout: 20_000 };

describe('WarningsPage', () => {
  it('lists open warnings with the child, reasons and the actions a director may take', async () => {
    await renderPage([buildWarning()]);
    expect(screen.getByText('Loading warnings…')).toBeTruthy();
    const item = (await screen.findByRole('link', { name: '王小丽' }, SLOW)).closest('li')!;
    expect(item.getAttribute('data-warning')).toBe('00000000-0000-4000-8000-00000000a001');
    expect(within(item).getByText('Danger signal on a visit')).toBeTruthy();
    expect(within(item).getByText('The child is not safe')).toBeTruthy();
    expect(within(item).getByText('Not enough food')).toBeTruthy();
    expect(await within(item).findByRole('button', { name: 'Acknowledge' }, SLOW)).toBeTruthy();
    expect(within(item).getByRole('button', { name: 'Escalate to the hotline' })).toBeTruthy();
    expect(screen.getByText('1 warning')).toBeTruthy();
  });

  it('says so when there is nothing open, in Chinese too', async () => {
    await renderPage([], 'zh-CN');
    expect(await screen.findByText('暂无待处理预警。', {}, SLOW)).toBeTruthy();
  });

  it('dismisses only with a reason, and escalates to a report reference', async () => {
    const user = userEvent.setup();
    await renderPage([
      buildWarning(),
      buildWarning({
        id: '00000000-0000-4000-8000-00000000a002',
        kind: 'visit_overdue',
        reasons: [{ rule: 'visit_overdue', dueAt: '2026-05-01T00:00:00.000Z' }],
        child: {
          ...buildWarning().child,
          id: '00000000-0000-4000-8000-00000000c002',
          name: '张小明',
        },
      }),
    ]);
    const first = (await screen.findByRole('link', { name: '王小丽' }, SLOW)).closest('li')!;
    await user.click(await within(first).findByRole('button', { name: 'Dismiss…' }, SLOW));
    await user.click(within(first).getByRole('button', { name: 'Dismiss' }));
    expect(within(first).getByRole('alert').textContent).toBe('Give a reason.');
    expect(server!.requests.some((r) => r.url.endsWith('/dismiss'))).toBe(false);
    await user.type(within(first).getByLabelText('Why no action is needed'), '已电话核实');
    await user.click(within(first).getByRole('button', { name: 'Dismiss' }));
    await waitFor(
      () => expect(within(first).getByText(/Dismissed by .*已电话核实/)).toBeTruthy(),
      SLOW,
    );
    const dismiss = server!.requests.find((r) => r.url.endsWith('/dismiss'))!;
    expect(dismiss.body).toEqual({ reason: '已电话核实' });

    const second = screen.getByRole('link', { name: '张小明' }).closest('li')!;
    expect(within(second).getByText('Visit overdue')).toBeTruthy();
    await user.click(within(second).getByRole('button', { name: 'Escalate to the hotline' }));
    expect((await within(second).findByRole('status', {}, SLOW)).textContent).toContain(
      'HT-ESC-0001',
    );
    expect(within(second).queryByRole('button', { name: 'Escalate to the hotline' })).toBeNull();
  });

  it('re-reads the list on a live warning event and resumes from the seq it read', async () => {
    const socket = await renderPage([buildWarning()]);
    act(() => socket.acceptConnection());
    // As the server does at the end of every connection's set-up: live events count from here.
    act(() => socket.emit('sync.resumed', { seq: 0, replayed: 0 }));
    await screen.findByRole('link', { name: '王小丽' }, SLOW);
    const before = listReads();
    act(() =>
      socket.emit('warning.created', {
        seq: 8,
        warning: { ...buildWarning(), dismissReason: undefined, child: undefined },
      }),
    );
    await waitFor(() => expect(listReads()).toBeGreaterThan(before), SLOW);
    act(() => socket.dropConnection());
    act(() => socket.acceptConnection());
    expect(socket.handshakes.at(-1)).toEqual({ lastSeq: 0, lastWarningSeq: 8 });
  });
});
