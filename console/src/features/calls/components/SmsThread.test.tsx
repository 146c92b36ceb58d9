import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TSmsConversation } from '@hutong/shared';
import { uuid } from '../../../test/factories';
import { errorReply, startLocalServer } from '../../../test/local-server';
import type { LocalServer, Reply } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { AuthProvider } from '../../auth/AuthProvider';
import { SmsThread } from './SmsThread';

const me = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'operator',
  displayName: 'Operator One',
  role: 'operator',
};
const caseId = uuid();

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function renderThread(
  read: () => TSmsConversation | Reply,
  send: (body: unknown) => Reply,
  held = true,
) {
  server = await startLocalServer((request) => {
    if (request.url === '/api/auth/me') return { status: 200, json: me };
    if (request.url === '/api/canned-replies') return { status: 200, json: { replies: [] } };
    if (request.url === `/api/cases/${caseId}/sms`) {
      if (request.method === 'POST') return send(request.body);
      const answer = read();
      return 'messages' in answer ? { status: 200, json: answer } : answer;
    }
    return errorReply('NOT_FOUND', 404, 'Not found');
  });
  renderWithProviders(
    <AuthProvider>
      <SmsThread caseId={caseId} held={held} />
    </AuthProvider>,
    { baseUrl: server.baseUrl },
  );
}

const at = new Date().toISOString();
const inbound = {
  id: uuid(),
  direction: 'inbound' as const,
  body: 'A boy next door is left alone every night',
  status: 'received',
  sentBy: null,
  createdAt: at,
};

describe('SmsThread', () => {
  it('shows the conversation with delivery status and sends a reply', async () => {
    const messages: TSmsConversation['messages'] = [
      inbound,
      {
        id: uuid(),
        direction: 'outbound',
        body: 'Thank you. Your reference is HT-AAAA-BBBB.',
        status: 'sent',
        sentBy: null,
        createdAt: at,
      },
    ];
    await renderThread(
      () => ({ messages, optedOut: false, maskedNumber: '+86 138****0000' }),
      (body) => {
        const id = uuid();
        messages.push({
          id,
          direction: 'outbound',
          body: (body as { body: string }).body,
          status: 'delivered',
          sentBy: { id: me.id, displayName: me.displayName },
          createdAt: new Date().toISOString(),
        });
        return { status: 202, json: { id, status: 'queued' } };
      },
    );
    await screen.findByText('A boy next door is left alone every night');
    expect(screen.getByRole('heading', { name: /SMS conversation · \+86 138\*\*\*\*0000/ }));
    const reply = screen.getByText('Thank you. Your reference is HT-AAAA-BBBB.').closest('li')!;
    expect(within(reply).getByText('Automatic reply', { exact: false })).toBeTruthy();
    expect(within(reply).getByText('sent')).toBeTruthy();

    await userEvent.type(
      screen.getByLabelText('Reply by SMS'),
      'A counsellor is reading your messages now.',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Send SMS' }));
    const sent = (
      await screen.findByText('A counsellor is reading your messages now.', { selector: 'p' })
    ).closest('li')!;
    expect(within(sent).getByText('delivered')).toBeTruthy();
    expect(within(sent).getByText('Sent by Operator One', { exact: false })).toBeTruthy();
    const post = server!.requests.find((r) => r.method === 'POST');
    expect(post?.body).toEqual({ body: 'A counsellor is reading your messages now.' });
    expect(screen.getByLabelText<HTMLTextAreaElement>('Reply by SMS').value).toBe('');
  });

  it('says clearly that a sender who replied STOP gets no SMS (409 optedOut)', async () => {
    await renderThread(
      () => ({ messages: [inbound], optedOut: false, maskedNumber: '+86 138****0000' }),
      () =>
        errorReply('CONFLICT', 409, 'The sender replied STOP', {
          optedOut: true,
        }),
    );
    await userEvent.type(await screen.findByLabelText('Reply by SMS'), 'Are you safe?');
    await userEvent.click(screen.getByRole('button', { name: 'Send SMS' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('The sender replied STOP: no SMS can be sent to this number.');
    await waitFor(() => expect(screen.queryByLabelText('Reply by SMS')).toBeNull());
    expect(screen.getByText(/Continue the safety work on the case/)).toBeTruthy();
  });

  it('shows no reply box on a case without an SMS conversation', async () => {
    await renderThread(
      () => ({ messages: [], optedOut: false, maskedNumber: null }),
      () => ({ status: 500 }),
    );
    await screen.findByText('No SMS messages on this case.');
    expect(screen.queryByLabelText('Reply by SMS')).toBeNull();
  });

  it('tells an operator who does not hold the case why there is no thread, and reads nothing', async () => {
    await renderThread(
      () => ({ messages: [inbound], optedOut: false, maskedNumber: '+86 138****0000' }),
      () => ({ status: 500 }),
      false,
    );
    await screen.findByText(/Claim the case to read and answer it/);
    expect(screen.queryByText('A boy next door is left alone every night')).toBeNull();
    expect(screen.queryByLabelText('Reply by SMS')).toBeNull();
    expect(server!.requests.some((r) => r.url === `/api/cases/${caseId}/sms`)).toBe(false);
  });

  it('explains a 403 CASE_NOT_HELD (the case changed hands) instead of a broken panel', async () => {
    await renderThread(
      () => errorReply('CASE_NOT_HELD', 403, 'Another operator holds this case'),
      () => ({ status: 500 }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(
      'Only the operator holding this case, or a supervisor, can do this.',
    );
  });
});
