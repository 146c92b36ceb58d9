import { afterEach, describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Language, TSweep } from '@hutong/shared';
import { AntdProvider } from '../../../app/AntdProvider';
import { SocketProvider } from '../../../realtime/SocketProvider';
import { FakeSocket } from '../../../test/fake-socket';
import { errorReply, startLocalServer, type LocalServer } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { AuthProvider } from '../../auth/AuthProvider';
import { SweepPage } from './SweepPage';
import { SweepsPage } from './SweepsPage';

const TOWNSHIP = {
  id: '00000000-0000-4000-8000-00000000b002',
  username: 'township',
  displayName: '督导员 周',
  role: 'township_supervisor',
  regionCode: '440117101',
};
const SWEEP_ID = '00000000-0000-4000-8000-00000000d001';

function buildSweep(overrides: Partial<TSweep> = {}): TSweep {
  return {
    id: SWEEP_ID,
    region: { code: '440117101', name: '温泉镇', path: ['广东省', '广州市', '从化区', '温泉镇'] },
    categories: ['left_behind'],
    dueBy: null,
    note: null,
    startedAt: '2026-06-01T02:00:00.000Z',
    startedBy: { id: TOWNSHIP.id, displayName: TOWNSHIP.displayName },
    status: 'open',
    endedAt: null,
    endedBy: null,
    endReason: null,
    total: 4,
    done: 1,
    overdue: 0,
    ...overrides,
  };
}

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function renderPage(
  sweeps: TSweep[],
  language: Language = 'en',
  failList = false,
  page: 'list' | 'detail' = 'list',
) {
  server = await startLocalServer((r) => {
    const url = new URL(r.url, 'http://local');
    if (url.pathname === '/api/auth/me') return { status: 200, json: TOWNSHIP };
    if (url.pathname === '/api/regions')
      return {
        status: 200,
        json: {
          regions: [{ code: '440117101', name: '温泉镇', level: 'township', parentCode: null }],
        },
      };
    if (url.pathname === '/api/sweeps' && r.method === 'GET') {
      if (failList) return errorReply('INTERNAL', 500, 'Something went wrong');
      return { status: 200, json: { sweeps, total: sweeps.length, page: 1, pageSize: 50 } };
    }
    if (url.pathname === '/api/sweeps' && r.method === 'POST') {
      const body = r.body as { regionCode: string; categories: TSweep['categories'] };
      const sweep = buildSweep({
        id: '00000000-0000-4000-8000-00000000d002',
        categories: body.categories,
        total: 7,
        done: 0,
      });
      sweeps.unshift(sweep);
      return { status: 201, json: { ...sweep, villages: [] } };
    }
    if (url.pathname === `/api/sweeps/${SWEEP_ID}` && r.method === 'GET')
      return { status: 200, json: { ...sweeps[0], villages: [] } };
    if (url.pathname === `/api/sweeps/${SWEEP_ID}/cancel` && r.method === 'POST') {
      const ended = buildSweep({
        status: 'cancelled',
        endedAt: '2026-06-02T02:00:00.000Z',
        endedBy: { id: TOWNSHIP.id, displayName: TOWNSHIP.displayName },
        endReason: (r.body as { reason: string }).reason,
      });
      return { status: 200, json: { ...ended, villages: [] } };
    }
    if (url.pathname === '/api/children')
      return { status: 200, json: { children: [], total: 0, page: 1, pageSize: 100 } };
    return errorReply('NOT_FOUND', 404, 'Not found');
  });
  const socket = new FakeSocket();
  renderWithProviders(
    <AuthProvider>
      <AntdProvider>
        <SocketProvider factory={socket.factory} onUnauthenticated={() => undefined}>
          {page === 'list' ? <SweepsPage /> : <SweepPage id={SWEEP_ID} />}
        </SocketProvider>
      </AntdProvider>
    </AuthProvider>,
    { baseUrl: server.baseUrl, language },
  );
  return socket;
}

const SLOW = { timeout: 20_000 };
const row = async () =>
  (await screen.findByRole('link', { name: '从化区 › 温泉镇' }, SLOW)).closest('li')!;

