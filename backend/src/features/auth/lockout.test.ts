import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, users } from '../../db/schema.js';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../../../test/server.js';
import { eventually, request } from '../../../test/http.js';
import { connectSocket, connected } from '../../../test/socket.js';
import { TEST_DB_KIND } from '../../../test/db.js';

// 15 minutes × 0.004 = 3.6 s: the whole lock runs out within the test.
const TIME_SCALE = 0.004;

describe(`lockout and session revocation (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { HUTONG_TIME_SCALE: String(TIME_SCALE) } });
  });
  afterAll(() => server.stop());

  const login = (username: string, password: string) =>
    request(server.url, '/api/auth/login', { body: { username, password } });
  const userId = async (username: string) =>
    (await server.database.db.select().from(users).where(eq(users.username, username)))[0]!.id;

  it('locks an account after five wrong passwords in a row, audited, then lets it in again', async () => {
    for (let i = 0; i < 4; i++) {
      expect((await login('operator2', `wrong-${i}`)).body.error.code).toBe('INVALID_CREDENTIALS');
    }
    const fifth = await login('operator2', 'wrong-4');
    expect(fifth.status).toBe(423);
    expect(fifth.body.error.code).toBe('ACCOUNT_LOCKED');
    expect(fifth.body.error.message).toMatch(/locked/);
    // Locked means locked: even the right password is refused until it runs out.
    const right = await login('operator2', DEMO_PASSWORD);
    expect(right.status).toBe(423);
    expect(Date.parse(right.body.error.data.lockedUntil)).toBeGreaterThan(Date.now());

    const id = await userId('operator2');
    const locks = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'auth.locked'), eq(auditLog.entityId, id)));
    expect(locks).toHaveLength(1);
    expect(locks[0]!.data).toMatchObject({ failures: 5 });

    // One try after the lock runs out (polling would run into the sign-in rate limit).
    const until = Date.parse(right.body.error.data.lockedUntil);
    await new Promise((r) => setTimeout(r, until - Date.now() + 200));
    expect((await login('operator2', DEMO_PASSWORD)).status).toBe(200);
    const [row] = await server.database.db.select().from(users).where(eq(users.id, id));
    expect(row!.failedLogins).toBe(0);
  });

  it('resets the count on a successful sign-in', async () => {
    for (let i = 0; i < 4; i++) await login('supervisor', `wrong-${i}`);
    expect((await login('supervisor', DEMO_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i++) await login('supervisor', `again-${i}`);
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
