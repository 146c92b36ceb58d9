import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '@hutong/shared';
import { errorReply, startLocalServer } from '../test/local-server';
import type { LocalServer, Reply } from '../test/local-server';
import { NetworkError, createApiClient } from './api-client';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  vi.restoreAllMocks();
});

async function clientFor(handle: () => Reply) {
  server = await startLocalServer(handle);
  return createApiClient({ baseUrl: server.baseUrl });
}

const me = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'operator',
  displayName: 'Operator One',
  role: 'operator',
};

describe('createApiClient', () => {
  it('returns the validated body of a successful answer', async () => {
    const api = await clientFor(() => ({ status: 200, json: me }));
    await expect(api.request('me')).resolves.toEqual(me);
  });

  it('fills path parameters and the query string from the route table', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const api = await clientFor(() => ({ status: 200, json: { cases: [], seq: 4 } }));
    await api.request('listCases', { query: { scope: 'open' } });
    await api.request('getCase', { params: { id: 'a/b' } }).catch(() => undefined);
    expect(server!.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/cases?scope=open',
      'GET /api/cases/a%2Fb',
    ]);
  });

  it('sends the body as JSON with the given headers', async () => {
    const api = await clientFor(() => ({ status: 200, json: me }));
    await api.request('login', {
      body: { username: 'operator', password: 'pw' },
      headers: { 'X-Test': '1' },
    });
    const [request] = server!.requests;
    expect(request?.method).toBe('POST');
    expect(request?.body).toEqual({ username: 'operator', password: 'pw' });
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['x-test']).toBe('1');
  });

  it('turns an error envelope into an AppError with its code, message and data', async () => {
    const api = await clientFor(() =>
      errorReply('CASE_ALREADY_CLAIMED', 409, 'Case already claimed', {
        assignee: { id: me.id, displayName: 'Operator One' },
      }),
    );
    const error: unknown = await api
      .request('claimCase', { params: { id: me.id } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'CASE_ALREADY_CLAIMED',
      status: 409,
      message: 'Case already claimed',
      data: { assignee: { displayName: 'Operator One' } },
    });
  });

  it('reads a validation failure with field paths', async () => {
    const api = await clientFor(() =>
      errorReply('VALIDATION_FAILED', 400, 'Invalid report', { 'children.0.age': 'Too big' }),
    );
    const error = await api
      .request('createReport', {
        body: { children: [{}], categories: ['bullying'], immediateDanger: false },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      data: { 'children.0.age': 'Too big' },
    });
  });

  it('treats a gateway page without an envelope as "service unavailable"', async () => {
    const api = await clientFor(() => ({ status: 502, text: '<html>Bad gateway</html>' }));
    await expect(api.request('me')).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });

  it('treats any other body without an envelope as INTERNAL', async () => {
    const api = await clientFor(() => ({ status: 500, text: 'oops' }));
    await expect(api.request('me')).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('rejects a success whose body breaks the shared schema', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const api = await clientFor(() => ({ status: 200, json: { ...me, role: 'janitor' } }));
    await expect(api.request('me')).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('reports a dropped connection as a NetworkError', async () => {
    const api = await clientFor(() => ({ destroy: true }));
    await expect(api.request('me')).rejects.toBeInstanceOf(NetworkError);
  });
});
