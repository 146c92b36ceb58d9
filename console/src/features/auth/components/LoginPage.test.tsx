import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { errorReply, startLocalServer } from '../../../test/local-server';
import type { LocalServer, Reply } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { AuthProvider } from '../AuthProvider';
import { LoginPage } from './LoginPage';

/** The alert's text once it says something: the live region is on the page, empty, from the start. */
function alertText(): Promise<string> {
  return waitFor(() => {
    const text = screen.getByRole('alert').textContent ?? '';
    expect(text).not.toBe('');
    return text;
  });
}

const me = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'operator',
  displayName: 'Operator One',
  role: 'operator',
};

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function renderLogin(login: () => Reply, language: 'en' | 'zh-CN' = 'en') {
  server = await startLocalServer((request) => {
    if (request.url === '/api/auth/me') return errorReply('UNAUTHENTICATED', 401, 'Sign in');
    if (request.url === '/api/auth/login') return login();
    return errorReply('NOT_FOUND', 404, 'Not found');
  });
  renderWithProviders(
    <AuthProvider>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/" element={<p>queue page</p>} />
      </Routes>
    </AuthProvider>,
    { baseUrl: server.baseUrl, path: '/login', language },
  );
  return screen.findByLabelText(language === 'en' ? 'Username' : '用户名');
}

async function signIn(password = 'secret') {
  const user = userEvent.setup();
  // Keyboard only: the username field has focus, Tab to the password, Enter submits.
  await user.keyboard('operator');
  await user.tab();
  await user.keyboard(`${password}{Enter}`);
}

describe('LoginPage', () => {
  it('signs in with the keyboard alone and goes to the queue', async () => {
    const username = await renderLogin(() => ({ status: 200, json: me }));
    expect(document.activeElement).toBe(username);
    await signIn();
    expect(await screen.findByText('queue page')).toBeTruthy();
    expect(server!.requests.find((r) => r.url === '/api/auth/login')?.body).toEqual({
      username: 'operator',
      password: 'secret',
    });
  });

  it('says when the username or password is wrong, and that attempts may have to wait', async () => {
    await renderLogin(() => errorReply('INVALID_CREDENTIALS', 401, 'Invalid credentials'));
    await signIn('wrong');
    expect(await alertText()).toBe(
      'Wrong username or password. After several wrong attempts, wait a minute before trying again.',
    );
  });

  it('says when there were too many attempts', async () => {
    await renderLogin(() => errorReply('RATE_LIMITED', 429, 'Too many requests'));
    await signIn();
    expect(await alertText()).toBe('Too many attempts. Wait a minute and try again.');
  });

  it('says when the server cannot be reached', async () => {
    await renderLogin(() => ({ destroy: true }));
    await signIn();
    expect(await alertText()).toContain('The server cannot be reached');
  });

  describe('a locked account', () => {
    // 14:05 in Beijing (06:05 UTC), whatever the test machine's time zone.
    const until = new Date('2026-12-02T06:05:00.000Z');
    const locked = () =>
      errorReply('ACCOUNT_LOCKED', 423, 'Too many wrong passwords', {
        lockedUntil: until.toISOString(),
      });

    it('says until when, in English', async () => {
      await renderLogin(locked);
      await signIn();
      await waitFor(() =>
        expect(screen.getByRole('alert').textContent).toMatch(/^Account locked until 14:05\./),
      );
    });

    it('says until when, in Chinese', async () => {
      await renderLogin(locked, 'zh-CN');
      await signIn();
      await waitFor(() =>
        expect(screen.getByRole('alert').textContent).toMatch(/^账号已锁定至 14:05。/),
      );
    });
  });
});
