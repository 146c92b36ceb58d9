import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ZCaseList, compareQueueOrder } from '@hutong/shared';
import { cases } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { claimedCase, fileReport } from '../../../test/cases.js';
import { request } from '../../../test/http.js';
import { TEST_DB_KIND } from '../../../test/db.js';

describe(`the queue's triage order in GET /api/cases (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let operator: string;
  let operator2: string;

  beforeAll(async () => {
    server = await startTestServer();
    operator = await server.login('operator');
    operator2 = await server.login('operator2');
  });
  afterAll(() => server.stop());

  /** Moves a case's claim deadline to `seconds` from now (negative: already missed). */
  async function deadlineIn(caseId: string, seconds: number): Promise<void> {
    await server.database.db
      .update(cases)
      .set({ claimDeadline: new Date(Date.now() + seconds * 1000) })
      .where(eq(cases.id, caseId));
  }

  async function list(scope: 'open' | 'mine', cookie: string) {
    const res = await request(server.url, `/api/cases?scope=${scope}`, { cookie });
    expect(res.status).toBe(200);
    return ZCaseList.parse(res.body).cases;
  }

  it('lists an unclaimed overdue P1 above claimed P1s, and overdue above in time within a priority', async () => {
    const p1 = { immediateDanger: true } as const;
    // Oldest first: the three claimed P1s, then an unclaimed P1 still in time, then the late one.
    const claimed = [
      await claimedCase(server, operator2, p1),
      await claimedCase(server, operator, p1),
      await claimedCase(server, operator2, p1),
    ];
    const inTime = await fileReport(server, p1);
    const overdue = await fileReport(server, p1);
    const p2Overdue = await fileReport(server, { categories: ['violence_injury'] });
    await deadlineIn(inTime.caseId, 600);
    await deadlineIn(overdue.caseId, -74);
    await deadlineIn(p2Overdue.caseId, -30);

    const names = new Map([
      [claimed[0]!.caseId, 'claimed by operator2 (1)'],
      [claimed[1]!.caseId, 'claimed by operator'],
      [claimed[2]!.caseId, 'claimed by operator2 (2)'],
      [inTime.caseId, 'unclaimed P1 in time'],
      [overdue.caseId, 'unclaimed P1 overdue'],
      [p2Overdue.caseId, 'unclaimed P2 overdue'],
    ]);
    const open = (await list('open', operator)).filter((c) => names.has(c.id));
    expect(open.map((c) => names.get(c.id))).toEqual([
      'unclaimed P1 overdue',
      'unclaimed P1 in time',
      'unclaimed P2 overdue',
      'claimed by operator2 (1)',
      'claimed by operator',
      'claimed by operator2 (2)',
    ]);
    // The summary carries why each case has its priority, for the queue's row.
    expect(open[0]!.priorityReasons).toContainEqual({ rule: 'immediate_danger', priority: 'P1' });
    // The server's order is the shared comparator's, so the console's live re-sort agrees.
    expect([...open].sort(compareQueueOrder).map((c) => c.id)).toEqual(open.map((c) => c.id));

    const mine = await list('mine', operator);
    expect(mine.map((c) => c.id)).toEqual([claimed[1]!.caseId]);
  });
});
