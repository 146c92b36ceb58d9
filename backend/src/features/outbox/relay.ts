import { and, asc, inArray, isNull, sql } from 'drizzle-orm';
import type { OutboxTopic } from '@hutong/shared';
import type { Db, Executor } from '../../db/client.js';
import { outbox } from '../../db/schema.js';
import type { Logger } from '../../lib/logger.js';
import type { CaseBroadcast } from '../../realtime/broadcast.js';
import type { OrgReportBroadcast } from '../org-reports/org-report-events.js';
import { DIRECT, type OutboxJob } from './outbox.js';

/**
 * Publishers get the relay's transaction: on PGlite (one connection) a query through the plain
 * database handle would wait for that transaction forever.
 */
export interface RelayPublishers {
  job?: (jobs: OutboxJob[]) => Promise<void>;
  realtime?: (eventIds: number[], exec: Executor) => Promise<void>;
  /** Case events their command already turned into payloads (see publishCommitted). */
  broadcast?: (broadcasts: CaseBroadcast[], orgReports?: readonly OrgReportBroadcast[]) => void;
  /**
   * Resolves once what was broadcast so far has reached Redis, where the other nodes read it.
   * A Socket.IO emit only queues it: marked published before then, a row whose process was
   * killed (or whose Redis was down) was never delivered, nor replayed (found by `npm run chaos`).
   */
  broadcastsFlushed?: () => Promise<unknown>;
  /**
   * Jobs this process runs itself, right after their commit, instead of through BullMQ (triage,
   * where this process runs the workers: see triageJobsHere). Answers the run, or null to leave
   * the job to BullMQ (not a job it runs, or it holds as many as it may).
   */
  runHere?: (job: OutboxJob) => Promise<unknown> | null;
}

/**
 * What a command committed with DIRECT outbox rows and hands over to be published at once,
 * from memory: the jobs and broadcasts those rows stand for, and the rows' ids.
 */
export interface Committed {
  outboxIds: number[];
  jobs: OutboxJob[];
  broadcasts: CaseBroadcast[];
  /** "Our reports" rows to send with them (a new case's report filed for an organisation). */
  orgReports?: OrgReportBroadcast[];
}

const BATCH = 200;
/**
 * How long relays leave a DIRECT row to the process that committed it. Past it, the row counts
 * as lost (the process died between commit and publish) and any relay publishes it; a late
 * original is then a duplicate, which consumers tolerate (jobs have deterministic ids, clients
 * drop seqs they have).
 */
const DIRECT_GRACE_MS = 3000;
/** Direct publications are marked in batches, at most this long after they went out. */
const MARK_DELAY_MS = 20;

/**
 * Moves committed outbox rows to BullMQ and Socket.IO. Rows are claimed with SKIP LOCKED so
 * several processes can relay at once, published, then marked in the same transaction: a crash
 * anywhere leaves the row unpublished and it is sent again (consumers are idempotent, and jobs
 * carry deterministic ids). Commands kick the relay after commit; the poll is the safety net.
 */