describe('SweepsPage', () => {
  it('lists sweeps with their progress and moves the bar on a live event, ignoring older ones', async () => {
    const socket = await renderPage([buildSweep()]);
    act(() => socket.acceptConnection());
    const item = await row();
    expect(within(item).getByText('1 of 4 visited')).toBeTruthy();
    expect(within(item).getByText('Left-behind child')).toBeTruthy();
    const event = (seq: number, done: number, status: TSweep['status'] = 'open') => ({
      seq,
      sweep: {
        id: SWEEP_ID,
        status,
        scopeCode: '440117101',
        total: 4,
        done,
        overdue: 0,
        village: null,
      },
    });
    act(() => socket.emit('sweep.updated', event(5, 3)));
    await waitFor(() => expect(within(item).getByText('3 of 4 visited')).toBeTruthy(), SLOW);
    act(() => socket.emit('sweep.updated', event(4, 2)));
    expect(within(item).getByText('3 of 4 visited')).toBeTruthy();
    // Closed elsewhere: the tag appears live.
    act(() => socket.emit('sweep.updated', event(6, 3, 'closed')));
    expect(await within(item).findByText('Closed', {}, SLOW)).toBeTruthy();
  });

  it('cancels a sweep only with a reason, then shows who ended it and why', async () => {
    const user = userEvent.setup();
    await renderPage([buildSweep()], 'en', false, 'detail');
    const form = await screen.findByRole('form', { name: 'End this sweep' }, SLOW);
    await user.click(within(form).getByRole('button', { name: 'Cancel sweep' }));
    expect(await within(form).findByText('Give a reason.', {}, SLOW)).toBeTruthy();
    expect(server!.requests.some((r) => r.method === 'POST')).toBe(false);

    await user.type(within(form).getByLabelText('Reason'), 'Started by mistake');
    await user.click(within(form).getByRole('button', { name: 'Cancel sweep' }));
    expect(await screen.findByText('Cancelled', {}, SLOW)).toBeTruthy();
    expect((await screen.findByText(/Started by mistake/, {}, SLOW)).textContent).toContain(
      TOWNSHIP.displayName,
    );
    const post = server!.requests.find((r) => r.method === 'POST')!;
    expect(post.url).toContain(`/api/sweeps/${SWEEP_ID}/cancel`);
    expect(post.body).toEqual({ reason: 'Started by mistake' });
    // An ended sweep offers no end form.
    await waitFor(
      () => expect(screen.queryByRole('form', { name: 'End this sweep' })).toBeNull(),
      SLOW,
    );
  }, 90_000);

  it('starts a sweep only with a region and categories, sending an Idempotency-Key', async () => {
    const user = userEvent.setup();
    await renderPage([]);
    expect(await screen.findByText('No sweeps yet.', {}, SLOW)).toBeTruthy();
    // The start form shows once the signed-in user (who may start one) is read.
    const form = await screen.findByRole('form', { name: 'Start a sweep' }, SLOW);
    await user.click(within(form).getByRole('button', { name: 'Start sweep' }));
    // antd validates asynchronously: wait for the messages, as a person would see them appear.
    expect(await within(form).findByText('Choose a region.', {}, SLOW)).toBeTruthy();
    expect(await within(form).findByText('Choose at least one category.', {}, SLOW)).toBeTruthy();
    expect(server!.requests.some((r) => r.method === 'POST')).toBe(false);

    // The region from the tree, found by search.
    await user.type(within(form).getByLabelText('Region'), '温泉');
    await user.click(await screen.findByTitle('温泉镇', {}, SLOW));
    await user.click(within(form).getByLabelText('Orphan'));
    await user.click(within(form).getByRole('button', { name: 'Start sweep' }));
    expect((await within(form).findByRole('status', {}, SLOW)).textContent).toBe(
      'Sweep started: 7 visits to make.',
    );
    const post = server!.requests.find((r) => r.method === 'POST')!;
    expect(post.body).toEqual({ regionCode: '440117101', categories: ['orphan'] });
    expect(post.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(await row()).toBeTruthy();
  }, 90_000);

  it('says when the list cannot be loaded, in Chinese too', async () => {
    await renderPage([], 'zh-CN', true);
    expect(await screen.findByText(/无法加载排查任务/, {}, SLOW)).toBeTruthy();
  });
});
