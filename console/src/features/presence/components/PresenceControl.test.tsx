import { afterEach, describe, expect, it } from 'vitest';
import { useState } from 'react';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TPresence } from '@hutong/shared';
import { AntdProvider } from '../../../app/AntdProvider';
import { errorReply, startLocalServer, type LocalServer } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { PresenceControl } from './PresenceControl';
import { WrapUpForm } from './WrapUpForm';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const me: TPresence = {
  userId: '00000000-0000-4000-8000-000000000001',
  displayName: 'Operator One',
  role: 'operator',
  status: 'available',
  since: new Date().toISOString(),
  callId: null,
  wrapUpUntil: null,
};
const CALL_ID = '00000000-0000-4000-8000-0000000000c1';

function Harness({ initial }: { initial: TPresence }) {
  const [presence, setPresence] = useState<TPresence>(initial);
  return <PresenceControl presence={presence} onChange={setPresence} />;
}

describe('PresenceControl', () => {
  it('lets the operator go on a break and back, by keyboard or mouse', async () => {
    const sent: unknown[] = [];
    server = await startLocalServer((request) => {
      if (request.url === '/api/presence/me' && request.method === 'PUT') {
        sent.push(request.body);
        const status = (request.body as { status: TPresence['status'] }).status;
        return { status: 200, json: { ...me, status } };
      }
      return errorReply('NOT_FOUND', 404, 'Not found');
    });
    renderWithProviders(
      <AntdProvider>
        <Harness initial={me} />
      </AntdProvider>,
      { baseUrl: server.baseUrl },
    );
    expect(screen.getByRole('radiogroup', { name: 'My status' })).toBeTruthy();
    const radio = (name: string) => screen.getByRole<HTMLInputElement>('radio', { name });
    expect(radio('Available').checked).toBe(true);
    await userEvent.click(screen.getByText('Break'));
    await waitFor(() => expect(radio('Break').checked).toBe(true));
    expect(sent).toEqual([{ status: 'break' }]);
  });

  it('shows a status the calls set as a tag, not a choice', () => {
    renderWithProviders(
      <AntdProvider>
        <Harness initial={{ ...me, status: 'wrap_up', callId: CALL_ID }} />
      </AntdProvider>,
    );
    expect(screen.queryByRole('radiogroup')).toBeNull();
    expect(screen.getByLabelText('My status: Wrap-up').textContent).toBe('Wrap-up');
  });
});

describe('WrapUpForm', () => {
  it('asks for the outcome, then records it with the note and hands back the new presence', async () => {
    const sent: unknown[] = [];
    server = await startLocalServer((request) => {
      if (request.url === `/api/calls/${CALL_ID}/wrap-up`) {
        sent.push(request.body);
        return {
          status: 200,
          json: {
            callId: CALL_ID,
            outcome: 'wrong_number',
            caseId: null,
            wrappedUpAt: new Date().toISOString(),
            presence: me,
          },
        };
      }
      return errorReply('NOT_FOUND', 404, 'Not found');
    });
    const done: TPresence[] = [];
    renderWithProviders(
      <AntdProvider>
        <WrapUpForm
          callId={CALL_ID}
          caseRef={{ id: '00000000-0000-4000-8000-0000000000ca', reference: 'HT-CASE-0001' }}
          onDone={(r) => done.push(r.presence)}
        />
      </AntdProvider>,
      { baseUrl: server.baseUrl },
    );
    expect(screen.getByRole('link', { name: 'HT-CASE-0001' }).getAttribute('href')).toBe(
      '/cases/00000000-0000-4000-8000-0000000000ca',
    );
    const save = screen.getByRole('button', { name: 'Save and become available' });
    await userEvent.click(save);
    expect(await screen.findByText('Choose how the call ended')).toBeTruthy();
    expect(sent).toHaveLength(0);

    await userEvent.click(screen.getByRole('radio', { name: 'Wrong number' }));
    await userEvent.type(
      screen.getByLabelText('Short note (optional)'),
      'Caller meant another line',
    );
    await userEvent.click(save);
    await waitFor(() => expect(done).toHaveLength(1));
    expect(sent).toEqual([{ outcome: 'wrong_number', note: 'Caller meant another line' }]);
    // antd forms are slow to drive in jsdom on a loaded machine.
  }, 30_000);
});
