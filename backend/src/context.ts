import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import type { Logger } from './lib/logger.js';
import type { RegionDirectory } from './features/regions/region-directory.js';
import type { Telephony } from './features/telephony/telephony.js';
import type { Presence } from './realtime/presence.js';
import type { Committed } from './features/outbox/relay.js';
import type { OutboxJob } from './features/outbox/outbox.js';
import type { Metrics } from './observability/metrics.js';
import type { WarningFeed } from './features/warnings/warning-feed.js';
import type { SweepFeed } from './features/sweeps/sweep-feed.js';

/** What every command, route and job needs; built once at start-up. */
export interface Context {
  config: Config;
  db: Db;
  log: Logger;
  /** A general-purpose Redis connection (rate limits); BullMQ and Socket.IO keep their own. */
  redis: Redis;
  regions: RegionDirectory;
  /** Twilio (or the simulator): webhook validation, REST client, live call events. */
  telephony: Telephony;
  /** Who has a console open, across every API node (for the duty board). */
  presence: Presence;
  /** This process's Prometheus metrics. */
  metrics: Metrics;
  /** Live `warning.created` / `warning.updated` (the children's register, issue 12 §4). */
  warningFeed: WarningFeed;
  /** Live `sweep.updated` (sweeps' progress, issue 12 §3). */
  sweepFeed: SweepFeed;
  /**
   * Asks the outbox relay to publish what was just committed, without waiting for its poll;
   * with `committed`, publishes exactly that from memory (DIRECT rows, see OutboxRelay).
   */
  kickOutbox(committed?: Committed): void;
  /**
   * Puts a job straight into BullMQ (deduplicated by its id), for what must not be lost while
   * PostgreSQL is unreachable and so cannot go through the outbox.
   */
  spool(job: OutboxJob): Promise<void>;
}
