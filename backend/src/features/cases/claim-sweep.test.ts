import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { caseEvents, cases } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { fileReport } from '../../../test/cases.js';
import { TEST_DB_KIND } from '../../../test/db.js';
import { sweepClaimDeadlines } from './cases.jobs.js';

/**
 * The claim sweep (issue 16) in its own terms, its clock passed in: the server runs at real time,
 * so a P4 case's deadline (a day away) never falls due by itself during the test.
 */
describe(`claim sweep (${TEST_DB_KIND})`, () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  async function overdueEvents(caseId: string) {
    const rows = await server.database.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.type, 'claim_overdue')))
      .orderBy(asc(caseEvents.id));
    return rows.map((e) => e.data);
  }
  async function deadlineOf(caseId: string): Promise<Date> {
    const [row] = await server.database.db.select().from(cases).where(eq(cases.id, caseId));
    return row!.claimDeadline!;
  }

  it('marks a case once per deadline, and again when its deadline moves', async () => {
    const { caseId } = await fileReport(server);
    const first = await deadlineOf(caseId);
    await sweepClaimDeadlines(server.hutong.ctx, new Date(first.getTime() - 1));
    expect(await overdueEvents(caseId)).toEqual([]);

    const late = new Date(first.getTime() + 1);
    expect(await sweepClaimDeadlines(server.hutong.ctx, late)).toBeGreaterThanOrEqual(1);
    expect(await sweepClaimDeadlines(server.hutong.ctx, late)).toBe(0);
    expect(await overdueEvents(caseId)).toEqual([{ deadline: first.toISOString() }]);

    // Released or re-opened: a fresh deadline, marked on its own when it passes.
    const second = new Date(first.getTime() + 60_000);
    await server.database.db
      .update(cases)
      .set({ claimDeadline: second })
      .where(eq(cases.id, caseId));
    await sweepClaimDeadlines(server.hutong.ctx, new Date(second.getTime() + 1));
    expect(await overdueEvents(caseId)).toEqual([
      { deadline: first.toISOString() },
      { deadline: second.toISOString() },
    ]);
  });

  it('leaves a claimed case alone, and never marks a deadline that already has its event', async () => {
    const claimed = await fileReport(server);
    await server.database.db
      .update(cases)
      .set({ status: 'triaging' })
      .where(eq(cases.id, claimed.caseId));
    // As a per-case job queued before the sweep existed would have left it: the event, no mark.
    const marked = await fileReport(server);
    const deadline = await deadlineOf(marked.caseId);
    await server.database.db.insert(caseEvents).values({
      caseId: marked.caseId,
      type: 'claim_overdue',
      actorId: null,
      data: { deadline: deadline.toISOString() },
    });
    const later = new Date(
      Math.max(deadline.getTime(), (await deadlineOf(claimed.caseId)).getTime()) + 1,
    );
    await sweepClaimDeadlines(server.hutong.ctx, later);
    expect(await overdueEvents(claimed.caseId)).toEqual([]);
    expect(await overdueEvents(marked.caseId)).toEqual([{ deadline: deadline.toISOString() }]);
    const [row] = await server.database.db.select().from(cases).where(eq(cases.id, marked.caseId));
    expect(row!.claimOverdueDeadline?.toISOString()).toBe(deadline.toISOString());
  });
});
