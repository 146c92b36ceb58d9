import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { outbox, reports } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { TEST_DB_KIND } from '../../../test/db.js';
import { eventually, request } from '../../../test/http.js';
import { buildReport } from '../../../test/factories.js';
import { connectSocket, connected, type TestSocket } from '../../../test/socket.js';
import { sweepUntriaged, UNTRIAGED_AFTER_SECONDS } from './triage.jobs.js';

describe(`the untriaged sweep (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let socket: TestSocket;

  beforeAll(async () => {
    server = await startTestServer();
    socket = connectSocket(server.url, await server.login('operator'));
    await connected(socket);
  });
  afterAll(async () => {
    socket.disconnect();
    await server.stop();
  });

  /** A report accepted (201) whose triage job was handed to Redis and then lost. */
  async function reportWithLostJob(): Promise<{ id: string; reference: string }> {
    await server.hutong.relay.stop();
    const res = await request(server.url, '/api/reports', { body: buildReport() });
    expect(res.status).toBe(201);
    const { id, reference } = res.body as { id: string; reference: string };
    await server.database.db
      .update(outbox)
      .set({ publishedAt: sql`now()` })
      .where(sql`${outbox.payload} ->> 'jobId' = ${`triage-${id}`}`);
    server.hutong.relay.start();
    return { id, reference };
  }

  const later = (seconds: number) => new Date(Date.now() + seconds * 1000);

  it('triages a report a minute late, once, and the operators see its case live', async () => {
    const { id, reference } = await reportWithLostJob();
    const before = await server.hutong.queues.byName.intake.getJob(`triage-${id}`);
    expect(before).toBeUndefined();

    // Not yet late: left to its job.
    expect(await sweepUntriaged(server.hutong.ctx)).toBe(0);
    expect(await sweepUntriaged(server.hutong.ctx, later(UNTRIAGED_AFTER_SECONDS - 5))).toBe(0);

    expect(await sweepUntriaged(server.hutong.ctx, later(UNTRIAGED_AFTER_SECONDS + 1))).toBe(1);
    const [row] = await server.database.db.select().from(reports).where(eq(reports.id, id));
    expect(row!.caseId).not.toBeNull();
    expect(row!.triagedAt).not.toBeNull();
    const created = await eventually(() =>
      socket.received.find((e) => e.case.reference === reference),
    );
    expect(created.case.id).toBe(row!.caseId);

    // Triaged: the next sweep has nothing to do.
    expect(await sweepUntriaged(server.hutong.ctx, later(UNTRIAGED_AFTER_SECONDS + 1))).toBe(0);
    expect(socket.received.filter((e) => e.case.reference === reference)).toHaveLength(1);
  });

  it('is scheduled on the workers, every 15 s', async () => {
    const scheduler = await server.hutong.queues.byName.sla.getJobScheduler('sla-untriaged-sweep');
    expect(scheduler?.every).toBe(15_000);
  });

  it('leaves a report triaged by its job alone', async () => {
    const res = await request(server.url, '/api/reports', { body: buildReport() });
    const id = (res.body as { id: string }).id;
    await eventually(async () => {
      const [row] = await server.database.db.select().from(reports).where(eq(reports.id, id));
      return row?.triagedAt ?? undefined;
    });
    expect(await sweepUntriaged(server.hutong.ctx, later(UNTRIAGED_AFTER_SECONDS + 1))).toBe(0);
  });
});
