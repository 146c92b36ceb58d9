import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { TwilioSimulator } from '@hutong/ivr/simulator';
import { ZAnswerCallResponse } from '@hutong/shared';
import { calls, cases, reports } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { attachSimulator } from '../../../test/simulator.js';
import { fileReport } from '../../../test/cases.js';
import { eventually, request } from '../../../test/http.js';
import { TEST_DB_KIND } from '../../../test/db.js';

const AUTH_TOKEN = 'call-region-test-token';
const TIME_SCALE = '0.02';
const TIANHE = '440106001001';
const SHAOGUAN = '440232104201';

/**
 * A call's stored place (`calls.region_code`, migration 0025): its report's region, else its
 * case's, kept by triggers — the statistics' rollup reads it where the live figures join.
 */
describe(`a call's place for the statistics (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let sim: TwilioSimulator;
  let operator: string;

  beforeAll(async () => {
    server = await startTestServer({
      env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN, HUTONG_TIME_SCALE: TIME_SCALE },
    });
    sim = await attachSimulator(server, { authToken: AUTH_TOKEN, timeScale: Number(TIME_SCALE) });
    operator = await server.login('operator');
  });
  afterAll(async () => {
    await sim?.stop();
    await server?.stop();
  });

  const regionOf = async (callId: string) =>
    (
      await server.database.db
        .select({ regionCode: calls.regionCode })
        .from(calls)
        .where(eq(calls.id, callId))
    )[0]!.regionCode;

  const insertCall = async (fields: Partial<typeof calls.$inferInsert>) =>
    (
      await server.database.db
        .insert(calls)
        .values({
          callSid: `CA${randomUUID().replaceAll('-', '')}`,
          fromEncrypted: 'x',
          fromHash: randomUUID(),
          queuedAt: new Date(),
          ...fields,
        })
        .returning({ id: calls.id })
    )[0]!.id;

  it('places an answered call where its case is once the operator records the location', async () => {
    const handle = sim.placeCall({ from: '+8613800000301', script: { digits: ['2', '3'] } });
    await handle.waitFor('enqueued');
    const queued = await eventually(async () => {
      const [row] = await server.database.db
        .select()
        .from(calls)
        .where(eq(calls.callSid, handle.sid));
      return row?.status === 'queued' ? row : undefined;
    });
    expect(queued.regionCode).toBeNull();

    const answered = await request(server.url, `/api/calls/${queued.id}/answer`, {
      method: 'POST',
      cookie: operator,
    });
    expect(answered.status).toBe(200);
    const { case: opened } = ZAnswerCallResponse.parse(answered.body);
    // The caller's report has no place yet, nor has its case: neither has the call.
    const [linked] = await server.database.db.select().from(calls).where(eq(calls.id, queued.id));
    expect(linked!.reportId).not.toBeNull();
    expect(linked!.caseId).toBe(opened.id);
    expect(linked!.regionCode).toBeNull();

    const saved = await request(server.url, `/api/cases/${opened.id}`, {
      method: 'PATCH',
      cookie: operator,
      body: { version: opened.version, assessment: { location: { regionCode: TIANHE } } },
    });
    expect(saved.status).toBe(200);
    expect(await regionOf(queued.id)).toBe(TIANHE);
  });

  it("follows its report's place first, else its case's, through every later change", async () => {
    const db = server.database.db;
    const filed = await fileReport(server, {
      location: { regionCode: TIANHE, address: '五山路1号' },
    });
    const byReport = await insertCall({ reportId: filed.reportId, caseId: filed.caseId });
    const byCase = await insertCall({ caseId: filed.caseId });
    const unlinked = await insertCall({});
    expect(await regionOf(byReport)).toBe(TIANHE);
    expect(await regionOf(byCase)).toBe(TIANHE);
    expect(await regionOf(unlinked)).toBeNull();

    // Linked later: placed at that moment.
    await db.update(calls).set({ reportId: filed.reportId }).where(eq(calls.id, unlinked));
    expect(await regionOf(unlinked)).toBe(TIANHE);

    // The case moves: the call placed by its case follows, the ones placed by the report stay.
    await db.update(cases).set({ regionCode: SHAOGUAN }).where(eq(cases.id, filed.caseId));
    expect(await regionOf(byCase)).toBe(SHAOGUAN);
    expect(await regionOf(byReport)).toBe(TIANHE);
    expect(await regionOf(unlinked)).toBe(TIANHE);

    // The report loses its place: a call with a case falls back to it, one without has none.
    await db.update(reports).set({ regionCode: null }).where(eq(reports.id, filed.reportId));
    expect(await regionOf(byReport)).toBe(SHAOGUAN);
    expect(await regionOf(unlinked)).toBeNull();
    await db.update(reports).set({ regionCode: TIANHE }).where(eq(reports.id, filed.reportId));
    expect(await regionOf(byReport)).toBe(TIANHE);

    // Unlinked from its report: placed by its case alone.
    await db.update(calls).set({ reportId: null }).where(eq(calls.id, byReport));
    expect(await regionOf(byReport)).toBe(SHAOGUAN);

    // Whatever happened, every call's stored place is the one the join gives.
    const result: unknown = await db.execute(
      sql`select count(*)::int as n from calls k
        left join reports r on r.id = k.report_id left join cases c on c.id = k.case_id
        where k.region_code is distinct from coalesce(r.region_code, c.region_code)`,
    );
    expect((result as { rows: { n: number }[] }).rows[0]!.n).toBe(0);
  });
});
