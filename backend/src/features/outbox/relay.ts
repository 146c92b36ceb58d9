import { and, asc, inArray, isNull, sql } from 'drizzle-orm';
import type { OutboxTopic } from '@hutong/shared';
import type { Db, Executor } from '../../db/client.js';
import { outbox } from '../../db/schema.js';
import type { Logger } from '../../lib/logger.js';
import type { OutboxJob } from './outbox.js';

/**
 * Publishers get the relay's transaction: on PGlite (one connection) a query through the plain
 * database handle would wait for that transaction forever.
 */
export interface RelayPublishers {
  job?: (jobs: OutboxJob[]) => Promise<void>;
  realtime?: (eventIds: number[], exec: Executor) => Promise<void>;
}

const BATCH = 200;

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

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly publishers: RelayPublishers,
    private readonly pollMs = 1000,
  ) {
    this.topics = (Object.keys(publishers) as OutboxTopic[]).filter((t) => publishers[t]);
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

  /** Publishes pending rows now; overlapping kicks coalesce into one more pass. */
  kick(): void {
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

  /** Resolves once nothing is pending (tests and shutdown use it). */
  async drain(): Promise<void> {
    while (this.running) await this.running;
    await this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private async loop(): Promise<void> {
    try {
      while ((await this.publishBatch()) === BATCH) {
        // A full batch: there may be more.
      }
    } catch (err) {
      this.log.warn({ err }, 'outbox relay pass failed; will retry');
    }
  }

  private async publishBatch(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows = await tx
        .select({ id: outbox.id, topic: outbox.topic, payload: outbox.payload })
        .from(outbox)
        .where(and(isNull(outbox.publishedAt), inArray(outbox.topic, this.topics)))
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
      if (events.length > 0) await this.publishers.realtime?.(events, tx);
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
