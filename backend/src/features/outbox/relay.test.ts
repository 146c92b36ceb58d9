import { afterEach, describe, expect, it } from 'vitest';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { caseEvents, cases, outbox, reports } from '../../db/schema.js';
import { startTestServer, deleteKeys, type TestServer } from '../../../test/server.js';
import { createTestDatabase, TEST_DB_KIND } from '../../../test/db.js';
import { eventually, request } from '../../../test/http.js';
import { buildReport } from '../../../test/factories.js';
import { connectSocket, connected } from '../../../test/socket.js';
import type { Database } from '../../db/client.js';
import { triageReport } from '../triage/commands/triage-report.js';
import { sweepClaimDeadlines } from '../cases/cases.jobs.js';
import { DIRECT, type OutboxJob } from './outbox.js';
import { JobName, QueueName } from '@hutong/shared';
import { OutboxRelay } from './relay.js';
import { createLogger } from '../../lib/logger.js';
import type { CaseBroadcast } from '../../realtime/broadcast.js';

describe(`outbox relay (${TEST_DB_KIND})`, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function caseOf(db: Database['db'], reportId: string) {
    return eventually(async () => {
      const [row] = await db
        .select({ caseId: reports.caseId })
        .from(reports)
        .where(eq(reports.id, reportId));
      return row?.caseId ?? undefined;
    });
  }

  it('loses nothing when the process dies between commit and enqueue', async () => {
    const database = await createTestDatabase();
    let redis = { url: '', prefix: '' };
    cleanups.push(async () => {
      await database.close();
      await deleteKeys(redis.url, redis.prefix);
    });

    const first: TestServer = await startTestServer({ database });
    redis = { url: first.redisUrl, prefix: first.prefix };
    // The relay is gone (as if the process died right after the commit), so nothing is enqueued.
    await first.hutong.relay.stop();
    const res = await request(first.url, '/api/reports', { body: buildReport() });
    expect(res.status).toBe(201);
    await first.stop({ keepDatabase: true });

    const pending = await database.db
      .select()
      .from(outbox)
      .where(and(isNull(outbox.publishedAt), eq(outbox.topic, 'job')));
    expect(pending.map((r) => r.payload.jobId)).toContain(`triage-${res.body.id}`);
    const [untriaged] = await database.db.select().from(reports).where(eq(reports.id, res.body.id));
    expect(untriaged?.caseId).toBeNull();

    // A new process on the same data picks the row up on its first pass.
    const second = await startTestServer({ database, prefix: first.prefix });
    cleanups.push(() => second.stop({ keepDatabase: true }));
    const caseId = await caseOf(database.db, res.body.id);
    expect(caseId).toBeTruthy();
  });

  it('publishes a row twice without a second job, case or event', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.stop());
    const res = await request(server.url, '/api/reports', { body: buildReport() });
    const caseId = await caseOf(server.database.db, res.body.id);
    await server.hutong.relay.drain();

    // As if the relay crashed after adding the jobs but before marking the rows.
    await server.database.db
      .update(outbox)
      .set({ publishedAt: null })
      .where(sql`true`);
    await server.hutong.relay.drain();
    const [{ pending }] = (await server.database.db
      .select({ pending: sql<number>`count(*)::int` })
      .from(outbox)
      .where(isNull(outbox.publishedAt))) as [{ pending: number }];
    expect(pending).toBe(0);
    const job = await server.hutong.queues.byName.intake.getJob(`triage-${res.body.id}`);
    expect(job?.attemptsMade ?? 0).toBeLessThanOrEqual(1);
    const events = await server.database.db
      .select()
      .from(caseEvents)
      .where(eq(caseEvents.caseId, caseId));
    expect(events.filter((e) => e.type === 'case_opened')).toHaveLength(1);
    const counts = await server.hutong.queues.byName.intake.getJobCounts(
      'completed',
      'waiting',
      'active',
    );
    expect((counts.completed ?? 0) + (counts.waiting ?? 0) + (counts.active ?? 0)).toBe(1);
  });

  it('sends a new case once, straight from triage, and marks its outbox rows published', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.stop());
    const socket = connectSocket(server.url, await server.login('operator'));
    cleanups.push(() => {
      socket.disconnect();
      return Promise.resolve();
    });
    await connected(socket);
    const res = await request(server.url, '/api/reports', { body: buildReport() });
    const { reference } = res.body as { reference: string };
    await eventually(() => socket.received.find((e) => e.case.reference === reference));
    // Waits for the direct publications to be marked, then publishes anything still unmarked.
    await server.hutong.relay.drain();

    const caseId = await caseOf(server.database.db, res.body.id);
    const events = await server.database.db
      .select({ id: caseEvents.id })
      .from(caseEvents)
      .where(eq(caseEvents.caseId, caseId));
    const rows = await server.database.db
      .select()
      .from(outbox)
      .where(
        sql`${outbox.payload} ->> 'jobId' = ${`triage-${res.body.id}`}
          or ${outbox.payload} ->> 'eventId' = ${String(events[0]!.id)}
          or ${outbox.payload} -> 'data' ->> 'caseId' = ${caseId}`,
      );
    // The triage job and the broadcast: each published exactly once. (No claim timer: the claim
    // sweep reads the deadline from the case.)
    expect(rows.map((r) => r.topic).sort()).toEqual(['job', 'realtime']);
    for (const row of rows) {
      expect(row.payload[DIRECT]).toBe(true);
      expect(row.publishedAt).not.toBeNull();
      expect(row.attempts).toBe(1);
    }

    // Events reach one socket in order: once a later report has arrived, a duplicate would have.
    const next = await request(server.url, '/api/reports', {
      body: buildReport({ children: [{ age: 4 }] }),
    });
    await eventually(() => socket.received.find((e) => e.case.reference === next.body.reference));
    expect(socket.received.filter((e) => e.case.reference === reference)).toHaveLength(1);
  });

  it('triages a report in the process that accepted it: no BullMQ job, its row marked once triaged', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.stop());
    const res = await request(server.url, '/api/reports', { body: buildReport() });
    expect(res.status).toBe(201);
    await caseOf(server.database.db, res.body.id);
    await server.hutong.relay.drain();
    const jobId = `triage-${res.body.id}`;
    const [row] = await server.database.db
      .select()
      .from(outbox)
      .where(sql`${outbox.payload} ->> 'jobId' = ${jobId}`);
    expect(row!.publishedAt).not.toBeNull();
    expect(row!.attempts).toBe(1);
    expect(await server.hutong.queues.byName.intake.getJob(jobId)).toBeUndefined();
  });

  it('sends a job to BullMQ when this process will not run it, or running it here failed', async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.close());
    const jobFor = (reportId: string): OutboxJob => ({
      queue: QueueName.intake,
      name: JobName.triageReport,
      data: { reportId },
      jobId: `triage-${reportId}`,
    });
    const ran = jobFor('ran-here');
    const failed = jobFor('failed-here');
    const refused = jobFor('refused-here');
    const rows = await database.db
      .insert(outbox)
      .values(
        [ran, failed, refused].map((job) => ({
          topic: 'job',
          payload: { ...job, [DIRECT]: true },
        })),
      )
      .returning({ id: outbox.id });
    const queued: OutboxJob[] = [];
    const relay = new OutboxRelay(database.db, createLogger('silent'), {
      job: (jobs) => {
        queued.push(...jobs);
        return Promise.resolve();
      },
      runHere: (job) =>
        job === ran
          ? Promise.resolve()
          : job === failed
            ? Promise.reject(new Error('database unavailable'))
            : null,
    });
    [ran, failed, refused].forEach((job, i) =>
      relay.publishCommitted({ outboxIds: [rows[i]!.id], jobs: [job], broadcasts: [] }),
    );
    // What was handed over settles, with no relay pass after it (which would publish any row
    // left unmarked, hiding a job the fast path dropped).
    await relay.stop();
    expect(queued.map((j) => j.jobId).sort()).toEqual([failed.jobId, refused.jobId].sort());
    const marked = await database.db
      .select()
      .from(outbox)
      .where(
        inArray(
          outbox.id,
          rows.map((r) => r.id),
        ),
      );
    for (const row of marked) {
      expect(row.publishedAt).not.toBeNull();
      expect(row.attempts).toBe(1);
    }
  });

  it('drains only once the marks its timer started have committed', async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.close());
    const [row] = await database.db
      .insert(outbox)
      .values({ topic: 'realtime', payload: { eventId: 1, [DIRECT]: true } })
      .returning({ id: outbox.id });
    const relay = new OutboxRelay(database.db, createLogger('silent'), {
      broadcast: () => undefined,
      realtime: () => Promise.resolve(),
    });
    const broadcast = { name: 'case.updated', caseId: 'c', payload: {} } as CaseBroadcast;
    let drained = false;
    let drainedWhileLocked = false;
    await database.db.transaction(async (tx) => {
      // Another transaction holds the row, so the mark the timer starts waits on it.
      await tx.execute(sql`select id from outbox where id = ${row!.id} for update`);
      relay.publishCommitted({ outboxIds: [row!.id], jobs: [], broadcasts: [broadcast] });
      await new Promise((r) => setTimeout(r, 100));
      void relay.drain().then(() => (drained = true));
      await new Promise((r) => setTimeout(r, 200));
      drainedWhileLocked = drained;
    });
    await eventually(() => drained || undefined);
    expect(drainedWhileLocked).toBe(false);
    const [marked] = await database.db.select().from(outbox).where(eq(outbox.id, row!.id));
    expect(marked!.publishedAt).not.toBeNull();
    expect(marked!.attempts).toBe(1);
  });

  it("publishes a new case's rows when its process died between triage and publishing", async () => {
    const database = await createTestDatabase();
    let redis = { url: '', prefix: '' };
    cleanups.push(async () => {
      await database.close();
      await deleteKeys(redis.url, redis.prefix);
    });
    const first = await startTestServer({ database });
    redis = { url: first.redisUrl, prefix: first.prefix };
    await first.hutong.relay.stop();
    const res = await request(first.url, '/api/reports', { body: buildReport() });
    // Triage commits, then the process "dies": its relay is stopped, so nothing is published.
    const triaged = await triageReport(first.hutong.ctx, res.body.id);
    expect(triaged.outcome).toBe('opened');
    const caseId = triaged.outcome === 'opened' ? triaged.caseId : '';
    await first.stop({ keepDatabase: true });

    const pending = await database.db
      .select()
      .from(outbox)
      .where(and(isNull(outbox.publishedAt), sql`${outbox.payload} ->> ${DIRECT} is not null`));
    expect(pending.filter((r) => r.topic === 'realtime')).toHaveLength(1);

    // The next process's relay publishes them: the broadcast is marked and the timer queued.
    const second = await startTestServer({ database, prefix: first.prefix });
    cleanups.push(() => second.stop({ keepDatabase: true }));
    await eventually(async () => {
      const rows = await database.db
        .select({ publishedAt: outbox.publishedAt })
        .from(outbox)
        .where(
          inArray(
            outbox.id,
            pending.map((r) => r.id),
          ),
        );
      return rows.every((r) => r.publishedAt !== null);
    });
    // The claim deadline lives on the case, not in a timer the dead process held: the next
    // process's claim sweep marks it once it has passed.
    const [opened] = await database.db.select().from(cases).where(eq(cases.id, caseId));
    const deadline = opened!.claimDeadline!;
    const after = new Date(deadline.getTime() + 1);
    expect(await sweepClaimDeadlines(second.hutong.ctx, after)).toBe(1);
    expect(await sweepClaimDeadlines(second.hutong.ctx, after)).toBe(0);
    const overdue = await database.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.type, 'claim_overdue')));
    expect(overdue.map((e) => e.data)).toEqual([{ deadline: deadline.toISOString() }]);
  });
});
