import { afterEach, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { caseEvents, centres, referrals, reports } from '../../db/schema.js';
import type { Database } from '../../db/client.js';
import { deleteKeys, startTestServer, type TestServer } from '../../../test/server.js';
import { createTestDatabase, TEST_DB_KIND } from '../../../test/db.js';
import { eventually, request } from '../../../test/http.js';
import { buildReport } from '../../../test/factories.js';

// P1's 10-minute acknowledgement window becomes 1.2 s, P2's hour 1.44 s.
const P1_SCALE = '0.002';
const P2_SCALE = '0.0004';

describe(`escalation ladder (${TEST_DB_KIND})`, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  /** One database (and, once the first server is up, one Redis prefix) for several servers. */
  async function sharedDatabase() {
    const database = await createTestDatabase();
    let redis: TestServer | null = null;
    cleanups.push(async () => {
      await database.close();
      if (redis) await deleteKeys(redis.redisUrl, redis.prefix);
    });
    return { database, setPrefix: (server: TestServer) => void (redis = server) };
  }

  /** A case in 从化区 (the station there covers it; the city centre is its backup), claimed and referred. */
  async function referredCase(server: TestServer, immediateDanger: boolean, name: string) {
    const operator = await server.login('operator');
    const res = await request(server.url, '/api/reports', {
      body: buildReport({
        children: [{ name, age: 7 }],
        categories: ['abandonment_or_no_care'],
        immediateDanger,
        location: { regionCode: '440117101201' },
      }),
    });
    const caseId = await eventually(async () => {
      const [row] = await server.database.db
        .select({ caseId: reports.caseId })
        .from(reports)
        .where(eq(reports.id, res.body.id));
      return row?.caseId ?? undefined;
    });
    await request(server.url, `/api/cases/${caseId}/claim`, { method: 'POST', cookie: operator });
    const [station] = await server.database.db
      .select()
      .from(centres)
      .where(eq(centres.regionCode, '440117'));
    const referral = await request(server.url, `/api/cases/${caseId}/referrals`, {
      body: { centreId: station!.id, note: '' },
      cookie: operator,
    });
    expect(referral.status).toBe(201);
    return { caseId, referralId: referral.body.id as string, stationId: station!.id };
  }

  async function escalations(db: Database['db'], caseId: string) {
    const rows = await db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.type, 'referral_escalated')))
      .orderBy(asc(caseEvents.id));
    return rows.map((r) => r.data);
  }

  it('climbs next contact → supervisors → backup centre across a restart, creating the P1 backup referral once', async () => {
    const { database, setPrefix } = await sharedDatabase();
    const first = await startTestServer({ database, env: { HUTONG_TIME_SCALE: P1_SCALE } });
    setPrefix(first);
    const { caseId, referralId } = await referredCase(first, true, '小华');
    const [created] = await database.db
      .select()
      .from(referrals)
      .where(eq(referrals.id, referralId));
    expect(created!.priority).toBe('P1');
    // The process goes away before the first deadline; its timer lives on in Redis / the outbox.
    await first.stop({ keepDatabase: true });

    const second = await startTestServer({
      database,
      prefix: first.prefix,
      env: { HUTONG_TIME_SCALE: P1_SCALE },
    });
    cleanups.push(() => second.stop({ keepDatabase: true }));
    const steps = await eventually(async () => {
      const list = await escalations(database.db, caseId);
      return list.length >= 3 ? list : undefined;
    }, 20_000);
    expect(steps.map((s) => s.step)).toEqual(['next_contact', 'supervisors', 'backup_centre']);
    expect(steps[2]).toMatchObject({
      created: true,
      backupCentreName: '广州市未成年人救助保护中心',
    });

    const all = await database.db.select().from(referrals).where(eq(referrals.caseId, caseId));
    expect(all).toHaveLength(2);
    const original = all.find((r) => r.id === referralId)!;
    expect(original.escalationLevel).toBe(3);
    // The backup has a ladder of its own; wait a little longer than a step and count again.
    await new Promise((r) => setTimeout(r, 1500));
    const again = await escalations(database.db, caseId);
    expect(again.filter((s) => s.referralId === referralId)).toHaveLength(3);
  });

  it('takes each step once with two workers on the same database and queues, and only proposes the backup for P2', async () => {
    const { database, setPrefix } = await sharedDatabase();
    const a = await startTestServer({ database, env: { HUTONG_TIME_SCALE: P2_SCALE } });
    setPrefix(a);
    const b = await startTestServer({
      database,
      prefix: a.prefix,
      env: { HUTONG_TIME_SCALE: P2_SCALE },
    });
    cleanups.push(() => a.stop({ keepDatabase: true }));
    cleanups.push(() => b.stop({ keepDatabase: true }));
    const { caseId, referralId } = await referredCase(a, false, '小丽');
    const [created] = await database.db
      .select()
      .from(referrals)
      .where(eq(referrals.id, referralId));
    expect(created!.priority).toBe('P2');

    const steps = await eventually(async () => {
      const list = await escalations(database.db, caseId);
      return list.length >= 3 ? list : undefined;
    }, 20_000);
    await new Promise((r) => setTimeout(r, 1000));
    const final = await escalations(database.db, caseId);
    expect(final.map((s) => s.level)).toEqual([1, 2, 3]);
    expect(steps[2]).toMatchObject({ step: 'backup_centre', created: false });
    const all = await database.db.select().from(referrals).where(eq(referrals.caseId, caseId));
    expect(all).toHaveLength(1);
  });

  it('stops climbing once the centre acknowledges', async () => {
    const server = await startTestServer({ env: { HUTONG_TIME_SCALE: P2_SCALE } });
    cleanups.push(() => server.stop());
    const { caseId, referralId } = await referredCase(server, false, '小强');
    const operator = await server.login('operator');
    const ack = await request(server.url, `/api/referrals/${referralId}`, {
      method: 'PATCH',
      body: { status: 'acknowledged' },
      cookie: operator,
    });
    expect(ack.status).toBe(200);
    // On a loaded machine the 1.44 s window can pass before the acknowledgement arrives, and a
    // step taken then is right: what must not happen is a step after it.
    const atAck = await escalations(server.database.db, caseId);
    await new Promise((r) => setTimeout(r, 2500));
    expect(await escalations(server.database.db, caseId)).toEqual(atAck);
  });
});
