import type { JOBS, JobName, JobPayload } from '@hutong/shared';
import type { Executor } from '../../db/client.js';
import { outbox } from '../../db/schema.js';

/** A BullMQ job to add once the transaction that wrote it has committed, typed by shared's JOBS. */
export type OutboxJob = {
  [N in JobName]: {
    queue: (typeof JOBS)[N]['queue'];
    name: N;
    data: JobPayload<N>;
    /** Deterministic, so a second relay of the same row is a no-op. No ':' (BullMQ refuses it). */
    jobId: string;
    /** For delayed jobs (SLA timers): when the job should run, as an ISO timestamp. */
    runAt?: string;
  };
}[JobName];

/**
 * Marks an outbox payload as published by its own command right after commit (see
 * `OutboxRelay.publishCommitted`): relays leave such a row alone for a grace period and only
 * then treat it as lost and publish it themselves.
 */
export const DIRECT = 'direct';

/** Records a job in the caller's transaction; the relay adds it to BullMQ after commit. */
export async function outboxJob(exec: Executor, job: OutboxJob): Promise<void> {
  await exec.insert(outbox).values({ topic: 'job', payload: { ...job } });
}

/** Records that a case event must be broadcast; the relay does it after commit. */
export async function outboxBroadcast(exec: Executor, eventIds: number[]): Promise<void> {
  if (eventIds.length === 0) return;
  await exec
    .insert(outbox)
    .values(eventIds.map((eventId) => ({ topic: 'realtime', payload: { eventId } })));
}
