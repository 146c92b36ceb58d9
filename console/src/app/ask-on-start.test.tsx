import { afterEach, describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { AuthProvider, useAuth } from '../features/auth/AuthProvider';
import { createApiClient } from '../lib/api-client';
import { ApiProvider } from '../lib/ApiProvider';
import { startingClient } from '../lib/early';
import { errorReply, startLocalServer, type LocalServer } from '../test/local-server';
import { askOnStart } from './ask-on-start';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const supervisor = {
  id: '00000000-0000-4000-8000-000000000002',
  username: 'supervisor',
  displayName: 'Supervisor One',
  role: 'supervisor',
};

function Who() {
  const { state } = useAuth();
  return <p>{state.status === 'authenticated' ? state.user.displayName : state.status}</p>;
}

async function consoleServer() {
  server = await startLocalServer((request) =>
    request.url === '/api/auth/me'
      ? { status: 200, json: supervisor }
      : errorReply('NOT_FOUND', 404, 'Not found'),
  );
  return createApiClient({ baseUrl: server.baseUrl });
}

describe('what the console asks for as it starts', () => {
  it('asks who is signed in once: the session takes that answer rather than asking again', async () => {
    const api = await consoleServer();
    askOnStart(api, '/stats');
    expect(startingClient()).toBe(api);
    render(
      <ApiProvider client={api}>
        <AuthProvider>
          <Who />
        </AuthProvider>
      </ApiProvider>,
    );
    await screen.findByText('Supervisor One');
    expect(server!.requests.map((r) => r.url)).toEqual(['/api/auth/me']);
  });

  it('asks nothing on the public pages, which never learn who you are', async () => {
    const api = await consoleServer();
    askOnStart(api, '/report');
    askOnStart(api, '/status/HT-123');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server!.requests).toEqual([]);
  });
});
