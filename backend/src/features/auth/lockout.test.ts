import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, users } from '../../db/schema.js';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../../../test/server.js';
import { eventually, request } from '../../../test/http.js';
import { connectSocket, connected } from '../../../test/socket.js';
import { TEST_DB_KIND } from '../../../test/db.js';
import { FREE_FAILURES } from './throttle.js';

/** Raw status and body text of a sign-in: answers are compared byte for byte. */
async function rawLogin(url: string, username: string, password: string, from?: string) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(from ? { 'x-forwarded-for': from } : {}) },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, text: await res.text() };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Waits five times as long as in production (a first wait of 5 s, not 1 s), so that an argon2
// check on a busy test machine is still well inside it.
const TIME_SCALE = 5;

describe(`sign-in throttling and session revocation (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { HUTONG_TIME_SCALE: String(TIME_SCALE) } });
  });
  afterAll(() => server.stop());

  const login = (username: string, password: string) => rawLogin(server.url, username, password);
  const userId = async (username: string) =>
    (await server.database.db.select().from(users).where(eq(users.username, username)))[0]!.id;
  /** How long until the account's next attempt may come, in ms (negative: it may now). */
  const waitMs = async (username: string) => {
    const [row] = await server.database.db.select().from(users).where(eq(users.username, username));
    return (row!.lockedUntil?.getTime() ?? 0) - Date.now();
  };

  it('does not lock an admin out after wrong passwords: after a short wait the right one works', async () => {
    for (let i = 0; i < FREE_FAILURES; i++) {
      expect((await login('admin', `wrong-${i}`)).status).toBe(401);
    }
    // The wait is one second (× the test's time scale), not fifteen minutes …
    const wait = await waitMs('admin');
    expect(wait).toBeLessThanOrEqual(1000 * TIME_SCALE);
    // … during it even the right password is refused …
    expect((await login('admin', DEMO_PASSWORD)).status).toBe(401);
    // … and once it has passed, the right password works.
    await sleep((await waitMs('admin')) + 100);
    expect((await login('admin', DEMO_PASSWORD)).status).toBe(200);
    const [row] = await server.database.db.select().from(users).where(eq(users.username, 'admin'));
    expect(row!.failedLogins).toBe(0);
    expect(row!.lockedUntil).toBeNull();

    const locks = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'auth.locked'), eq(auditLog.entityId, row!.id)));
    expect(locks).toHaveLength(1);
    expect(locks[0]!.data).toMatchObject({ failures: FREE_FAILURES, waitSeconds: 1 });
  });

  it('doubles the wait with each further wrong password, and refuses without counting meanwhile', async () => {
    const id = await userId('operator2');
    for (let i = 0; i < FREE_FAILURES; i++) await login('operator2', `wrong-${i}`);
    const first = await waitMs('operator2');
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(1000 * TIME_SCALE);
    // Attempts during the wait are not counted and do not lengthen it.
    const until = Date.now() + first;
    for (let i = 0; i < 2; i++) await login('operator2', `during-${i}`);
    expect(Date.now() + (await waitMs('operator2'))).toBeLessThanOrEqual(until + 5);
    await sleep((await waitMs('operator2')) + 100);
    await login('operator2', 'wrong-again');
    const second = await waitMs('operator2');
    expect(second).toBeGreaterThan(1000 * TIME_SCALE);
    expect(second).toBeLessThanOrEqual(2000 * TIME_SCALE);
    const [row] = await server.database.db.select().from(users).where(eq(users.id, id));
    expect(row!.failedLogins).toBe(FREE_FAILURES + 1);
  });

  it('answers a waiting account and an unknown user byte for byte alike', async () => {
    // operator2 is waiting after the test above; the right password changes nothing.
    const waiting = await login('operator2', DEMO_PASSWORD);
    const unknown = await login('nobody-at-all', DEMO_PASSWORD);
    const wrong = await login('centre', 'not-the-password');
    expect(waiting.status).toBe(401);
    expect(waiting).toEqual(unknown);
    expect(wrong).toEqual(unknown);
    expect(JSON.parse(unknown.text)).toEqual({
      error: { code: 'INVALID_CREDENTIALS', status: 401, message: 'Wrong username or password' },
    });
    const refused = await server.database.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.action, 'auth.login_refused_locked'),
          eq(auditLog.entityId, await userId('operator2')),
        ),
      );
    expect(refused.length).toBeGreaterThan(0);
  });

  it('resets the count on a successful sign-in', async () => {
    for (let i = 0; i < FREE_FAILURES - 1; i++) await login('supervisor', `wrong-${i}`);
    expect((await login('supervisor', DEMO_PASSWORD)).status).toBe(200);
    for (let i = 0; i < FREE_FAILURES - 1; i++) await login('supervisor', `again-${i}`);
    expect((await login('supervisor', DEMO_PASSWORD)).status).toBe(200);
  });

  it('disconnects the sockets of a session when it signs out', async () => {
    const cookie = await server.login('operator');
    const other = await server.login('operator');
    const mine = connectSocket(server.url, cookie);
    const theirs = connectSocket(server.url, other);
    await Promise.all([connected(mine), connected(theirs)]);
    let closed = false;
    mine.on('disconnect', () => {
      closed = true;
    });
    await request(server.url, '/api/auth/logout', { method: 'POST', cookie });
    await eventually(() => closed, 5000);
    expect(theirs.connected).toBe(true);
    theirs.disconnect();
  });
});

describe(`unlocking and per-address limits (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      env: { HUTONG_TRUSTED_PROXIES: 'loopback', HUTONG_LOGIN_RATE_LIMIT: '6' },
    });
  });
  afterAll(() => server.stop());

  /** Puts an account deep into a run of wrong passwords: a minute's wait ahead. */
  const throttle = async (username: string) => {
    await server.database.db
      .update(users)
      .set({ failedLogins: 12, lockedUntil: new Date(Date.now() + 60_000) })
      .where(eq(users.username, username));
  };
  const idOf = async (username: string) =>
    (await server.database.db.select().from(users).where(eq(users.username, username)))[0]!.id;

  it('lets a supervisor see and unlock a waiting account, audited', async () => {
    await throttle('operator2');
    const id = await idOf('operator2');
    expect((await rawLogin(server.url, 'operator2', DEMO_PASSWORD, '192.0.2.10')).status).toBe(401);

    const supervisor = await server.login('supervisor');
    const list = await request(server.url, '/api/auth/locks', { cookie: supervisor });
    expect(list.status).toBe(200);
    expect(list.body.accounts).toEqual([
      expect.objectContaining({ id, username: 'operator2', role: 'operator', failures: 12 }),
    ]);
    const unlocked = await request(server.url, `/api/auth/locks/${id}`, {
      method: 'DELETE',
      cookie: supervisor,
    });
    expect(unlocked.status).toBe(200);
    expect((await rawLogin(server.url, 'operator2', DEMO_PASSWORD, '192.0.2.10')).status).toBe(200);
    expect((await request(server.url, '/api/auth/locks', { cookie: supervisor })).body).toEqual({
      accounts: [],
    });

    const [entry] = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'user.unlocked'), eq(auditLog.entityId, id)));
    expect(entry!.actorId).toBe(await idOf('supervisor'));
    expect(entry!.data).toMatchObject({ before: { failures: 12 }, after: { failures: 0 } });
  });

  it("refuses unlocking to operators, and an admin's account to supervisors", async () => {
    await throttle('admin');
    const adminId = await idOf('admin');
    const operator = await server.login('operator');
    const byOperator = await request(server.url, `/api/auth/locks/${adminId}`, {
      method: 'DELETE',
      cookie: operator,
    });
    expect(byOperator.status).toBe(403);
    const supervisor = await server.login('supervisor');
    const bySupervisor = await request(server.url, `/api/auth/locks/${adminId}`, {
      method: 'DELETE',
      cookie: supervisor,
    });
    expect(bySupervisor.status).toBe(403);
    expect(bySupervisor.body.error.code).toBe('FORBIDDEN');
    const [row] = await server.database.db.select().from(users).where(eq(users.id, adminId));
    expect(row!.failedLogins).toBe(12);
    await server.database.db
      .update(users)
      .set({ failedLogins: 0, lockedUntil: null })
      .where(eq(users.id, adminId));
  });

  it('makes guesses at the current password (a session left open) wait as well', async () => {
    const cookie = await server.login('centre');
    await throttle('centre');
    const res = await request(server.url, '/api/auth/password', {
      cookie,
      body: { currentPassword: DEMO_PASSWORD, newPassword: 'a-long-new-password-1' },
    });
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('RATE_LIMITED');
    const [row] = await server.database.db.select().from(users).where(eq(users.username, 'centre'));
    expect(row!.failedLogins).toBe(12);
    await server.database.db
      .update(users)
      .set({ failedLogins: 0, lockedUntil: null })
      .where(eq(users.id, row!.id));
  });

  it('answers 429 to many usernames from one address, and not to another address', async () => {
    const spray = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        rawLogin(server.url, `user${i}`, 'Winter2026!', '203.0.113.7'),
      ),
    );
    expect(spray.map((r) => r.status)).toEqual(Array(6).fill(401));
    const next = await rawLogin(server.url, 'user6', 'Winter2026!', '203.0.113.7');
    expect(next.status).toBe(429);
    expect(JSON.parse(next.text).error.code).toBe('RATE_LIMITED');
    // Even the right password of a real account: the address is blocked, not the account.
    expect((await rawLogin(server.url, 'centre', DEMO_PASSWORD, '203.0.113.7')).status).toBe(429);

    // Another address is not held back by the first one's failures.
    expect((await rawLogin(server.url, 'user7', 'Winter2026!', '203.0.113.8')).status).toBe(401);
    expect((await rawLogin(server.url, 'centre', DEMO_PASSWORD, '203.0.113.8')).status).toBe(200);
  });
});
