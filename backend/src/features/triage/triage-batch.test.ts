import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Histogram } from 'prom-client';
import { JobName, QueueName, type TCreateReport } from '@hutong/shared';
import { caseEvents, cases, outbox, reports } from '../../db/schema.js';
import { startTestServer, deleteKeys, type TestServer } from '../../../test/server.js';
import { createTestDatabase, TEST_DB_KIND } from '../../../test/db.js';
import { eventually, request } from '../../../test/http.js';
import { buildReport } from '../../../test/factories.js';
import { triageReport } from './commands/triage-report.js';
import { triageReports } from './commands/triage-batch.js';
import { triageJobsHere } from './triage.jobs.js';

/** A report about a child no other report names. */
const lone = (overrides: Partial<TCreateReport> = {}) =>
  buildReport({ children: [{ name: randomUUID(), age: 7 }], ...overrides });

describe(`triage in batches (${TEST_DB_KIND})`, () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    // No relay: reports stay untriaged until a test triages them itself.
    await server.hutong.relay.stop();
  });
  afterAll(() => server.stop());

  async function submit(body: TCreateReport): Promise<string> {
    const res = await request(server.url, '/api/reports', { body });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function casesOf(ids: string[]) {
    const rows = await server.database.db
      .select({ id: reports.id, caseId: reports.caseId })
      .from(reports)
      .where(inArray(reports.id, ids));
    return new Map(rows.map((r) => [r.id, r.caseId]));
  }

  async function openedEvents(caseIds: string[]) {
    return server.database.db.select().from(caseEvents).where(inArray(caseEvents.caseId, caseIds));
  }

  it('opens cases together, links what must be linked, and answers triaged and missing reports', async () => {
    const ctx = server.hutong.ctx;
    // A child with an open case already.
    const known = { name: `已知-${randomUUID()}`, age: 10 };
    const earlier = await submit(buildReport({ children: [known] }));
    const earlierCase = await triageReport(ctx, earlier);
    expect(earlierCase.outcome).toBe('opened');

    const plain = [];
    for (let i = 0; i < 12; i++) plain.push(await submit(lone({ immediateDanger: i === 0 })));
    // Two reports of the batch about the same new child: one case.
    const twin = { name: `新-${randomUUID()}`, age: 6 };
    const twinFirst = await submit(buildReport({ children: [twin], categories: ['bullying'] }));
    const twinSecond = await submit(buildReport({ children: [twin] }));
    const aboutKnown = await submit(buildReport({ children: [known] }));
    const alreadyTriaged = await submit(lone());
    await triageReport(ctx, alreadyTriaged);
    const missing = randomUUID();

    const batch = [twinSecond, ...plain, aboutKnown, missing, alreadyTriaged, twinFirst];
    const results = await triageReports(ctx, batch);

    for (const id of plain) expect(results.get(id)?.result.outcome).toBe('opened');
    const byReport = await casesOf(batch);
    const plainCases = plain.map((id) => byReport.get(id));
    expect(new Set(plainCases).size).toBe(plain.length);
    expect(results.get(plain[0]!)?.result).toMatchObject({ outcome: 'opened', priority: 'P1' });

    // The earlier report of the pair opens the case, the later one is linked to it.
    expect(results.get(twinFirst)?.result.outcome).toBe('opened');
    expect(results.get(twinSecond)?.result.outcome).toBe('linked');
    expect(byReport.get(twinSecond)).toBe(byReport.get(twinFirst));

    expect(results.get(aboutKnown)?.result).toMatchObject({
      outcome: 'linked',
      caseId: (earlierCase as { caseId: string }).caseId,
    });
    expect(results.get(alreadyTriaged)?.result.outcome).toBe('already_triaged');
    expect(results.get(missing)?.result).toEqual({ outcome: 'missing' });

    // Each new case: one case_opened event, with its DIRECT broadcast row.
    const events = await openedEvents(plainCases as string[]);
    expect(events.filter((e) => e.type === 'case_opened')).toHaveLength(plain.length);
    const rows = await server.database.db.select().from(outbox).where(eq(outbox.topic, 'realtime'));
    const broadcastOf = new Set(rows.map((r) => Number(r.payload.eventId)));
    for (const e of events) expect(broadcastOf.has(e.id)).toBe(true);
    // The report as triage read it, linked.
    expect(results.get(plain[1]!)?.report).toMatchObject({
      id: plain[1],
      caseId: byReport.get(plain[1]!),
    });

    // Again: every report already on its case, nothing new written.
    const again = await triageReports(
      ctx,
      batch.filter((id) => id !== missing),
    );
    for (const [, t] of again) expect(t.result.outcome).toBe('already_triaged');
    expect(await openedEvents(plainCases as string[])).toHaveLength(events.length);
  });

  it('scores a report again when it changed after the batch read it (the row-version gate)', async () => {
    const ctx = server.hutong.ctx;
    const changed = await submit(lone());
    const other = await submit(lone());
    // The batch reads both; before it writes, the first changes (as an SMS adding to it does):
    // the child is now in immediate danger. On PGlite the change lands between the batch's read
    // and its write every time (one connection, statements in the order they were sent).
    const triaging = triageReports(ctx, [changed, other]);
    await server.database.db
      .update(reports)
      .set({ immediateDanger: true })
      .where(eq(reports.id, changed));
    const results = await triaging;
    expect(results.get(changed)?.result).toMatchObject({ outcome: 'opened', priority: 'P1' });
    expect(results.get(other)?.result.outcome).toBe('opened');
    const [row] = await server.database.db
      .select({ priority: cases.priority })
      .from(cases)
      .innerJoin(reports, eq(reports.caseId, cases.id))
      .where(eq(reports.id, changed));
    expect(row?.priority).toBe('P1');
  });

  it('triages in the accepting process at most HUTONG_TRIAGE_CONCURRENCY reports at once, triage jobs only', async () => {
    const ctx = server.hutong.ctx;
    const here = triageJobsHere({ ...ctx, config: { ...ctx.config, triageConcurrency: 1 } });
    const job = (reportId: string) => ({
      queue: QueueName.intake,
      name: JobName.triageReport,
      data: { reportId },
      jobId: `triage-${reportId}`,
    });
    const [first, second] = [await submit(lone()), await submit(lone())];
    const running = here(job(first));
    expect(running).not.toBeNull();
    // One held already: the next goes to BullMQ.
    expect(here(job(second))).toBeNull();
    expect(await running).toBe('opened');
    expect(await here(job(second))).toBe('opened');
    // Any other job is BullMQ's.
    expect(
      here({
        queue: QueueName.sla,
        name: JobName.untriagedSweep,
        data: {},
        jobId: 'sweep',
      }),
    ).toBeNull();
  });

  it('writes one case per report when batches and single runs race over the same reports', async () => {
    const ctx = server.hutong.ctx;
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push(await submit(lone()));
    await Promise.all([
      triageReports(ctx, ids),
      triageReports(ctx, [...ids].reverse()),
      triageReports(ctx, ids.slice(10, 20)),
      ...ids.slice(0, 5).map((id) => triageReport(ctx, id)),
    ]);
    const byReport = await casesOf(ids);
    const caseIds = [...byReport.values()];
    expect(caseIds.every(Boolean)).toBe(true);
    expect(new Set(caseIds).size).toBe(ids.length);
    const opened = (await openedEvents(caseIds as string[])).filter(
      (e) => e.type === 'case_opened',
    );
    expect(opened).toHaveLength(ids.length);
    const rows = await server.database.db
      .select({ id: cases.id, version: cases.version })
      .from(cases)
      .where(inArray(cases.id, caseIds as string[]));
    expect(rows.every((r) => r.version === 1)).toBe(true);
  });
});

