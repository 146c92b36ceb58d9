import { afterEach, describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TClosureCheck, TReferral } from '@hutong/shared';
import { SocketProvider } from '../../../realtime/SocketProvider';
import { FakeSocket } from '../../../test/fake-socket';
import { errorReply, startLocalServer } from '../../../test/local-server';
import type { LocalServer, RecordedRequest, Reply } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { AuthProvider } from '../../auth/AuthProvider';
import { buildCentre, buildReferral, buildReferralChange } from '../referral-factories';
import { ReferralPanel } from './ReferralPanel';

const caseId = '00000000-0000-4000-8000-00000000c0de';
const operator = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'operator',
  displayName: 'Operator One',
  role: 'operator',
};
const rescue = buildCentre({ name: 'Guangzhou rescue centre' });
const police = buildCentre({ name: 'Tianhe police', kind: 'police' });
const other = buildCentre({ name: 'Shenzhen centre' });
const blocked: TClosureCheck = {
  mayResolve: false,
  blockers: ['open_referrals', 'callback_missing'],
  callback: null,
};

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The panel against a local API; `extra` answers the writes the test is about. */
async function renderPanel(
  referrals: TReferral[],
  extra: (request: RecordedRequest) => Reply | undefined = () => undefined,
) {
  server = await startLocalServer((request) => {
    const answer = extra(request);
    if (answer) return answer;
    if (request.url === '/api/auth/me') return { status: 200, json: operator };
    if (/^\/api\/referrals\/[^/]+\/messages$/.test(request.url))
      return { status: 200, json: { messages: [], open: true } };
    if (request.url === `/api/cases/${caseId}/referrals`)
      return { status: 200, json: { referrals } };
    if (request.url === `/api/cases/${caseId}/centre-suggestions`) {
      return {
        status: 200,
        json: {
          suggestions: [
            { centre: rescue, reason: 'jurisdiction' },
            { centre: police, reason: 'police' },
          ],
        },
      };
    }
    if (request.url === '/api/centres')
      return { status: 200, json: { centres: [rescue, police, other] } };
    if (request.url === `/api/cases/${caseId}/closure`) return { status: 200, json: blocked };
    return errorReply('NOT_FOUND', 404, 'Not found');
  });
  const socket = new FakeSocket();
  renderWithProviders(
    <AuthProvider>
      <SocketProvider factory={socket.factory} onUnauthenticated={() => undefined}>
        <ReferralPanel caseId={caseId} />
      </SocketProvider>
    </AuthProvider>,
    { baseUrl: server.baseUrl },
  );
  // Ant Design (the conversation on each referral) renders slowly in jsdom on a busy machine.
  await screen.findByRole('heading', { name: 'Refer to a centre' }, { timeout: 15_000 });
  return socket;
}