export class OutboxRelay {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly topics: OutboxTopic[];
  /** The first pass after start also takes DIRECT rows: any left over are from a dead process. */
  private recovered = false;
  /**
   * Direct publications and marks under way (drain and stop wait for them: a row still being
   * marked is locked, and a relay pass skips it), and ids published directly but not yet marked.
   */
  private readonly inFlight = new Set<Promise<void>>();
  private toMark: number[] = [];
  private jobBatch: Committed[] = [];
  private markTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly publishers: RelayPublishers,
    private readonly pollMs = 1000,
  ) {
    this.topics = (['job', 'realtime'] as const satisfies readonly OutboxTopic[]).filter(
      (t) => publishers[t],
    );
  }

  start(): void {
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      this.kick();
      this.timer = setTimeout(tick, this.pollMs);
      this.timer.unref();
    };
    tick();
  }

  /**
   * Publishes pending rows now; overlapping kicks coalesce into one more pass. With `committed`,
   * publishes just what that command wrote, from memory, without a pass (see publishCommitted).
   */
  kick(committed?: Committed): void {
    if (committed) {
      this.publishCommitted(committed);
      return;
    }
    if (this.stopped || this.topics.length === 0) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        this.kick();
      }
    });
  }

  /**
   * The fast path of a command that committed DIRECT outbox rows: its broadcasts go out now and
   * its jobs are added now, from what it has in memory, instead of a relay pass re-reading the
   * rows (and, for broadcasts, the events and cases) from the database. The rows are then marked
   * published, in batches. The outbox still guarantees delivery: until marked, a row is left
   * alone for DIRECT_GRACE_MS, then published by whichever relay runs next, so a process dying
   * between commit and mark loses nothing.
   */
  publishCommitted(committed: Committed): void {
    const { broadcast, job } = this.publishers;
    // Stopped (shutting down, or a test standing in for a dead process): leave it to the relay.
    if (this.stopped) return;
    if (committed.broadcasts.length > 0 && !broadcast) return;
    if (committed.jobs.length > 0 && !job) return;
    if (committed.broadcasts.length > 0) {
      try {
        broadcast!(committed.broadcasts, committed.orgReports);
      } catch (err) {
        // Left unmarked: a relay publishes the rows after the grace period.
        this.log.warn({ err }, 'direct broadcast failed; a relay will retry');
        return;
      }
    }
    if (committed.jobs.length === 0) {
      this.markWhenFlushed(committed.outboxIds);
      return;
    }
    if (!this.runHere(committed)) this.queueJobs(committed);
  }

  /**
   * Runs a commit's jobs in this process when runHere takes every one of them, and marks their
   * rows once they have run. One it refuses, or one that fails, sends them all to BullMQ (a job
   * that ran twice is a no-op: triage is idempotent per report). Until marked, a row is the
   * safety net as for any DIRECT row: a process dying meanwhile leaves it to a relay after the
   * grace period, whose job a worker then runs. False when the jobs go to BullMQ now.
   */
  private runHere(committed: Committed): boolean {
    const runHere = this.publishers.runHere;
    if (!runHere) return false;
    const runs: Promise<unknown>[] = [];
    for (const job of committed.jobs) {
      const run = runHere(job);
      if (run === null) {
        // BullMQ runs them all; those already started here finish as duplicates.
        for (const started of runs) started.catch(() => undefined);
        return false;
      }
      runs.push(run);
    }
    this.track(
      Promise.all(runs).then(
        () =>
          committed.broadcasts.length > 0
            ? this.markWhenFlushed(committed.outboxIds)
            : this.mark(committed.outboxIds),
        (err: unknown) => {
          this.log.warn({ err }, 'a job run in this process failed; it goes to the queue');
          this.queueJobs(committed);
        },
      ),
    );
    return true;
  }

  /** Jobs committed in the same turn of the event loop go to BullMQ in one addBulk. */
  private queueJobs(committed: Committed): void {
    this.jobBatch.push(committed);
    if (this.jobBatch.length > 1) return;
    this.track(new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.addJobs()));
  }

  private async addJobs(): Promise<void> {
    const batch = this.jobBatch;
    this.jobBatch = [];
    try {
      await this.publishers.job!(batch.flatMap((c) => c.jobs));
      if (batch.some((c) => c.broadcasts.length > 0)) await this.publishers.broadcastsFlushed?.();
      this.mark(batch.flatMap((c) => c.outboxIds));
    } catch (err) {
      this.log.warn({ err }, 'direct outbox publish failed; a relay will retry');
    }
  }

  /** Marks direct broadcasts once they have reached Redis (see broadcastsFlushed). */
  private markWhenFlushed(ids: number[]): void {
    const flushed = this.publishers.broadcastsFlushed;
    if (!flushed) {
      this.mark(ids);
      return;
    }
    this.track(
      flushed().then(
        () => this.mark(ids),
        (err: unknown) =>
          this.log.warn({ err }, 'direct broadcast not confirmed; a relay will retry'),
      ),
    );
  }

  /** Resolves once nothing is pending (tests and shutdown use it), DIRECT rows included. */
  async drain(): Promise<void> {
    await this.settleDirect();
    while (this.running) await this.running;
    await this.loop(true);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.settleDirect();
    await this.running;
  }

  /**
   * Waits for direct publications under way and marks what they published, including marks the
   * timer started: a relay pass skips the rows such a mark has locked, so returning before it
   * commits left them unpublished to a reader (found by CI on the PostgreSQL server).
   */
  private async settleDirect(): Promise<void> {
    while (this.inFlight.size > 0 || this.toMark.length > 0) {
      await Promise.all([...this.inFlight]);
      this.flushMarks();
    }
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private mark(ids: number[]): void {
    this.toMark.push(...ids);
    if (!this.markTimer) {
      this.markTimer = setTimeout(() => this.flushMarks(), MARK_DELAY_MS);
      this.markTimer.unref();
    }
  }

  private flushMarks(): void {
    if (this.markTimer) clearTimeout(this.markTimer);
    this.markTimer = null;
    const ids = this.toMark;
    this.toMark = [];
    if (ids.length > 0) this.track(this.markPublished(ids));
  }

  private async markPublished(ids: number[]): Promise<void> {
    try {
      await this.db
        .update(outbox)
        .set({ publishedAt: sql`now()`, attempts: sql`${outbox.attempts} + 1` })
        .where(and(inArray(outbox.id, ids), isNull(outbox.publishedAt)));
    } catch (err) {
      // Unmarked rows are published again by a relay after the grace period: duplicates, no loss.
      this.log.warn({ err }, 'marking direct outbox rows failed; a relay will publish them again');
    }
  }

  private async loop(includeDirect = false): Promise<void> {
    const all = includeDirect || !this.recovered;
    try {
      while ((await this.publishBatch(all)) === BATCH) {
        // A full batch: there may be more.
      }
      this.recovered = true;
    } catch (err) {
      this.log.warn({ err }, 'outbox relay pass failed; will retry');
    }
  }

  private async publishBatch(includeDirect: boolean): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows = await tx
        .select({ id: outbox.id, topic: outbox.topic, payload: outbox.payload })
        .from(outbox)
        .where(
          and(
            isNull(outbox.publishedAt),
            inArray(outbox.topic, this.topics),
            includeDirect
              ? undefined
              : sql`(${outbox.payload} ->> ${DIRECT} is null or ${outbox.createdAt} < now() - make_interval(secs => ${DIRECT_GRACE_MS / 1000}))`,
          ),
        )
        .orderBy(asc(outbox.id))
        .limit(BATCH)
        .for('update', { skipLocked: true });
      if (rows.length === 0) return 0;
      const jobs = rows
        .filter((r) => r.topic === 'job')
        .map((r) => r.payload as unknown as OutboxJob);
      const events = rows
        .filter((r) => r.topic === 'realtime')
        .map((r) => Number(r.payload.eventId));
      if (jobs.length > 0) await this.publishers.job?.(jobs);
      if (events.length > 0) {
        await this.publishers.realtime?.(events, tx);
        await this.publishers.broadcastsFlushed?.();
      }
      await tx
        .update(outbox)
        .set({ publishedAt: sql`now()`, attempts: sql`${outbox.attempts} + 1` })
        .where(
          inArray(
            outbox.id,
            rows.map((r) => r.id),
          ),
        );
      return rows.length;
    });
  }
}