describe(`the triage worker batches what piled up (${TEST_DB_KIND})`, () => {
  it('triages a backlog in fewer batches than reports, every report once', async () => {
    const database = await createTestDatabase();
    const first = await startTestServer({ database });
    try {
      // Reports accepted while nothing relays them: a backlog for the next process.
      await first.hutong.relay.stop();
      const ids: string[] = [];
      for (let i = 0; i < 40; i++) {
        const res = await request(first.url, '/api/reports', { body: lone() });
        expect(res.status).toBe(201);
        ids.push(res.body.id as string);
      }
      await first.stop({ keepDatabase: true });

      const second = await startTestServer({ database, prefix: first.prefix });
      try {
        await eventually(async () => {
          const rows = await database.db
            .select({ caseId: reports.caseId })
            .from(reports)
            .where(inArray(reports.id, ids));
          return rows.every((r) => r.caseId) ? true : undefined;
        });
        const histogram = second.hutong.ctx.metrics.registry.getSingleMetric(
          'hutong_triage_batch_reports',
        ) as Histogram;
        const { values } = await histogram.get();
        const count = values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;
        const sum = values.find((v) => v.metricName?.endsWith('_sum'))?.value ?? 0;
        expect(sum).toBe(ids.length);
        expect(count).toBeLessThan(ids.length / 2);
        const opened = await database.db
          .select({ caseId: caseEvents.caseId })
          .from(caseEvents)
          .innerJoin(reports, eq(reports.caseId, caseEvents.caseId))
          .where(and(inArray(reports.id, ids), eq(caseEvents.type, 'case_opened')));
        expect(opened).toHaveLength(ids.length);
      } finally {
        await second.stop({ keepDatabase: true });
      }
    } finally {
      await database.close();
      await deleteKeys(first.redisUrl, first.prefix);
    }
  });
});
