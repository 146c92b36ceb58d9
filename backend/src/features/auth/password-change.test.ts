import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { ZMe, ZUserWithPassword } from '@hutong/shared';
import { auditLog } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { request } from '../../../test/http.js';
import { connectSocket, connected } from '../../../test/socket.js';
import { TEST_DB_KIND } from '../../../test/db.js';

describe(`choosing a new password (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let admin: string;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.login('admin');
  });
  afterAll(() => server.stop());

  const signIn = (username: string, password: string) =>
    request(server.url, '/api/auth/login', { body: { username, password } });
  const cookieOf = (res: { headers: Headers }) => res.headers.get('set-cookie')!.split(';')[0]!;
  const change = (cookie: string, currentPassword: string, newPassword: string) =>
    request(server.url, '/api/auth/password', {
      cookie,
      body: { currentPassword, newPassword },
    });

  async function newAccount(username: string) {
    const res = await request(server.url, '/api/users', {
      cookie: admin,
      body: { username, displayName: '新同事', role: 'operator' },
    });
    expect(res.status).toBe(201);
    return ZUserWithPassword.parse(res.body);
  }

  it('lets someone on a temporary password do nothing but choose a new one', async () => {
    const { user, temporaryPassword } = await newAccount('first.day');
    const login = await signIn('first.day', temporaryPassword);
    expect(login.status).toBe(200);
    expect(ZMe.parse(login.body).mustChangePassword).toBe(true);
    const cookie = cookieOf(login);

    // Everything else is refused, by route and by socket.
    const queue = await request(server.url, '/api/cases', { cookie });
    expect(queue.status).toBe(403);
    expect(queue.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    await expect(connected(connectSocket(server.url, cookie))).rejects.toThrow(
      'PASSWORD_CHANGE_REQUIRED',
    );
    expect(ZMe.parse((await request(server.url, '/api/auth/me', { cookie })).body)).toMatchObject({
      username: 'first.day',
      mustChangePassword: true,
    });

    // Bad choices are named by field.
    const wrong = await change(cookie, 'not-the-password', 'a-long-new-password');
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.data).toEqual({ currentPassword: 'This is not your current password' });
    const short = await change(cookie, temporaryPassword, 'short');
    expect(short.status).toBe(400);
    expect(Object.keys(short.body.error.data as object)).toEqual(['newPassword']);
    const same = await change(cookie, temporaryPassword, temporaryPassword);
    expect(same.body.error.data).toEqual({
      newPassword: 'Choose a password different from the current one',
    });
    const named = await change(cookie, temporaryPassword, 'my-name-is-first.day');
    expect(named.body.error.data).toEqual({
      newPassword: 'Do not put your username in your password',
    });

    // A good one: the same session goes on, with everything open to it.
    const ok = await change(cookie, temporaryPassword, '春眠不觉晓，处处闻啼鸟。');
    expect(ok.status).toBe(200);
    expect(ZMe.parse(ok.body).mustChangePassword).toBeUndefined();
    expect((await request(server.url, '/api/cases', { cookie })).status).toBe(200);
    await connected(connectSocket(server.url, cookie)).then(() => undefined);
    expect((await signIn('first.day', temporaryPassword)).status).toBe(401);
    expect((await signIn('first.day', '春眠不觉晓，处处闻啼鸟。')).status).toBe(200);

    const audited = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'auth.password_changed'), eq(auditLog.entityId, user.id)));
    expect(audited).toHaveLength(1);
    expect(audited[0]!.data).toMatchObject({ required: true });
    expect(JSON.stringify(audited[0]!.data)).not.toContain('春眠');
    const failed = await server.database.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.action, 'auth.password_change_failed'), eq(auditLog.entityId, user.id)),
      );
    expect(failed).toHaveLength(1);
  });

  it('asks again after an administrator resets the password', async () => {
    const { user, temporaryPassword } = await newAccount('forgot.again');
    const first = cookieOf(await signIn('forgot.again', temporaryPassword));
    expect((await change(first, temporaryPassword, 'a-password-of-my-own')).status).toBe(200);

    const reset = ZUserWithPassword.parse(
      (
        await request(server.url, `/api/users/${user.id}/reset-password`, {
          method: 'POST',
          cookie: admin,
        })
      ).body,
    );
    const login = await signIn('forgot.again', reset.temporaryPassword);
    expect(ZMe.parse(login.body).mustChangePassword).toBe(true);
    const res = await request(server.url, '/api/cases', { cookie: cookieOf(login) });
    expect(res.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('lets anyone change their own password; their other sessions end, this one stays', async () => {
    const { temporaryPassword } = await newAccount('careful');
    const here = cookieOf(await signIn('careful', temporaryPassword));
    expect((await change(here, temporaryPassword, 'first-own-password')).status).toBe(200);
    const elsewhere = cookieOf(await signIn('careful', 'first-own-password'));
    expect((await request(server.url, '/api/auth/me', { cookie: elsewhere })).status).toBe(200);

    expect((await change(here, 'first-own-password', 'second-own-password')).status).toBe(200);
    expect((await request(server.url, '/api/auth/me', { cookie: here })).status).toBe(200);
    expect((await request(server.url, '/api/auth/me', { cookie: elsewhere })).status).toBe(401);
    // Signed out, it is 401 like any other route.
    expect((await change('', 'x', 'y-long-enough-pw')).status).toBe(401);
  });
});
