import { afterEach, describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TAccountLock } from '@hutong/shared';
import { errorReply, startLocalServer, type LocalServer } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { AccountLocksPanel } from './AccountLocksPanel';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const OPERATOR: TAccountLock = {
  id: '00000000-0000-4000-8000-0000000000a1',
  username: 'operator2',
  displayName: '接线员 王',
  role: 'operator',
  failures: 9,
  waitUntil: new Date(Date.now() + 30_000).toISOString(),
};
const ADMIN: TAccountLock = {
  ...OPERATOR,
  id: '00000000-0000-4000-8000-0000000000a2',
  username: 'admin',
  displayName: 'Admin',
  role: 'admin',
};

async function renderPanel(language: 'en' | 'zh-CN' = 'en') {
  let locked = [OPERATOR, ADMIN];
  server = await startLocalServer((request) => {
    if (request.url === '/api/auth/locks') return { status: 200, json: { accounts: locked } };
    if (request.url === `/api/auth/locks/${OPERATOR.id}` && request.method === 'DELETE') {
      locked = locked.filter((a) => a.id !== OPERATOR.id);
      return { status: 200, json: { ok: true } };
    }
    if (request.url === `/api/auth/locks/${ADMIN.id}`) {
      return errorReply(
        'FORBIDDEN',
        403,
        "Only an administrator may unlock an administrator's account",
      );
    }
    return errorReply('NOT_FOUND', 404, 'Not found');
  });
  renderWithProviders(<AccountLocksPanel />, { baseUrl: server.baseUrl, language });
}

describe('AccountLocksPanel', () => {
  it('lists waiting accounts and unlocks one, saying so', async () => {
    await renderPanel();
    const row = await screen.findByRole('row', { name: /operator2/ });
    expect(row.textContent).toContain('接线员 王');
    expect(row.textContent).toContain('9');
    await userEvent.click(within(row).getByRole('button', { name: 'Unlock operator2' }));
    expect(await screen.findByText('operator2 can sign in again now.')).toBeTruthy();
    expect(screen.queryByRole('row', { name: /operator2/ })).toBeNull();
    expect(
      server!.requests.some(
        (r) => r.method === 'DELETE' && r.url === `/api/auth/locks/${OPERATOR.id}`,
      ),
    ).toBe(true);
  });

  it('shows a refusal and keeps the account listed', async () => {
    await renderPanel();
    const row = await screen.findByRole('row', { name: /Admin/ });
    await userEvent.click(within(row).getByRole('button', { name: 'Unlock admin' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Your account is not allowed to do this.',
    );
    expect(screen.getByRole('row', { name: /Admin/ })).toBeTruthy();
  });

  it('speaks Chinese', async () => {
    await renderPanel('zh-CN');
    expect(await screen.findByRole('heading', { name: '被锁定的账号' })).toBeTruthy();
    expect(await screen.findByRole('button', { name: '解锁 operator2' })).toBeTruthy();
  });
});
