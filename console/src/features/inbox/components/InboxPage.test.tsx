import { afterEach, describe, expect, it } from 'vitest';
import { act, screen, within } from '@testing-library/react';
import type { TReferral } from '@hutong/shared';
import { SocketProvider } from '../../../realtime/SocketProvider';
import { FakeSocket } from '../../../test/fake-socket';
import { errorReply, startLocalServer } from '../../../test/local-server';
import type { LocalServer } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { buildReferral, buildReferralChange } from '../../dispatch/referral-factories';
import { InboxPage } from './InboxPage';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

async function renderInbox(referrals: TReferral[]) {
  server = await startLocalServer((request) =>
    request.url === '/api/referrals'
      ? { status: 200, json: { referrals } }
      : errorReply('NOT_FOUND', 404, 'Not found'),
  );
  const socket = new FakeSocket();
  renderWithProviders(
    <SocketProvider factory={socket.factory} onUnauthenticated={() => undefined}>
      <InboxPage />
    </SocketProvider>,
    { baseUrl: server.baseUrl },
  );
  return socket;
}

const references = () =>
  screen.getAllByTestId('inbox-row').map((row) => within(row).getByRole('link').textContent);

describe('InboxPage', () => {
  it('lists open referrals most urgent first, then newest, finished ones last', async () => {
    await renderInbox([
      buildReferral({ caseReference: 'HT-P3-NEW', priority: 'P3', createdAt: minutesAgo(1) }),
      buildReferral({
        caseReference: 'HT-P1-DONE',
        priority: 'P1',
        status: 'completed',
        createdAt: minutesAgo(2),
      }),
      buildReferral({ caseReference: 'HT-P2-OLD', priority: 'P2', createdAt: minutesAgo(30) }),
      buildReferral({ caseReference: 'HT-P2-NEW', priority: 'P2', createdAt: minutesAgo(3) }),
      buildReferral({ caseReference: 'HT-P1-OLD', priority: 'P1', createdAt: minutesAgo(50) }),
    ]);
    await screen.findByText('HT-P1-OLD');
    expect(references()).toEqual([
      'HT-P1-OLD',
      'HT-P2-NEW',
      'HT-P2-OLD',
      'HT-P3-NEW',
      'HT-P1-DONE',
    ]);
  });

  it('counts down to the acknowledgement deadline of a pending referral only', async () => {
    await renderInbox([
      buildReferral({
        caseReference: 'HT-WAIT',
        ackDeadline: new Date(Date.now() + 5 * 60_000 - 500).toISOString(),
      }),
      buildReferral({
        caseReference: 'HT-LATE',
        ackDeadline: new Date(Date.now() - 65_000).toISOString(),
      }),
      buildReferral({ caseReference: 'HT-ACKD', status: 'acknowledged' }),
    ]);
    const row = (reference: string) => screen.getByText(reference).closest('tr')!;
    await screen.findByText('HT-WAIT');
    expect(within(row('HT-WAIT')).getByText(/^Acknowledge:/).textContent).toMatch(
      /0[45]:[0-5]\d left$/,
    );
    expect(within(row('HT-LATE')).getByText(/Overdue by 01:0\d/)).toBeTruthy();
    expect(within(row('HT-ACKD')).queryByText(/left|Overdue/)).toBeNull();
  });

  it('inserts a referral that arrives over the socket and announces it', async () => {
    const socket = await renderInbox([
      buildReferral({ caseReference: 'HT-P2-OLD', priority: 'P2', createdAt: minutesAgo(10) }),
    ]);
    await screen.findByText('HT-P2-OLD');
    const urgent = buildReferral({ caseReference: 'HT-URGENT', priority: 'P1' });
    act(() => socket.emit('referral.created', buildReferralChange(5, urgent)));
    expect(references()).toEqual(['HT-URGENT', 'HT-P2-OLD']);
    expect(screen.getByRole('status').textContent).toBe('New referral HT-URGENT: Red · urgent');

    act(() =>
      socket.emit(
        'referral.updated',
        buildReferralChange(6, { ...urgent, status: 'acknowledged', version: 2 }),
      ),
    );
    const row = screen.getByText('HT-URGENT').closest('tr')!;
    expect(within(row).getByText('Acknowledged')).toBeTruthy();
    // An older version arriving late never overwrites the newer one.
    act(() => socket.emit('referral.updated', buildReferralChange(4, urgent)));
    expect(within(row).getByText('Acknowledged')).toBeTruthy();
  });

  it('says so when the centre has no referrals', async () => {
    await renderInbox([]);
    expect(await screen.findByText('No referrals to your centre.')).toBeTruthy();
  });
});
