import { afterEach, describe, expect, it } from 'vitest';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TCaseDetail } from '@hutong/shared';
import { SocketProvider } from '../../../realtime/SocketProvider';
import { buildCase, buildCaseDetail, buildChange } from '../../../test/factories';
import { FakeSocket } from '../../../test/fake-socket';
import { errorReply, startLocalServer } from '../../../test/local-server';
import type { LocalServer, Reply } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { AuthProvider } from '../../auth/AuthProvider';
import { CaseRoute } from './CasePage';

const me = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'operator',
  displayName: 'Operator One',
  role: 'operator',
};
const other = { id: '00000000-0000-4000-8000-00000000beef', displayName: 'Operator Two' };

function buildDetail(overrides: Partial<TCaseDetail> = {}): TCaseDetail {
  const summary = buildCase({
    reference: 'HT-CASE-0001',
    priority: 'P1',
    priorityReasons: [
      { rule: 'immediate_danger', priority: 'P1' },
      { rule: 'category', category: 'bullying', priority: 'P3' },
    ],
  });
  return buildCaseDetail({
    ...summary,
    reports: [
      {
        id: '00000000-0000-4000-8000-0000000000a1',
        reference: 'HT-REPT-0001',
        channel: 'web',
        receivedAt: summary.createdAt,
        reporter: { type: 'person', redacted: true },
        children: [{ name: '小明', sex: 'male', age: 8 }],
        categories: ['bullying'],
        immediateDanger: true,
        location: { regionCode: '440106', regionName: '天河区', address: 'Gate 3' },
        narrative: 'Hit every day after school.',
        language: 'zh-CN',
        filedBy: null,
      },
    ],
    events: [
      {
        seq: 1,
        caseId: summary.id,
        type: 'case_opened',
        actor: null,
        data: {},
        createdAt: summary.createdAt,
      },
    ],
    ...overrides,
  });
}

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function renderCase(detail: () => TCaseDetail, claim: () => Reply) {
  server = await startLocalServer((request) => {
    if (request.url === '/api/auth/me') return { status: 200, json: me };
    if (request.url.endsWith('/claim')) return claim();
    if (request.url.startsWith('/api/cases/')) return { status: 200, json: detail() };
    return errorReply('NOT_FOUND', 404, 'Not found');
  });
  const socket = new FakeSocket();
  renderWithProviders(
    <AuthProvider>
      <SocketProvider factory={socket.factory} onUnauthenticated={() => undefined}>
        <CaseRoute />
      </SocketProvider>
    </AuthProvider>,
    { baseUrl: server.baseUrl, path: `/c/${detail().id}`, routePath: '/c/:id' },
  );
  await screen.findByRole('heading', { name: 'Case HT-CASE-0001' });
  return socket;
}

describe('CasePage', () => {
  it('shows the reasons in plain words and the reporter as confidential when redacted', async () => {
    const detail = buildDetail();
    await renderCase(
      () => detail,
      () => ({ status: 200, json: detail }),
    );
    expect(screen.getByText(/The reporter said a child is in danger right now/)).toBeTruthy();
    expect(screen.getByText(/Situation reported: Bullying/)).toBeTruthy();
    expect(screen.getByText('Confidential')).toBeTruthy();
    expect(screen.getByText('Hit every day after school.')).toBeTruthy();
  });

  it('names the holder when a claim loses the race', async () => {
    let current = buildDetail();
    await renderCase(
      () => current,
      () => {
        current = { ...current, assignee: other, version: 2, claimedAt: current.createdAt };
        return errorReply('CASE_ALREADY_CLAIMED', 409, 'Already claimed', { assignee: other });
      },
    );
    // The claim button appears once the session is known.
    await userEvent.click(await screen.findByRole('button', { name: 'Claim this case' }));
    expect(await screen.findByText('Already claimed by Operator Two.')).toBeTruthy();
    await waitFor(() => expect(screen.getByText('Held by Operator Two.')).toBeTruthy());
    expect(screen.queryByRole('button', { name: 'Claim this case' })).toBeNull();
  });

  it('reads the case again when a live event for it arrives', async () => {
    let current = buildDetail();
    const socket = await renderCase(
      () => current,
      () => ({ status: 200, json: current }),
    );
    current = { ...current, assignee: other, version: 2, claimedAt: current.createdAt };
    act(() => socket.emit('case.updated', buildChange(2, current, 'claimed')));
    expect(await screen.findByText('Held by Operator Two.')).toBeTruthy();
  });
});
