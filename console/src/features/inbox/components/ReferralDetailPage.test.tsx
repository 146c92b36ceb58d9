import { afterEach, describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReferralStatus, TReferralDetail, TReferralMessage } from '@hutong/shared';
import { SocketProvider } from '../../../realtime/SocketProvider';
import { FakeSocket } from '../../../test/fake-socket';
import { errorReply, startLocalServer } from '../../../test/local-server';
import type { LocalServer, RecordedRequest, Reply } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { buildReferral } from '../../dispatch/referral-factories';
import { ReferralDetailPage } from './ReferralDetailPage';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function detail(status: ReferralStatus): TReferralDetail {
  return {
    ...buildReferral({ caseReference: 'HT-DETL-0001', status, priority: 'P1' }),
    note: 'Girl, 9, alone since yesterday',
    attachments: [],
    timeline: [
      {
        seq: 1,
        at: '2030-01-01T08:00:00.000Z',
        kind: 'created',
        from: null,
        to: null,
        step: null,
        side: null,
        by: { id: '00000000-0000-4000-8000-0000000000a1', displayName: '接线员 王芳' },
        viaPhone: false,
      },
      {
        seq: 2,
        at: '2030-01-01T08:05:00.000Z',
        kind: 'status',
        from: 'pending',
        to: 'acknowledged',
        step: null,
        side: null,
        by: null,
        viaPhone: true,
      },
    ],
    case: {
      status: 'dispatched',
      categories: ['abandonment_or_no_care'],
      immediateDanger: true,
      channel: 'web',
      region: { code: '440106', name: '天河区', path: ['广东省', '广州市', '天河区'] },
      addresses: ['天河路 1 号 3 楼'],
      children: [{ name: '小红', sex: 'female', age: 9, school: null }],
    },
  };
}

/** The page against a local API holding one referral; PATCHes move it. */
async function renderDetail(
  status: ReferralStatus,
  onAttach: (request: RecordedRequest) => Reply = () => errorReply('NOT_FOUND', 404, 'Not found'),
  extra: Partial<TReferralDetail> = {},
) {
  let current = { ...detail(status), ...extra };
  const messages: TReferralMessage[] = [];
  server = await startLocalServer((request) => {
    if (request.url === `/api/referrals/${current.id}/messages`) {
      if (request.method === 'POST') {
        const message: TReferralMessage = {
          id: `00000000-0000-4000-8000-0000000001${String(messages.length).padStart(2, '0')}`,
          referralId: current.id,
          side: 'centre',
          author: { id: '00000000-0000-4000-8000-0000000000c1', displayName: '救助中心 赵强' },
          body: (request.body as { body: string }).body,
          createdAt: '2030-01-01T09:00:00.000Z',
        };
        messages.push(message);
        return { status: 201, json: message };
      }
      return { status: 200, json: { messages, open: true } };
    }
    if (request.url === `/api/referrals/${current.id}/attachments`) return onAttach(request);
    if (request.url === `/api/referrals/${current.id}` && request.method === 'GET') {
      return { status: 200, json: current };
    }
    if (request.method === 'PATCH') {
      const body = request.body as { status: ReferralStatus };
      current = { ...current, status: body.status, version: current.version + 1 };
      return { status: 200, json: current };
    }
    return errorReply('NOT_FOUND', 404, 'Not found');
  });
  const socket = new FakeSocket();
  renderWithProviders(
    <SocketProvider factory={socket.factory} onUnauthenticated={() => undefined}>
      <ReferralDetailPage referralId={current.id} />
    </SocketProvider>,
    { baseUrl: server.baseUrl },
  );
  await screen.findByRole('heading', { name: 'Referral for case HT-DETL-0001' }, slow);
}

const patches = () => server!.requests.filter((r) => r.method === 'PATCH').map((r) => r.body);

// Ant Design renders slowly in jsdom on a busy machine: wait generously for what comes after a click.
const slow = { timeout: 15_000 };

