import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import type { TCreateReport } from '@hutong/shared';
import { caseEvents, cases, reports } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { eventually, request } from '../../../test/http.js';
import { buildReport } from '../../../test/factories.js';
import { TEST_DB_KIND } from '../../../test/db.js';

describe(`triage worker (${TEST_DB_KIND})`, () => {
  let server: TestServer;

  beforeAll(async () => {
    // Time runs 1000× faster: a P1's 60 s claim window is 60 ms.
    server = await startTestServer({ env: { HUTONG_TIME_SCALE: '0.001' } });
  });
  afterAll(() => server.stop());

  /** Submits a report and waits for the worker to put it on a case. */
  async function submit(body: TCreateReport) {
    const res = await request(server.url, '/api/reports', { body });
    expect(res.status).toBe(201);
    const caseId = await eventually(async () => {
      const [row] = await server.database.db
        .select({ caseId: reports.caseId })
        .from(reports)
        .where(eq(reports.id, res.body.id));
      return row?.caseId ?? undefined;
    });
    const [c] = await server.database.db.select().from(cases).where(eq(cases.id, caseId));
    return { report: res.body as { id: string; reference: string }, case: c! };
  }

  it('opens a P1 case for immediate danger, with the reason and a 60-second claim deadline', async () => {
    const { report, case: c } = await submit(
      buildReport({ immediateDanger: true, categories: ['bullying'] }),
    );
    expect(c.priority).toBe('P1');
    expect(c.reference).toBe(report.reference);
    expect(c.priorityReasons[0]).toEqual({ rule: 'immediate_danger', priority: 'P1' });
    expect(c.priorityReasons).toContainEqual({
      rule: 'category',
      category: 'bullying',
      priority: 'P3',
    });
    // 60 s × 0.001 = 60 ms after the report was received.
    expect(c.claimDeadline!.getTime() - c.createdAt.getTime()).toBe(60);
    const events = await server.database.db
      .select()
      .from(caseEvents)
      .where(eq(caseEvents.caseId, c.id))
      .orderBy(asc(caseEvents.id));
    expect(events[0]?.type).toBe('case_opened');
  });

  it.each([
    { categories: ['violence_injury'], age: 6, expected: 'P2' },
    { categories: ['bullying', 'online_harm'], age: 6, expected: 'P3' },
    { categories: ['information_request'], age: 6, expected: 'P4' },
    { categories: ['abandonment_or_no_care'], age: 2, expected: 'P1' },
    { categories: ['abandonment_or_no_care'], age: 5, expected: 'P2' },
  ] as const)(
    'scores $categories for a child of $age as $expected',
    async ({ categories, age, expected }) => {
      const { case: c } = await submit(
        buildReport({
          categories: [...categories],
          children: [{ name: crypto.randomUUID(), age }],
        }),
      );
      expect(c.priority).toBe(expected);
    },
  );

  it('links a second report about the same child in the same county to the open case', async () => {
    const child = { name: '林 小雨', sex: 'female' as const, age: 8 };
    const first = await submit(
      buildReport({
        children: [child],
        categories: ['bullying'],
        location: { regionCode: '440106001001' },
      }),
    );
    // Same county (天河区), another community, name written without the space: same child.
    const second = await submit(
      buildReport({
        children: [{ name: '林小雨', age: 8 }],
        categories: ['violence_injury'],
        location: { regionCode: '440106002001' },
      }),
    );
    expect(second.case.id).toBe(first.case.id);
    expect(second.case.priority).toBe('P2');
    expect(second.case.categories.sort()).toEqual(['bullying', 'violence_injury']);
    const events = await server.database.db
      .select()
      .from(caseEvents)
      .where(eq(caseEvents.caseId, first.case.id));
    expect(events.map((e) => e.type)).toContain('report_linked');
  });

  it('does not link the same name and age in another county, or another age', async () => {
    const child = { name: '周小北', age: 10 };
    const base = await submit(
      buildReport({ children: [child], location: { regionCode: '440106001001' } }),
    );
    const otherCounty = await submit(
      buildReport({ children: [child], location: { regionCode: '440117101201' } }),
    );
    const otherAge = await submit(
      buildReport({ children: [{ ...child, age: 11 }], location: { regionCode: '440106001001' } }),
    );
    expect(otherCounty.case.id).not.toBe(base.case.id);
    expect(otherAge.case.id).not.toBe(base.case.id);
  });

  it('marks an unclaimed case overdue when its claim deadline passes', async () => {
    const { case: c } = await submit(buildReport({ immediateDanger: true }));
    const overdue = await eventually(async () => {
      const events = await server.database.db
        .select()
        .from(caseEvents)
        .where(eq(caseEvents.caseId, c.id));
      return events.find((e) => e.type === 'claim_overdue');
    });
    expect(overdue.data).toEqual({ deadline: c.claimDeadline!.toISOString() });
  });

  it('runs the same triage twice without a second case or event', async () => {
    const { report, case: c } = await submit(buildReport());
    const { triageReport } = await import('./commands/triage-report.js');
    const again = await triageReport(server.hutong.ctx, report.id);
    expect(again).toEqual({ outcome: 'already_triaged', caseId: c.id });
    const events = await server.database.db
      .select()
      .from(caseEvents)
      .where(eq(caseEvents.caseId, c.id));
    expect(events.filter((e) => e.type === 'case_opened')).toHaveLength(1);
  });
});
