import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { deleteKeys } from '../../test/server.js';
import { eventually } from '../../test/http.js';
import { MAX_STALLED_COUNT, STALLED_JOBS } from './registry.js';

/**
 * Fix 18 of docs/RELIABILITY.md: a job held by a worker that is killed, twice in a row, is
 * taken again and done, not failed for good. Real Redis and BullMQ; the lock is shortened so
 * that a kill is noticed in a second rather than in BullMQ's 30.
 */
describe('a job whose worker is killed while it holds it', () => {
  const redisUrl = inject('redisUrl');
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const connection: ConnectionOptions = { url: redisUrl, maxRetriesPerRequest: null };
  const locks = { lockDuration: 800, stalledInterval: 300 };
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    await deleteKeys(redisUrl, prefix);
  });

  /** A worker that takes the job and dies with it: it never finishes and its lock lapses. */
  async function takeAndDie(queue: Queue): Promise<void> {
    let taken = false;
    const worker = new Worker(
      queue.name,
      () => {
        taken = true;
        return new Promise<never>(() => undefined);
      },
      { connection, prefix, ...STALLED_JOBS, ...locks },
    );
    cleanups.push(() => worker.close(true));
    await eventually(() => taken || undefined);
    await worker.close(true);
  }

  it(`is done after two kills (it may stall ${MAX_STALLED_COUNT} times)`, async () => {
    const queue = new Queue('stalls', { connection, prefix });
    cleanups.push(() => queue.close());
    await queue.add('triage', {}, { jobId: 'triage-1', attempts: 1 });

    await takeAndDie(queue);
    await takeAndDie(queue);

    const survivor = new Worker('stalls', () => Promise.resolve('triaged'), {
      connection,
      prefix,
      ...STALLED_JOBS,
      ...locks,
    });
    cleanups.push(() => survivor.close());
    const state = await eventually(async () => {
      const s = await queue.getJobState('triage-1');
      return s === 'completed' || s === 'failed' ? s : undefined;
    });
    const job = await queue.getJob('triage-1');
    expect(job?.failedReason ?? null).toBeNull();
    expect(state).toBe('completed');
    expect(job?.returnvalue).toBe('triaged');
    // Taken three times: the lock of each killed worker lapsed and the job was stalled twice.
    expect(job?.stalledCounter).toBe(2);
  });
});
