import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TCaseDetail, TCaseEvent, THotline12345OrderView } from '@hutong/shared';
import { SocketProvider } from '../../../realtime/SocketProvider';
import { buildCase } from '../../../test/factories';
import { FakeSocket } from '../../../test/fake-socket';
import { errorReply, startLocalServer, type LocalServer } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { AuthProvider } from '../../auth/AuthProvider';
import { CaseRoute } from '../../cases/components/CasePage';

const me = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'operator',
  displayName: 'Operator One',
  role: 'operator',
};
const CASE_ID = '00000000-0000-4000-8000-0000000000c1';

function event(seq: number, type: TCaseEvent['type'], data: Record<string, unknown>): TCaseEvent {
  return { seq, caseId: CASE_ID, type, actor: null, data, createdAt: '2030-01-01T00:00:00.000Z' };
}

function buildDetail(): TCaseDetail {
  return {
    ...buildCase({
      id: CASE_ID,
      reference: 'HT-VIEW-0001',
      status: 'triaging',
      assignee: { id: me.id, displayName: me.displayName },
      claimedAt: '2030-01-01T00:01:00.000Z',
      version: 2,
    }),
    reports: [
      {
        id: '00000000-0000-4000-8000-0000000000a1',
        reference: 'HT-REPT-0001',
        channel: '12345',
        receivedAt: '2030-01-01T00:00:00.000Z',
        reporter: { type: 'anonymous' },
        children: [{}],
        categories: ['other'],
        immediateDanger: false,
        location: { regionCode: '440106', regionName: '天河区', address: null },
        narrative: '邻居家孩子经常被打骂。',
        language: 'zh-CN',
        filedBy: null,
      },
    ],
    events: [
      event(1, 'case_opened', { reference: 'HT-REPT-0001', priority: 'P3' }),
      event(2, 'hotline12345_urged', { orderNumber: 'GD2030-0001', urges: 2 }),
      event(3, 'hotline12345_answered', { orderNumber: 'GD2030-0001', step: 'signed' }),
    ],
    assessment: {},
    priorityOverride: null,
    policeNotifiedAt: null,
    closedReason: null,
    closedAt: null,
    attachments: [],
  };
}

const ORDER: THotline12345OrderView = {
  orderNumber: 'GD2030-0001',
  reference: 'HT-REPT-0001',
  orderTime: '2030-01-01T00:00:00.000Z',
  timeLimit: '2030-01-04T00:00:00.000Z',
  receivedAt: '2030-01-01T00:00:05.000Z',
  status: 'signed',
  returnedReason: null,
  urges: [
    { at: '2030-01-01T02:00:00.000Z', comment: '请尽快办理' },
    { at: '2030-01-01T03:00:00.000Z', comment: null },
  ],
  rating: null,
  messages: [
    {
      id: 'msg_1',
      step: 'signed',
      text: '儿童保护热线已签收，正在评估处置。',
      createdAt: '2030-01-01T00:00:06.000Z',
      status: 'delivered',
      deliveredAt: '2030-01-01T00:00:07.000Z',
      attempts: 1,
    },
  ],
};

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the 12345 panel of a case', { timeout: 20_000 }, () => {
  it('shows the order, its urges and what 12345 was sent, and returns it with a reason', async () => {
    let order = ORDER;
    server = await startLocalServer((request) => {
      if (request.url === '/api/auth/me') return { status: 200, json: me };
      if (request.url === `/api/cases/${CASE_ID}/12345/return` && request.method === 'POST') {
        const { reason } = request.body as { reason: string };
        order = { ...order, status: 'returned', returnedReason: reason };
        return { status: 200, json: { orders: [order] } };
      }
      if (request.url === `/api/cases/${CASE_ID}/12345`)
        return { status: 200, json: { orders: [order] } };
      if (request.method === 'GET' && request.url === `/api/cases/${CASE_ID}`)
        return { status: 200, json: buildDetail() };
      return errorReply('NOT_FOUND', 404, 'Not found');
    });
    renderWithProviders(
      <AuthProvider>
        <SocketProvider factory={new FakeSocket().factory} onUnauthenticated={() => undefined}>
          <CaseRoute />
        </SocketProvider>
      </AuthProvider>,
      { baseUrl: server.baseUrl, path: `/c/${CASE_ID}`, routePath: '/c/:id', language: 'en' },
    );
    await screen.findByRole('heading', { name: 'Assessment' }, { timeout: 5000 });
    const panel = await screen.findByTestId('hotline12345-panel');
    await within(panel).findByText('GD2030-0001');
    expect(within(panel).getByText('2 times')).toBeTruthy();
    expect(within(panel).getByText(/请尽快办理/)).toBeTruthy();
    // Its state at 12345, and the step sent (delivered).
    expect(within(panel).getAllByText('Signed for')).toHaveLength(2);
    expect(within(panel).getByText(/answered 1 Jan 2030, 08:00/)).toBeTruthy();
    expect(within(panel).getByText('Not rated yet')).toBeTruthy();
    // The timeline says when 12345 was answered, and that it urged.
    expect(screen.getByText('Order GD2030-0001 · 12345 answered: Signed for')).toBeTruthy();
    expect(screen.getByText('Order GD2030-0001 · Urged 2 times')).toBeTruthy();
    expect(screen.getByText('12345 urged this order')).toBeTruthy();

    await userEvent.click(within(panel).getByRole('button', { name: 'Return to 12345…' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText('Reason for returning'), '非儿童保护事项');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Return to 12345' }));
    await waitFor(() => expect(within(panel).getByText('Returned')).toBeTruthy());
    expect(within(panel).getByText('非儿童保护事项')).toBeTruthy();
    const posted = server.requests.filter((r) => r.url.endsWith('/12345/return'));
    expect(posted.map((r) => r.body)).toEqual([{ reason: '非儿童保护事项' }]);
    // Returned: no more replies or returns are offered.
    expect(within(panel).queryByRole('button', { name: 'Return to 12345…' })).toBeNull();
  });
});
