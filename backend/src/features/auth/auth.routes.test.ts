import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ZMe } from '@hutong/shared';
import { auditLog, sessions } from '../../db/schema.js';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../../../test/server.js';
import { request } from '../../../test/http.js';
import { TEST_DB_KIND } from '../../../test/db.js';

describe(`auth (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  const login = (username: string, password: string) =>
    request(server.url, '/api/auth/login', { body: { username, password } });

  it('signs in with an httpOnly session cookie and answers /me', async () => {
    const res = await login('supervisor', DEMO_PASSWORD);
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/hutong_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await request(server.url, '/api/auth/me', { cookie: cookie.split(';')[0]! });
    expect(ZMe.parse(me.body)).toMatchObject({ username: 'supervisor', role: 'supervisor' });
  });

  it('stores only a digest of the session token', async () => {
    const res = await login('operator', DEMO_PASSWORD);
    const token = res.headers.get('set-cookie')!.split(';')[0]!.split('=')[1]!;
    const rows = await server.database.db.select().from(sessions);
    expect(rows.some((r) => r.id === token)).toBe(false);
  });

  it('refuses a wrong password or unknown user alike, and audits the failure', async () => {
    const wrong = await login('operator', 'not-the-password');
    const unknown = await login('nobody', 'whatever-it-is');
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body.error).toEqual({
        code: 'INVALID_CREDENTIALS',
        status: 401,
        message: 'Wrong username or password',
      });
    }
    const failures = await server.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'auth.login_failed'));
    expect(failures.length).toBeGreaterThanOrEqual(2);
  });

  it('revokes the session on logout', async () => {
    const cookie = await server.login('operator');
    expect((await request(server.url, '/api/auth/me', { cookie })).status).toBe(200);
    expect((await request(server.url, '/api/auth/logout', { method: 'POST', cookie })).status).toBe(
      200,
    );
    const after = await request(server.url, '/api/auth/me', { cookie });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('validates the login body', async () => {
    const res = await request(server.url, '/api/auth/login', { body: { username: '' } });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.data).sort()).toEqual(['password', 'username']);
  });

  // Last: it leaves this address blocked.
  it('limits failed sign-ins per address, whatever the usernames (password spraying)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await login(`staff${i}`, `wrong-${i}`)).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
