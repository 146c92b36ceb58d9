import { afterEach, describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import type { Language } from '@hutong/shared';
import { errorReply, startLocalServer } from '../../../test/local-server';
import type { LocalServer, Reply } from '../../../test/local-server';
import { renderWithProviders } from '../../../test/render';
import { AuthProvider, useAuth } from '../AuthProvider';
import { ChangePasswordForm } from './ChangePasswordForm';
import { PasswordRequired } from './PasswordRequired';

const ME = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'first.day',
  displayName: '新同事',
  role: 'operator',
};

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** What a temporary-password user sees until the server says the password is their own. */
function Gate() {
  const { state } = useAuth();
  if (state.status !== 'authenticated') return <p>loading</p>;
  return state.user.mustChangePassword ? (
    <PasswordRequired onSignOut={() => undefined} />
  ) : (
    <p>the console</p>
  );
}

async function renderGate(change: () => Reply, language: Language = 'en') {
  server = await startLocalServer((request) => {
    if (request.url === '/api/auth/me') {
      return { status: 200, json: { ...ME, mustChangePassword: true } };
    }
    if (request.url === '/api/auth/password') return change();
    return errorReply('NOT_FOUND', 404, 'Not found');
  });
  renderWithProviders(
    <AuthProvider>
      <Routes>
        <Route path="*" element={<Gate />} />
      </Routes>
    </AuthProvider>,
    { baseUrl: server.baseUrl, language },
  );
}

const passwordRequests = () => server!.requests.filter((r) => r.url === '/api/auth/password');

describe('choosing a new password', () => {
  it('is all a temporary password opens, and once saved the console follows', async () => {
    await renderGate(() => ({ status: 200, json: ME }));
    await screen.findByRole('heading', { name: 'Choose your own password' });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Temporary password'), 'Temp-Password-123');
    await user.type(screen.getByLabelText('New password'), 'my own long password');
    await user.type(screen.getByLabelText('New password again'), 'my own long password{Enter}');
    expect(await screen.findByText('the console')).toBeTruthy();
    expect(passwordRequests()[0]!.body).toEqual({
      currentPassword: 'Temp-Password-123',
      newPassword: 'my own long password',
    });
  });

  it('checks length and the repeat before sending, and names the field it refuses', async () => {
    await renderGate(() => ({ status: 200, json: ME }));
    const user = userEvent.setup();
    const current = await screen.findByLabelText('Temporary password');
    await user.click(screen.getByRole('button', { name: 'Save the new password' }));
    expect(screen.getByText('Enter the temporary password you signed in with.')).toBeTruthy();
    expect(document.activeElement).toBe(current);

    await user.type(current, 'Temp-Password-123');
    await user.type(screen.getByLabelText('New password'), 'short');
    await user.click(screen.getByRole('button', { name: 'Save the new password' }));
    expect(screen.getByText('Use at least 12 characters.')).toBeTruthy();
    expect(screen.getByLabelText('New password').getAttribute('aria-invalid')).toBe('true');

    await user.type(screen.getByLabelText('New password'), ' but longer now');
    await user.type(screen.getByLabelText('New password again'), 'something else entirely');
    await user.click(screen.getByRole('button', { name: 'Save the new password' }));
    expect(screen.getByText('The two new passwords are not the same.')).toBeTruthy();
    expect(passwordRequests()).toHaveLength(0);
  });

  it('shows the server refusing the current password, in Chinese', async () => {
    await renderGate(
      () =>
        errorReply('VALIDATION_FAILED', 400, 'The request has invalid fields', {
          currentPassword: 'This is not your current password',
        }),
      'zh-CN',
    );
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('临时密码'), 'wrong-temp-password');
    await user.type(screen.getByLabelText('新密码'), 'my own long password');
    await user.type(screen.getByLabelText('再次输入新密码'), 'my own long password{Enter}');
    expect(await screen.findByText('当前密码不正确。')).toBeTruthy();
    expect(screen.queryByText('the console')).toBeNull();
  });

  it('confirms a voluntary change where it was made', async () => {
    server = await startLocalServer((request) => {
      if (request.url === '/api/auth/me') return { status: 200, json: ME };
      if (request.url === '/api/auth/password') return { status: 200, json: ME };
      return errorReply('NOT_FOUND', 404, 'Not found');
    });
    renderWithProviders(
      <AuthProvider>
        <ChangePasswordForm />
      </AuthProvider>,
      { baseUrl: server.baseUrl },
    );
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Current password'), 'old long password');
    await user.type(screen.getByLabelText('New password'), 'new long password');
    await user.type(screen.getByLabelText('New password again'), 'new long password{Enter}');
    expect(
      await screen.findByText('Your password has been changed. Other devices were signed out.'),
    ).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Current password').value).toBe('');
  });
});
