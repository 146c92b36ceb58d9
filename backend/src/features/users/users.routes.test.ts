import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { ZUser, ZUserList, ZUserWithPassword, type TUserList } from '@hutong/shared';
import { auditLog, sessions } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { eventually, request } from '../../../test/http.js';
import { connectSocket, connected } from '../../../test/socket.js';
import { TEST_DB_KIND } from '../../../test/db.js';

describe(`user administration (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let admin: string;
  let list: TUserList;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.login('admin');
    list = ZUserList.parse((await request(server.url, '/api/users', { cookie: admin })).body);
  });
  afterAll(() => server.stop());

  const signIn = (username: string, password: string) =>
    request(server.url, '/api/auth/login', { body: { username, password } });
  const cookieOf = (res: { headers: Headers }) => res.headers.get('set-cookie')!.split(';')[0]!;
  const auditOf = async (action: string, entityId: string) =>
    server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, action), eq(auditLog.entityId, entityId)));

  it('lists accounts without secrets, with the centres and organisations to bind them to', () => {
    expect(list.users.map((u) => u.username)).toContain('operator');
    expect(JSON.stringify(list)).not.toMatch(/passwordHash|argon2/);
    expect(list.centres.length).toBeGreaterThan(0);
    expect(list.orgs.length).toBeGreaterThan(0);
  });

  it('creates a user with a one-time password that signs in, audited', async () => {
    const res = await request(server.url, '/api/users', {
      cookie: admin,
      body: { username: 'op.new', displayName: '接线员 新', role: 'operator' },
    });
    expect(res.status).toBe(201);
    const { user, temporaryPassword } = ZUserWithPassword.parse(res.body);
    expect((await signIn('op.new', temporaryPassword)).status).toBe(200);
    const [entry] = await auditOf('user.created', user.id);
    expect(entry!.data).toMatchObject({ before: null, after: { role: 'operator' } });
    expect(JSON.stringify(entry!.data)).not.toContain(temporaryPassword);
  });

  it('refuses a taken username, a centre role without a centre, and unknown fields', async () => {
    const taken = await request(server.url, '/api/users', {
      cookie: admin,
      body: { username: 'operator', displayName: 'x', role: 'operator' },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.data).toEqual({ username: 'Already taken' });
    const noCentre = await request(server.url, '/api/users', {
      cookie: admin,
      body: { username: 'centre2', displayName: 'x', role: 'centre_staff' },
    });
    expect(noCentre.status).toBe(400);
    expect(Object.keys(noCentre.body.error.data)).toEqual(['centreId']);
    const bad = await request(server.url, '/api/users', {
      cookie: admin,
      body: { username: 'a', displayName: '', role: 'root', password: 'x' },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.data).sort()).toEqual([
      '(body)',
      'displayName',
      'role',
      'username',
    ]);
  });

  it('binds directors, township supervisors and analysts to a region of the right level', async () => {
    const create = (username: string, role: string, regionCode?: string) =>
      request(server.url, '/api/users', {
        cookie: admin,
        body: { username, displayName: '儿童主任 新', role, ...(regionCode ? { regionCode } : {}) },
      });
    const none = await create('dir.none', 'child_director');
    expect(none.status).toBe(400);
    expect(Object.keys(none.body.error.data)).toEqual(['regionCode']);
    // A township is not a village; a code nobody imported is no region at all.
    const township = await create('dir.township', 'child_director', '440117101');
    expect(township.status).toBe(400);
    expect(township.body.error.data.regionCode).toMatch(/village/);
    expect((await create('dir.unknown', 'child_director', '440117101299')).status).toBe(400);
    expect((await create('sup.village', 'township_supervisor', '440117101201')).status).toBe(400);

    const made = await create('dir.new', 'child_director', '440117101202');
    expect(made.status).toBe(201);
    const { user, temporaryPassword } = ZUserWithPassword.parse(made.body);
    expect(user.regionCode).toBe('440117101202');
    // The region is the account's, shown by /me; another role drops it.
    const me = await request(server.url, '/api/auth/me', {
      cookie: cookieOf(await signIn('dir.new', temporaryPassword)),
    });
    expect(me.body).toMatchObject({ role: 'child_director', regionCode: '440117101202' });
    const changed = await request(server.url, `/api/users/${user.id}`, {
      method: 'PATCH',
      cookie: admin,
      body: { role: 'operator' },
    });
    expect(ZUser.parse(changed.body).regionCode).toBeNull();
  });

  it('has the demo director, township supervisor and analyst, each with a region', async () => {
    for (const [username, role, regionCode] of [
      ['director', 'child_director', '440117101201'],
      ['township', 'township_supervisor', '440117101'],
      ['analyst', 'analyst', '440100'],
    ] as const) {
      const me = await request(server.url, '/api/auth/me', {
        cookie: await server.login(username),
      });
      expect(me.body).toMatchObject({ role, regionCode });
    }
  });

  it('changes role and centre with before and after on the audit log', async () => {
    const created = ZUserWithPassword.parse(
      (
        await request(server.url, '/api/users', {
          cookie: admin,
          body: { username: 'mover', displayName: '调岗', role: 'operator' },
        })
      ).body,
    );
    const centreId = list.centres[0]!.id;
    const res = await request(server.url, `/api/users/${created.user.id}`, {
      method: 'PATCH',
      cookie: admin,
      body: { role: 'centre_staff', centreId },
    });
    expect(res.status).toBe(200);
    expect(ZUser.parse(res.body)).toMatchObject({ role: 'centre_staff', centreId });
    const [entry] = await auditOf('user.updated', created.user.id);
    expect(entry!.actorId).toBe(list.users.find((u) => u.username === 'admin')!.id);
    expect(entry!.data).toMatchObject({
      before: { role: 'operator', centreId: null },
      after: { role: 'centre_staff', centreId },
    });
  });

  it('disabling a user revokes their sessions and disconnects their sockets at once', async () => {
    const { user, temporaryPassword } = ZUserWithPassword.parse(
      (
        await request(server.url, '/api/users', {
          cookie: admin,
          body: { username: 'leaver', displayName: '离职', role: 'operator' },
        })
      ).body,
    );
    const cookie = cookieOf(await signIn('leaver', temporaryPassword));
    // A temporary password opens nothing until it is replaced (see password-change.test.ts).
    const changed = await request(server.url, '/api/auth/password', {
      cookie,
      body: { currentPassword: temporaryPassword, newPassword: 'my-own-password-1' },
    });
    expect(changed.status).toBe(200);
    const socket = connectSocket(server.url, cookie);
    await connected(socket);
    let disconnected = false;
    socket.on('disconnect', () => {
      disconnected = true;
    });
    const res = await request(server.url, `/api/users/${user.id}`, {
      method: 'PATCH',
      cookie: admin,
      body: { disabled: true },
    });
    expect(res.status).toBe(200);
    expect(res.body.disabledAt).not.toBeNull();
    await eventually(() => disconnected, 5000);
    expect((await request(server.url, '/api/auth/me', { cookie })).status).toBe(401);
    const live = await server.database.db
      .select()
      .from(sessions)
      .where(eq(sessions.userId, user.id));
    expect(live.every((s) => s.revokedAt !== null)).toBe(true);
    await expect(connected(connectSocket(server.url, cookie))).rejects.toThrow('UNAUTHENTICATED');
    expect((await signIn('leaver', 'my-own-password-1')).status).toBe(401);
  });

  it('resets a password: the old one stops working, the account unlocks, sessions end', async () => {
    const { user, temporaryPassword } = ZUserWithPassword.parse(
      (
        await request(server.url, '/api/users', {
          cookie: admin,
          body: { username: 'forgetful', displayName: '忘记', role: 'supervisor' },
        })
      ).body,
    );
    const oldCookie = cookieOf(await signIn('forgetful', temporaryPassword));
    const res = await request(server.url, `/api/users/${user.id}/reset-password`, {
      method: 'POST',
      cookie: admin,
    });
    expect(res.status).toBe(200);
    const reset = ZUserWithPassword.parse(res.body);
    expect(reset.temporaryPassword).not.toBe(temporaryPassword);
    expect((await request(server.url, '/api/auth/me', { cookie: oldCookie })).status).toBe(401);
    expect((await signIn('forgetful', temporaryPassword)).status).toBe(401);
    expect((await signIn('forgetful', reset.temporaryPassword)).status).toBe(200);
    expect(await auditOf('user.password_reset', user.id)).toHaveLength(1);
  });

  it('will not let an administrator disable themselves', async () => {
    const me = list.users.find((u) => u.username === 'admin')!;
    const res = await request(server.url, `/api/users/${me.id}`, {
      method: 'PATCH',
      cookie: admin,
      body: { disabled: true },
    });
    expect(res.status).toBe(409);
  });

  it('answers 404 for an unknown user and 400 for an empty change', async () => {
    const missing = await request(
      server.url,
      '/api/users/00000000-0000-4000-8000-000000000000/reset-password',
      { method: 'POST', cookie: admin },
    );
    expect(missing.status).toBe(404);
    const operator = list.users.find((u) => u.username === 'operator')!;
    const empty = await request(server.url, `/api/users/${operator.id}`, {
      method: 'PATCH',
      cookie: admin,
      body: {},
    });
    expect(empty.status).toBe(400);
  });
});