describe('ReferralPanel', () => {
  it('suggests the covering centre first and police, and refers the case with a note', async () => {
    const created = buildReferral({ caseId, centre: rescue, status: 'pending' });
    await renderPanel([], (request) =>
      request.method === 'POST' ? { status: 201, json: created } : undefined,
    );
    const select = screen.getByLabelText('Centre');
    const options = within(select)
      .getAllByRole('option')
      .map((o) => o.textContent);
    expect(options).toEqual([
      'Guangzhou rescue centre (covers the location)',
      'Tianhe police (police, mandatory report)',
      'Shenzhen centre',
    ]);
    expect(screen.getByText('This case has not been referred yet.')).toBeTruthy();

    await userEvent.type(screen.getByLabelText('Note for the centre'), 'Girl, 9, at home alone');
    await userEvent.click(screen.getByRole('button', { name: 'Send referral' }));

    const item = await screen.findByTestId('referral');
    expect(within(item).getByText('Guangzhou rescue centre')).toBeTruthy();
    expect(within(item).getByText('Waiting for acknowledgement')).toBeTruthy();
    expect(within(item).getByText(/left$/)).toBeTruthy();
    const post = server!.requests.find((r) => r.method === 'POST');
    expect(post?.body).toEqual({ centreId: rescue.id, note: 'Girl, 9, at home alone' });
    expect(screen.getByText(/Reporter called back/).closest('li')?.className).toContain(
      'check--open',
    );
  });

  it('sends a referral whose answer was lost again with the same Idempotency-Key', async () => {
    const created = buildReferral({ caseId, centre: rescue, status: 'pending' });
    let posts = 0;
    await renderPanel([], (request) => {
      if (request.method !== 'POST') return undefined;
      posts++;
      // The first answer is lost to a restarting server: the referral may have been made.
      if (posts === 1) return errorReply('SERVICE_UNAVAILABLE', 503, 'Try again');
      if (posts === 2) return errorReply('CONFLICT', 409, 'This case is no longer open');
      return { status: 201, json: created };
    });
    const send = screen.getByRole<HTMLButtonElement>('button', { name: 'Send referral' });
    const sendOnce = async (n: number) => {
      await waitFor(() => expect(send.disabled).toBe(false));
      await userEvent.click(send);
      await waitFor(() => expect(posts).toBe(n));
    };
    await sendOnce(1);
    await sendOnce(2);
    await sendOnce(3);
    await screen.findByTestId('referral');
    const keys = server!.requests
      .filter((r) => r.method === 'POST')
      .map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    // A refusal made nothing: the next send is a new request with a new key.
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('explains a refusal for a case that is no longer open from error.data', async () => {
    await renderPanel([], (request) =>
      request.method === 'POST'
        ? errorReply('CONFLICT', 409, 'This case is no longer open', { status: 'resolved' })
        : undefined,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Send referral' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The case is Resolved; reopen it before referring it.',
    );
  });

  it('explains an illegal move by its problem, and applies live updates', async () => {
    const referral = buildReferral({ caseId, centre: rescue, status: 'pending' });
    const socket = await renderPanel([referral], (request) =>
      request.method === 'PATCH'
        ? errorReply('ILLEGAL_TRANSITION', 409, 'not allowed', {
            from: 'completed',
            to: 'cancelled',
            problem: 'not_allowed',
          })
        : undefined,
    );
    const item = screen.getByTestId('referral');
    await userEvent.click(within(item).getByRole('button', { name: 'Cancel referral' }));
    expect((await within(item).findByRole('alert')).textContent).toBe(
      'This change is not possible from the referral’s current status.',
    );

    act(() =>
      socket.emit(
        'referral.updated',
        buildReferralChange(7, {
          ...referral,
          status: 'acknowledged',
          acknowledgedAt: new Date().toISOString(),
          version: 2,
        }),
      ),
    );
    expect(within(item).getByText('Acknowledged', { selector: '.badge' })).toBeTruthy();
    expect(within(item).queryByText(/left$/)).toBeNull();
  });

  it('shows the escalation level and the decline reason, and offers a re-route', async () => {
    const declined = buildReferral({
      caseId,
      centre: rescue,
      status: 'declined',
      reason: 'No staff on duty',
      escalationLevel: 2,
    });
    await renderPanel([declined]);
    const item = screen.getByTestId('referral');
    expect(within(item).getByText('Level 2: the centre is being chased')).toBeTruthy();
    expect(within(item).getByText('No staff on duty')).toBeTruthy();
    await userEvent.click(within(item).getByRole('button', { name: 'Re-route…' }));
    expect(
      screen.getByRole('heading', {
        name: 'Re-route the referral to Guangzhou rescue centre',
      }),
    ).toBeTruthy();
  });

  it('needs a reason to waive the reporter callback, then records it', async () => {
    await renderPanel([], (request) =>
      request.method === 'POST' && request.url.endsWith('/callback')
        ? {
            status: 200,
            json: {
              mayResolve: false,
              blockers: ['open_referrals'],
              callback: {
                outcome: 'waived',
                reason: 'Anonymous reporter',
                by: null,
                at: new Date().toISOString(),
              },
            },
          }
        : undefined,
    );
    // The closure checklist is read on its own, after the referrals.
    await userEvent.click(await screen.findByLabelText('Waived'));
    await userEvent.click(screen.getByRole('button', { name: 'Record callback' }));
    expect(screen.getByRole('alert').textContent).toBe('Give a reason for waiving the callback.');
    expect(server!.requests.some((r) => r.url.endsWith('/callback'))).toBe(false);

    await userEvent.type(screen.getByLabelText('Why is it waived?'), 'Anonymous reporter');
    await userEvent.click(screen.getByRole('button', { name: 'Record callback' }));
    await screen.findByText(/Callback waived .*: Anonymous reporter/);
    const post = server!.requests.find((r) => r.url.endsWith('/callback'));
    expect(post?.body).toEqual({ outcome: 'waived', reason: 'Anonymous reporter' });
    await waitFor(() =>
      expect(screen.getByText(/Reporter called back/).closest('li')?.className).toContain(
        'check--done',
      ),
    );
  });

  it('shows each SMS and call with its delivery status, updated live', async () => {
    const sms = {
      id: '00000000-0000-4000-8000-0000000005a1',
      channel: 'sms' as const,
      contactLabel: 'Night duty',
      purpose: 'new',
      status: 'sent',
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    };
    const inApp = {
      ...sms,
      id: '00000000-0000-4000-8000-0000000005a2',
      channel: 'in_app' as const,
    };
    const referral = buildReferral({ caseId, centre: rescue, notifications: [inApp, sms] });
    const socket = await renderPanel([referral]);
    const item = screen.getByTestId('referral');
    expect(
      within(item)
        .getAllByTestId('delivery')
        .map((li) => li.textContent),
    ).toEqual(['SMS · Night duty: sent']);

    const delivered = { ...sms, status: 'delivered' };
    act(() =>
      socket.emit('referral.updated', {
        seq: 8,
        step: 'delivery',
        notification: delivered,
        referral: { ...referral, notifications: [inApp, delivered] },
      }),
    );
    expect(within(item).getByTestId('delivery').textContent).toBe('SMS · Night duty: delivered');
  });

  it('gives the operator the lookup code of a phone report to read to the caller', async () => {
    await renderPanel([], (request) =>
      request.method === 'POST' && request.url === `/api/cases/${caseId}/lookup-codes`
        ? {
            status: 200,
            json: {
              codes: [
                {
                  reportId: '00000000-0000-4000-8000-0000000000ab',
                  reference: 'HT-7K3F-9QX2',
                  channel: 'voice',
                  lookupCode: 'ABCDEFGH23',
                },
              ],
            },
          }
        : undefined,
    );
    // Nothing is fetched (and audited) until asked.
    expect(server!.requests.some((r) => r.url.endsWith('/lookup-codes'))).toBe(false);
    await userEvent.click(screen.getByRole('button', { name: 'Lookup code for the caller' }));
    expect(await screen.findByText('HT-7K3F-9QX2 (call): ABCDEFGH23')).toBeTruthy();
  });
});
