import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { caseEvents, referrals } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { demoCentres } from '../../../test/fixtures.js';
import { claimedCase } from '../../../test/cases.js';
import { request } from '../../../test/http.js';
import { TEST_DB_KIND } from '../../../test/db.js';

// The hand-written part of the migration, as it runs once over referrals that ended before it.
const MIGRATION = new URL('../../../drizzle/0010_referral_ended_view.sql', import.meta.url);
const BACKFILL = readFileSync(MIGRATION, 'utf8')
  .split('-- custom:')[1]!
  .replace(/^[^\n]*\n/, '');

describe(`migration 0008 freezes referrals that had already ended (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it('gives an ended referral from before the migration its frozen view, and leaves live ones', async () => {
    const operator = await server.login('operator');
    const { cityId, conghuaId } = await demoCentres(server);
    const filed = await claimedCase(server, operator);
    const refer = (centreId: string) =>
      request(server.url, `/api/cases/${filed.caseId}/referrals`, {
        body: { centreId, note: '' },
        cookie: operator,
      });
    const ended = (await refer(cityId)).body.id as string;
    const live = (await refer(conghuaId)).body.id as string;
    const cancel = await request(server.url, `/api/referrals/${ended}`, {
      method: 'PATCH',
      body: { status: 'cancelled' },
      cookie: operator,
    });
    expect(cancel.status).toBe(200);
    const { db } = server.database;
    const [frozen] = await db.select().from(referrals).where(eq(referrals.id, ended));
    // As it was before the migration: no view.
    await db.update(referrals).set({ endedView: null }).where(eq(referrals.id, ended));

    await db.execute(sql.raw(BACKFILL));

    const [after] = await db.select().from(referrals).where(eq(referrals.id, ended));
    const [endEvent] = await db
      .select({ id: caseEvents.id })
      .from(caseEvents)
      .where(
        and(eq(caseEvents.caseId, filed.caseId), sql`${caseEvents.data}->>'to' = 'cancelled'`),
      );
    expect(after!.endedView).toMatchObject({
      seq: endEvent!.id,
      reportIds: [filed.reportId],
      status: frozen!.endedView!.status,
      categories: frozen!.endedView!.categories,
      immediateDanger: frozen!.endedView!.immediateDanger,
      channel: frozen!.endedView!.channel,
      regionCode: frozen!.endedView!.regionCode,
    });
    expect(new Date(after!.endedView!.at).getTime()).toBe(after!.updatedAt.getTime());
    const [stillLive] = await db.select().from(referrals).where(eq(referrals.id, live));
    expect(stillLive!.endedView).toBeNull();
  });
});
