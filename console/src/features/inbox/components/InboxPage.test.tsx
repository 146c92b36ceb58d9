import { afterEach, describe, expect, it } from 'vitest';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TInboxReferral, TMe, TReferral, TReferralTriage } from '@hutong/shared';
import { AuthProvider } from '../../auth/AuthProvider';
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

// Ant Design renders slowly in jsdom on a busy machine.
const slow = { timeout: 15_000 };
const centre = { id: '00000000-0000-4000-8000-00000000ce01', name: '东城区未成年人救助保护中心' };
const officer: TMe = {
  id: '00000000-0000-4000-8000-00000000a001',
  username: 'wangming',
  displayName: '王明',
  role: 'centre_staff',
  centreId: centre.id,
  centre,
};

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
const minutesAhead = (n: number) => new Date(Date.now() + n * 60_000).toISOString();

const TRIAGE: TReferralTriage = {
  categories: ['emotional_abuse'],
  immediateDanger: false,
  region: { code: '110101001', name: '东华门街道', path: ['北京市', '东城区', '东华门街道'] },
  childAges: [9],
};

function row(overrides: Partial<TReferral> = {}, triage: Partial<TReferralTriage> = {}) {
  return { ...buildReferral(overrides), triage: { ...TRIAGE, ...triage } };
}

/** The inbox against a local API answering `listReferrals` (and the officer's session). */
async function renderInbox(referrals: TInboxReferral[]) {
  let list = referrals;
  server = await startLocalServer((request) => {
    if (request.url === '/api/auth/me') return { status: 200, json: officer };
    if (request.url === '/api/referrals') return { status: 200, json: { centre, referrals: list } };
    return errorReply('NOT_FOUND', 404, 'Not found');
  });
  const socket = new FakeSocket();
  renderWithProviders(
    <AuthProvider>
      <SocketProvider factory={socket.factory} onUnauthenticated={() => undefined}>
        <InboxPage />
      </SocketProvider>
    </AuthProvider>,
    { baseUrl: server.baseUrl },
  );
  return {
    socket,
    /** What the next `GET /api/referrals` answers. */
    serve: (next: TInboxReferral[]) => {
      list = next;
    },
  };
}

const references = () =>
  screen.getAllByTestId('inbox-row').map((r) => within(r).getByRole('link').textContent);
const rowOf = (reference: string) => screen.getByText(reference).closest('tr')!;

