import { afterEach, describe, expect, it } from 'vitest';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import type { Language } from '@hutong/shared';
import { LoadError } from '../components/LoadError';
import { AuthProvider } from '../features/auth/AuthProvider';
import { alertsStorageKey } from '../features/queue/hooks/use-p1-alerts';
import { createApiClient, NetworkError } from '../lib/api-client';
import { createI18n } from '../test/i18n';
import { SocketFactoryContext } from '../realtime/SocketProvider';
import { FakeSocket } from '../test/fake-socket';
import { errorReply, startLocalServer } from '../test/local-server';
import type { LocalServer } from '../test/local-server';
import { AppProviders } from './AppProviders';
import { ConsoleLayout } from './ConsoleLayout';

const operator = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'operator',
  displayName: 'Operator One',
  role: 'operator',
};
const duty = {
  id: '00000000-0000-4000-8000-000000000003',
  username: 'wangming',
  displayName: '王明',
  role: 'centre_staff',
  centreId: '00000000-0000-4000-8000-0000000000c1',
  centre: { id: '00000000-0000-4000-8000-0000000000c1', name: '东城区未成年人救助保护中心' },
};
const admin = {
  id: '00000000-0000-4000-8000-000000000002',
  username: 'admin',
  displayName: 'Admin One',
  role: 'admin',
};

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A page whose first read failed during an outage; it reads again when asked to. */
function FlakyPage() {
  const [state, setState] = useState<'failed' | 'loaded'>('failed');
  if (state === 'loaded') return <p>Fresh data</p>;
  return (
    <LoadError
      message="The list could not be loaded."
      error={new NetworkError(new TypeError('fetch failed'))}
      onRetry={() => setState('loaded')}
    />
  );
}

function SearchStub() {
  return (
    <form>
      <label htmlFor="q">Reference</label>
      <input id="q" />
    </form>
  );
}

/** The signed-in shell around two pages, against a local API that signs in `user`. */
async function renderShell(user: object, language: Language = 'en') {
  server = await startLocalServer((request) => {
    if (request.url === '/api/auth/me') return { status: 200, json: user };
    if (request.url === '/api/calls') return { status: 200, json: { calls: [] } };
    if (request.url === '/api/calls/callbacks') return { status: 200, json: { tasks: [] } };
    return errorReply('NOT_FOUND', 404, 'Not found');
  });
  const socket = new FakeSocket();
  const router = createMemoryRouter(
    [
      {
        path: '/',
        element: (
          <AuthProvider>
            <ConsoleLayout />
          </AuthProvider>
        ),
        children: [
          { index: true, element: <FlakyPage /> },
          { path: 'cases/search', element: <SearchStub /> },
          { path: 'admin/users', element: <p>Accounts</p> },
          { path: 'inbox', element: <p>Inbox</p> },
        ],
      },
    ],
    { initialEntries: ['/'] },
  );
  const tree = () => (
    <AppProviders i18n={createI18n(language)} api={createApiClient({ baseUrl: server!.baseUrl })}>
      <SocketFactoryContext.Provider value={socket.factory}>
        <RouterProvider router={router} />
      </SocketFactoryContext.Provider>
    </AppProviders>
  );
  const view = render(tree());
  return { socket, router, view, tree };
}