describe('ReferralDetailPage', { timeout: 90_000 }, () => {
  it('shows what the centre needs and acknowledges in one click', async () => {
    await renderDetail('pending');
    expect(screen.getByText('天河路 1 号 3 楼')).toBeTruthy();
    expect(screen.getByText(/小红/)).toBeTruthy();
    expect(screen.getByText('Girl, 9, alone since yesterday')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'On site' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Acknowledge' }));
    expect(await screen.findByRole('button', { name: 'Accept' }, slow)).toBeTruthy();
    expect(patches()).toEqual([{ status: 'acknowledged' }]);
    expect(screen.getByText('Acknowledged', { selector: '.badge' })).toBeTruthy();
  });

  it('offers each file attached to the outcome as a download', async () => {
    const file = {
      id: '00000000-0000-4000-8000-00000000f0f0',
      filename: '安置记录.pdf',
      contentType: 'application/pdf',
      size: 1024,
      uploadedBy: null,
      createdAt: '2030-01-01T08:00:00.000Z',
    };
    await renderDetail('completed', undefined, { attachments: [file] });
    const link = await screen.findByRole('link', { name: '安置记录.pdf' });
    expect(link.getAttribute('href')).toMatch(
      new RegExp(`^/api/referrals/[0-9a-f-]+/attachments/${file.id}$`),
    );
    expect(link.getAttribute('download')).toBe('安置记录.pdf');
  });

  it('will not decline without a reason', async () => {
    await renderDetail('acknowledged');
    await userEvent.click(screen.getByRole('button', { name: 'Decline…' }));
    await userEvent.click(screen.getByRole('button', { name: 'Decline referral' }));
    expect(screen.getByText('Give a reason for declining.')).toBeTruthy();
    expect(
      screen.getByLabelText('Why does your centre decline?').getAttribute('aria-invalid'),
    ).toBe('true');
    expect(patches()).toEqual([]);

    await userEvent.type(screen.getByLabelText('Why does your centre decline?'), 'Out of area');
    await userEvent.click(screen.getByRole('button', { name: 'Decline referral' }));
    await screen.findByText('Declined', { selector: '.badge' }, slow);
    expect(patches()).toEqual([{ status: 'declined', reason: 'Out of area' }]);
  });

  it('checks the outcome form before completing the referral', async () => {
    await renderDetail('on_site');
    await userEvent.click(screen.getByRole('button', { name: 'Record outcome…' }));
    const form = screen.getByRole('form', { name: 'What was done' });
    const date = within(form).getByLabelText('Date');
    await userEvent.clear(date);
    await userEvent.click(within(form).getByRole('button', { name: 'Complete referral' }));
    expect(within(form).getByText('Choose at least one action.')).toBeTruthy();
    expect(within(form).getByText('Enter the date.')).toBeTruthy();

    await userEvent.click(within(form).getByLabelText('Child seen'));
    await userEvent.click(within(form).getByLabelText('Placed with relatives'));
    // The date picker offers no future day: a typed one is not taken.
    await userEvent.type(date, '2999-01-01');
    await userEvent.click(within(form).getByRole('button', { name: 'Complete referral' }));
    expect(within(form).getByText('Enter the date.')).toBeTruthy();
    expect(within(form).queryByText('Choose at least one action.')).toBeNull();
    expect(patches()).toEqual([]);

    await userEvent.clear(date);
    await userEvent.type(date, '2024-05-06');
    await userEvent.type(within(form).getByLabelText('Notes'), 'Aunt takes her in');
    await userEvent.click(within(form).getByRole('button', { name: 'Complete referral' }));
    await screen.findByText('Completed', { selector: '.badge' }, slow);
    expect(patches()).toEqual([
      {
        status: 'completed',
        outcome: {
          actions: ['child_seen', 'placed_with_relatives'],
          date: '2024-05-06',
          notes: 'Aunt takes her in',
        },
      },
    ]);
  });

  it('attaches photos and PDFs before completing, refuses other files, and retries only what failed', async () => {
    let attempts = 0;
    await renderDetail('on_site', (request) => {
      attempts += 1;
      const body = request.body as { filename: string };
      if (body.filename === 'photo.jpg' && attempts === 2) {
        return errorReply('PAYLOAD_TOO_LARGE', 413, 'Attachments may be at most 5 MB');
      }
      return {
        status: 201,
        json: {
          id: `00000000-0000-4000-8000-00000000000${attempts}`,
          filename: body.filename,
          contentType: 'application/pdf',
          size: 10,
          uploadedBy: null,
          createdAt: new Date().toISOString(),
        },
      };
    });
    await userEvent.click(screen.getByRole('button', { name: 'Record outcome…' }));
    const form = screen.getByRole('form', { name: 'What was done' });
    const input = within(form).getByLabelText(/^Attachments/);
    await userEvent.upload(
      input,
      [
        new File(['%PDF-1.4'], 'record.pdf', { type: 'application/pdf' }),
        new File(['MZ'], 'tool.exe', { type: 'application/x-msdownload' }),
        new File(['jpeg'], 'photo.jpg', { type: 'image/jpeg' }),
      ],
      { applyAccept: false },
    );
    expect(
      within(form).getByText(
        'tool.exe: only photos (JPEG, PNG, WebP, HEIC) and PDF files can be attached.',
      ),
    ).toBeTruthy();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    await userEvent.click(within(form).getByLabelText('Child seen'));
    await userEvent.click(within(form).getByRole('button', { name: 'Complete referral' }));

    expect((await within(form).findByRole('alert', {}, slow)).textContent).toMatch(
      /^photo\.jpg could not be attached: .*The referral is not completed yet\.$/,
    );
    expect(within(form).getByText('record.pdf (attached)')).toBeTruthy();
    expect(patches()).toEqual([]);

    await userEvent.click(within(form).getByRole('button', { name: 'Complete referral' }));
    await screen.findByText('Completed', { selector: '.badge' }, slow);
    const uploads = server!.requests
      .filter((r) => r.url.endsWith('/attachments'))
      .map((r) => (r.body as { filename: string; dataBase64: string }).filename);
    expect(uploads).toEqual(['record.pdf', 'photo.jpg', 'photo.jpg']);
    const first = server!.requests.find((r) => r.url.endsWith('/attachments'))!.body as {
      dataBase64: string;
      contentType: string;
    };
    expect(first).toMatchObject({ contentType: 'application/pdf', dataBase64: btoa('%PDF-1.4') });
    expect(patches()).toHaveLength(1);
  });

  it('shows the referral’s timeline with the words of each move, who and how', async () => {
    await renderDetail('acknowledged');
    const timeline = screen.getByTestId('referral-timeline');
    expect(within(timeline).getByText('Referred to the centre')).toBeTruthy();
    expect(within(timeline).getByText('by 接线员 王芳')).toBeTruthy();
    expect(
      within(timeline).getByText('Status: Waiting for acknowledgement → Acknowledged'),
    ).toBeTruthy();
    expect(within(timeline).getByText(/system \(pressed 1 on the alert call\)/)).toBeTruthy();
  });

  it('sends a message to the hotline and shows it in the conversation', async () => {
    await renderDetail('accepted');
    expect(await screen.findByText('No messages yet.', {}, slow)).toBeTruthy();
    const box = screen.getByLabelText('Message to the hotline');
    await userEvent.click(screen.getByRole('button', { name: 'Send message' }));
    expect(
      await screen.findByText('Write a message (up to 2000 characters).', {}, slow),
    ).toBeTruthy();
    await userEvent.type(box, 'We are with the child now');
    await userEvent.click(screen.getByRole('button', { name: 'Send message' }));
    const log = await screen.findByRole('log', {}, slow);
    expect(await within(log).findByText('We are with the child now', {}, slow)).toBeTruthy();
    const posts = server!.requests.filter((r) => r.method === 'POST').map((r) => r.body);
    expect(posts).toEqual([{ body: 'We are with the child now' }]);
  });

  it('says that an ended referral shows the case as it was when it ended', async () => {
    await renderDetail('cancelled');
    expect(screen.getByText(/this is the case as it was then/)).toBeTruthy();
  });

  it('shows no such notice while the referral is live', async () => {
    await renderDetail('accepted');
    expect(screen.queryByText(/this is the case as it was then/)).toBeNull();
  });
});
