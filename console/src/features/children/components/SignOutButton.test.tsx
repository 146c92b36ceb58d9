import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TCreateVisit } from '@hutong/shared';
import { AntdProvider } from '../../../app/AntdProvider';
import { errorReply, startLocalServer, type LocalServer } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { queueStorageKey, type QueuedVisit } from '../visit-outbox';
import { SignOutButton, VisitOutboxProvider } from './VisitOutbox';

const USER = '00000000-0000-4000-8000-0000000a0001';
const OTHER_USER = '00000000-0000-4000-8000-0000000a0002';
const CHILD = '00000000-0000-4000-8000-0000000c0001';
const SLOW = { timeout: 10_000 };

const body: TCreateVisit = {
  kind: 'home',
  visitedAt: '2030-01-02T03:04:05.000Z',
  checklist: { childSafe: true },
  notes: '冰箱是空的',
};
const queued: QueuedVisit = {
  key: '00000000-0000-4000-8000-0000000e0001',
  childId: CHILD,
  body,
  queuedAt: '2030-01-02T03:05:00.000Z',
  state: 'queued',
};
const draftKey = (user: string) => `hutong.visitDraft.${user}.${CHILD}`;

let server: LocalServer | undefined;
beforeEach(() => localStorage.clear());
afterEach(async () => {
  await server?.close();
  server = undefined;
  localStorage.clear();
});

/** The shell's sign-out button over the user's outbox; the server has no signal for visits. */
async function renderButton(): Promise<{ signedOut: () => number }> {
  server = await startLocalServer(() => errorReply('SERVICE_UNAVAILABLE', 503, 'Try again later'));
  let signedOut = 0;
  renderWithProviders(
    <AntdProvider>
      <VisitOutboxProvider userId={USER}>
        <SignOutButton label="Sign out" onSignOut={() => (signedOut += 1)} />
      </VisitOutboxProvider>
    </AntdProvider>,
    { baseUrl: server.baseUrl },
  );
  return { signedOut: () => signedOut };
}

describe('signing out on a shared phone', () => {
  it('warns about visits not sent, stays signed in if asked, else deletes them and the drafts', async () => {
    const user = userEvent.setup();
    localStorage.setItem(queueStorageKey(USER), JSON.stringify([queued]));
    localStorage.setItem(draftKey(USER), JSON.stringify({ notes: '草稿' }));
    localStorage.setItem(draftKey(OTHER_USER), JSON.stringify({ notes: '别人的草稿' }));
    const { signedOut } = await renderButton();
    // The start's send found no server answer: the visit is still waiting.
    await waitFor(() => expect(server!.requests.length).toBeGreaterThan(0), SLOW);

    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    const dialog = await screen.findByRole('dialog', {}, SLOW);
    expect(dialog.textContent).toContain('1 visit on this phone has not reached the server.');
    await user.click(screen.getByRole('button', { name: 'Stay signed in' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull(), SLOW);
    expect(signedOut()).toBe(0);
    expect(localStorage.getItem(queueStorageKey(USER))).not.toBeNull();
    expect(localStorage.getItem(draftKey(USER))).not.toBeNull();

    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await user.click(await screen.findByRole('button', { name: 'Sign out and delete them' }, SLOW));
    await waitFor(() => expect(signedOut()).toBe(1), SLOW);
    expect(localStorage.getItem(queueStorageKey(USER))).toBeNull();
    expect(localStorage.getItem(draftKey(USER))).toBeNull();
    // Another account's draft on the same phone is theirs to keep.
    expect(localStorage.getItem(draftKey(OTHER_USER))).not.toBeNull();
  });

  it('signs out at once when nothing waits, deleting the drafts', async () => {
    const user = userEvent.setup();
    localStorage.setItem(draftKey(USER), JSON.stringify({ notes: '草稿' }));
    const { signedOut } = await renderButton();
    await user.click(await screen.findByRole('button', { name: 'Sign out' }, SLOW));
    await waitFor(() => expect(signedOut()).toBe(1), SLOW);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(localStorage.getItem(draftKey(USER))).toBeNull();
  });
});