describe('ConsoleLayout', () => {
  it('shows a banner with the time while live updates are down, and clears it and stale errors on reconnect', async () => {
    const { socket } = await renderShell(operator);
    await screen.findByText(/The list could not be loaded/);
    act(() => socket.acceptConnection());
    expect(screen.queryByText(/Live updates are interrupted/)).toBeNull();

    act(() => socket.dropConnection());
    const text = screen.getByText(
      /Live updates are interrupted; reconnecting… New reports may not appear at once\./,
    );
    expect(text.closest('[role="alert"]')?.className).toContain('connection-banner');
    expect(text.textContent).toMatch(/Since \d\d:\d\d\./);
    // The error from the outage is still there while it lasts.
    expect(screen.getByText(/The list could not be loaded/)).toBeTruthy();

    act(() => socket.acceptConnection());
    expect(screen.queryByText(/Live updates are interrupted/)).toBeNull();
    expect(screen.queryByText(/The list could not be loaded/)).toBeNull();
    expect(screen.getByText('Fresh data')).toBeTruthy();
  });

  it('says so in Chinese, with the time it went down', async () => {
    const { socket } = await renderShell(operator, 'zh-CN');
    await screen.findByText(/无法连接服务器/);
    act(() => {
      socket.acceptConnection();
      socket.dropConnection();
    });
    expect(
      screen.getByText(/^实时更新已中断，正在重新连接… 新报告可能不会立即显示 自 \d\d:\d\d 起。$/),
    ).toBeTruthy();
  });

  it('keeps P1 alerts off with a notice on every page until turned on, then remembers it per user', async () => {
    const first = await renderShell(operator);
    const notice = (await screen.findByText('P1 alerts are off')).closest('.alerts-notice')!;
    expect(notice.getAttribute('role')).toBe('status');
    await userEvent.click(
      within(notice as HTMLElement).getByRole('button', { name: 'Turn on P1 alerts' }),
    );
    expect(screen.queryByText('P1 alerts are off')).toBeNull();
    expect(localStorage.getItem(alertsStorageKey(operator.id))).toBe('on');

    // A reload: the choice is still there.
    first.view.unmount();
    await server!.close();
    const second = await renderShell(operator);
    await screen.findByRole('link', { name: 'Queue' });
    expect(screen.queryByText('P1 alerts are off')).toBeNull();
    second.view.unmount();
    await server!.close();

    // Another operator at the same desk has not turned them on.
    await renderShell({ ...operator, id: '00000000-0000-4000-8000-000000000009' });
    expect(await screen.findByText('P1 alerts are off')).toBeTruthy();
  });

  it('shows no P1 notice to roles without a queue', async () => {
    await renderShell(admin);
    await screen.findByText('Accounts');
    expect(screen.queryByText('P1 alerts are off')).toBeNull();
    expect(screen.queryByRole('link', { name: 'Search cases' })).toBeNull();
  });

  it('puts search in the main navigation and opens it with "/", but not while typing', async () => {
    const user = userEvent.setup();
    await renderShell(operator);
    const nav = (await screen.findAllByRole('navigation', { name: 'Main' }))[0]!;
    expect(within(nav).getByRole('link', { name: 'Search cases' }).getAttribute('href')).toBe(
      '/cases/search',
    );
    expect(within(nav).getByRole('link', { name: 'Queue' }).getAttribute('aria-current')).toBe(
      'page',
    );
    await screen.findByText(/The list could not be loaded/);

    await user.keyboard('/');
    const field = await screen.findByLabelText('Reference');
    await waitFor(() => expect(document.activeElement).toBe(field));
    await user.keyboard('a/b');
    expect((field as HTMLInputElement).value).toBe('a/b');
  });

  it("names a duty officer's role and centre in the header", async () => {
    await renderShell(duty, 'zh-CN');
    await screen.findByText('Inbox');
    const header = screen.getByRole('banner');
    expect(within(header).getByText('所属机构：东城区未成年人救助保护中心')).toBeTruthy();
    expect(within(header).getByText('当前用户：王明（救助机构人员）')).toBeTruthy();
  });

  it("offers administrators the canned replies and the directory's entries", async () => {
    await renderShell(admin);
    const nav = (await screen.findAllByRole('navigation', { name: 'Main' }))[0]!;
    expect(within(nav).getByRole('link', { name: 'SMS replies' }).getAttribute('href')).toBe(
      '/admin/replies',
    );
    expect(within(nav).getByRole('link', { name: 'Directory entries' }).getAttribute('href')).toBe(
      '/admin/directory',
    );
    expect(screen.queryByText(/^Centre:/)).toBeNull();
  });

  it('opens the navigation in a drawer from the menu button', async () => {
    const user = userEvent.setup();
    await renderShell(operator);
    await user.click(await screen.findByRole('button', { name: 'Menu' }));
    const drawer = await screen.findByRole('dialog');
    await user.click(within(drawer).getByRole('link', { name: 'Search cases' }));
    expect(await screen.findByLabelText('Reference')).toBeTruthy();
  });
});
