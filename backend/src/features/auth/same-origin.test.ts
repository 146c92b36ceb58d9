import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { request } from '../../../test/http.js';
import { buildReport } from '../../../test/factories.js';
import { TEST_DB_KIND } from '../../../test/db.js';

describe(`cross-origin writes with a session cookie (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  const logout = (cookie: string, headers: Record<string, string>) =>
    request(server.url, '/api/auth/logout', { method: 'POST', cookie, headers });
  const me = (cookie: string) => request(server.url, '/api/auth/me', { cookie });

  it('refuses a state-changing request from another site, and the session survives it', async () => {
    const cookie = await server.login('operator');
    const res = await logout(cookie, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CROSS_ORIGIN_REFUSED');
    expect(res.body.error.data).toHaveProperty('origin');
    expect((await me(cookie)).status).toBe(200);
  });

  it('judges by Referer when there is no Origin', async () => {
    const cookie = await server.login('operator');
    const res = await logout(cookie, { referer: 'https://evil.example/page?x=1' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CROSS_ORIGIN_REFUSED');
    const opaque = await logout(cookie, { origin: 'null' });
    expect(opaque.status).toBe(403);
    expect((await me(cookie)).status).toBe(200);
  });

  it("lets the server's own pages write (Origin or Referer), and clients that name no origin", async () => {
    const own = await server.login('operator');
    expect((await logout(own, { origin: server.url })).status).toBe(200);
    const byReferer = await server.login('operator');
    expect((await logout(byReferer, { referer: `${server.url}/cases/1` })).status).toBe(200);
    const plain = await server.login('operator');
    expect((await logout(plain, {})).status).toBe(200);
  });

  it('leaves requests without a session cookie alone (partners, webhooks, the public form)', async () => {
    const res = await request(server.url, '/api/reports', {
      body: buildReport(),
      headers: { origin: 'https://school-portal.example' },
    });
    expect(res.status).toBe(201);
  });

  it('does not apply to reads', async () => {
    const cookie = await server.login('operator');
    const res = await request(server.url, '/api/auth/me', {
      cookie,
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(200);
  });
});

describe(`cross-origin writes behind a public URL (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { HUTONG_PUBLIC_URL: 'https://hotline.example.org' } });
  });
  afterAll(() => server.stop());

  it('takes HUTONG_PUBLIC_URL as the one origin allowed', async () => {
    const cookie = await server.login('operator');
    const elsewhere = await request(server.url, '/api/auth/logout', {
      method: 'POST',
      cookie,
      headers: { origin: server.url },
    });
    expect(elsewhere.status).toBe(403);
    const publicOrigin = await request(server.url, '/api/auth/logout', {
      method: 'POST',
      cookie,
      headers: { origin: 'https://hotline.example.org' },
    });
    expect(publicOrigin.status).toBe(200);
  });
});
