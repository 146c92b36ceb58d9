import type { Redis } from 'ioredis';
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import type { Logger } from './lib/logger.js';
import type { RegionDirectory } from './features/regions/region-directory.js';
import type { Telephony } from './features/telephony/telephony.js';

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
  /** Asks the outbox relay to publish what was just committed, without waiting for its poll. */
  kickOutbox(): void;
}