describe('InboxPage', { timeout: 90_000 }, () => {
  it('says who the officer is and for which centre', async () => {
    await renderInbox([]);
    // The centre comes with the inbox, the officer's name with the session.
    expect(await screen.findByText('王明 · 东城区未成年人救助保护中心', {}, slow)).toBeTruthy();
  });

  it('shows what a duty officer triages by: received, priority, situation, danger, where, ages, state, deadline', async () => {
    await renderInbox([
      row(
        { caseReference: 'HT-TRIAGE', priority: 'P1', ackDeadline: minutesAhead(5) },
        {
          categories: ['bullying', 'emotional_abuse'],
          immediateDanger: true,
          childAges: [4, null],
        },
      ),
    ]);
    await screen.findByText('HT-TRIAGE', {}, slow);
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual([
      'Case',
      'Received',
      'Priority',
      'Situation',
      'In danger now',
      'Where',
      'Children’s ages',
      'Status',
      'Acknowledge by',
    ]);
    const cells = within(rowOf('HT-TRIAGE'));
    expect(cells.getByText('Bullying')).toBeTruthy();
    expect(cells.getByText('Emotional abuse')).toBeTruthy();
    expect(cells.getByText('In danger now')).toBeTruthy();
    expect(cells.getByText('东华门街道').getAttribute('title')).toBe(
      '北京市 › 东城区 › 东华门街道',
    );
    expect(cells.getByText('4 yrs, age unknown')).toBeTruthy();
    expect(cells.getByText('Waiting for acknowledgement')).toBeTruthy();
    expect(cells.getByText(/^Acknowledge:/).textContent).toMatch(/0[45]:[0-5]\d left$/);
  });

  it('puts overdue acknowledgements first, then the others to acknowledge, then work in hand, ended last', async () => {
    await renderInbox([
      row({ caseReference: 'HT-P3-NEW', priority: 'P3', createdAt: minutesAgo(1) }),
      row({
        caseReference: 'HT-P1-DONE',
        priority: 'P1',
        status: 'completed',
        createdAt: minutesAgo(2),
      }),
      row({
        caseReference: 'HT-P1-WORK',
        priority: 'P1',
        status: 'accepted',
        createdAt: minutesAgo(3),
      }),
      row({ caseReference: 'HT-P2-NEW', priority: 'P2', createdAt: minutesAgo(3) }),
      row({
        caseReference: 'HT-P3-LATE',
        priority: 'P3',
        createdAt: minutesAgo(90),
        ackDeadline: minutesAgo(1),
      }),
      row({ caseReference: 'HT-P1-OLD', priority: 'P1', createdAt: minutesAgo(50) }),
    ]);
    await screen.findByText('HT-P1-OLD', {}, slow);
    expect(references()).toEqual([
      'HT-P3-LATE',
      'HT-P1-OLD',
      'HT-P2-NEW',
      'HT-P3-NEW',
      'HT-P1-WORK',
      'HT-P1-DONE',
    ]);
    expect(within(rowOf('HT-P3-LATE')).getByText(/Overdue by/)).toBeTruthy();
    expect(within(rowOf('HT-P1-WORK')).queryByText(/left|Overdue/)).toBeNull();
  });

  it('filters by state', async () => {
    await renderInbox([
      row({ caseReference: 'HT-WAITING' }),
      row({ caseReference: 'HT-WORKING', status: 'en_route' }),
      row({ caseReference: 'HT-ENDED', status: 'declined' }),
    ]);
    await screen.findByText('HT-WAITING', {}, slow);
    await userEvent.click(screen.getByText('To acknowledge (1)'));
    expect(references()).toEqual(['HT-WAITING']);
    await userEvent.click(screen.getByText('In progress (1)'));
    expect(references()).toEqual(['HT-WORKING']);
    await userEvent.click(screen.getByText('Ended (1)'));
    expect(references()).toEqual(['HT-ENDED']);
    await userEvent.click(screen.getByText('All (3)'));
    expect(references()).toHaveLength(3);
  });

  it('takes a move over the socket into its row and reads a new referral with its facts', async () => {
    const waiting = row({ caseReference: 'HT-P2-OLD', priority: 'P2', createdAt: minutesAgo(10) });
    const { socket, serve } = await renderInbox([waiting]);
    await screen.findByText('HT-P2-OLD', {}, slow);

    const urgent = row({ caseReference: 'HT-URGENT', priority: 'P1' }, { immediateDanger: true });
    serve([waiting, urgent]);
    act(() => socket.emit('referral.created', buildReferralChange(5, urgent)));
    await screen.findByText('HT-URGENT', {}, slow);
    expect(references()).toEqual(['HT-URGENT', 'HT-P2-OLD']);
    expect(within(rowOf('HT-URGENT')).getByText('In danger now')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('New referral HT-URGENT: Red · urgent');

    act(() =>
      socket.emit(
        'referral.updated',
        buildReferralChange(6, { ...waiting, status: 'acknowledged', version: 2 }),
      ),
    );
    expect(within(rowOf('HT-P2-OLD')).getByText('Acknowledged')).toBeTruthy();
    // The facts stay on the row; an older version arriving late never overwrites the newer one.
    expect(within(rowOf('HT-P2-OLD')).getByText('东华门街道')).toBeTruthy();
    act(() => socket.emit('referral.updated', buildReferralChange(4, waiting)));
    expect(within(rowOf('HT-P2-OLD')).getByText('Acknowledged')).toBeTruthy();
  });

  it('says so when the centre has no referrals', async () => {
    await renderInbox([]);
    expect(await screen.findByText('No referrals to your centre.', {}, slow)).toBeTruthy();
  });
});
