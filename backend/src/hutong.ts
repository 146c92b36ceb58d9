import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type { Worker } from 'bullmq';
import type { Config } from './config.js';
import type { Context } from './context.js';
import { openDatabase, type Database, type Executor } from './db/client.js';
import { createLogger, type Logger } from './lib/logger.js';
import { RegionDirectory } from './features/regions/region-directory.js';
import { OutboxRelay } from './features/outbox/relay.js';
import { bootstrapAdmin, seedDemo } from './features/admin/seed-demo.js';
import { Queues } from './queues/registry.js';
import { createApp } from './http/app.js';
import { Broadcaster } from './realtime/broadcast.js';
import {
  closeRealtimeEmitter,
  createRealtime,
  createRealtimeEmitter,
  type HutongServer,
} from './realtime/io.js';
import { Telephony } from './features/telephony/telephony.js';
import { Presence } from './realtime/presence.js';

export interface StartOptions {
  redisUrl: string;
  /** An open database (tests pass an in-memory PGlite); otherwise opened from the config. */
  database?: Database;
  /** Seed demo data into an empty database with this password (demo mode only). */
  demoPassword?: string;
  log?: Logger;
}

/** A running Hutong: the API, Socket.IO, the outbox relay and the workers, per its role. */
export interface Hutong {
  ctx: Context;
  database: Database;
  relay: OutboxRelay;
  queues: Queues;
  io: HutongServer | null;
  /** The API's address (empty for a worker-only process). */
  url: string;
  stop(): Promise<void>;
}

const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../console/dist', import.meta.url));

/** Starts every part the configured role needs, in dependency order. */
export async function startHutong(config: Config, options: StartOptions): Promise<Hutong> {
  const log = options.log ?? createLogger(config.logLevel);
  const database =
    options.database ??
    (await openDatabase(
      config.databaseUrl
        ? { url: config.databaseUrl, poolSize: config.databasePoolSize }
        : { dataDir: `${config.dataDir}/pg` },
    ));
  await database.migrate();
  if (options.demoPassword && config.mode === 'demo') {
    if (await seedDemo(database.db, options.demoPassword)) log.info('demo data seeded');
  }
  if (
    config.bootstrapAdminPassword &&
    (await bootstrapAdmin(database.db, config.bootstrapAdminPassword))
  ) {
    log.info('created the first admin account');
  }

  const redisOptions = { maxRetriesPerRequest: null, enableReadyCheck: true } as const;
  const redis = new Redis(options.redisUrl, redisOptions);
  const regions = new RegionDirectory(database.db);
  await regions.reload();

  const ctx: Context = {
    config,
    db: database.db,
    log,
    redis,
    regions,
    telephony: new Telephony(config.twilio, config.publicUrl),
    presence: new Presence(log),
    kickOutbox: (committed) => relay.kick(committed),
  };
  const queues = new Queues(redis, `${config.redisPrefix}-bull`);
  const serveApi = config.role !== 'worker';
  const runWorkers = config.role !== 'api';

  let httpServer: HttpServer | null = null;
  let io: HutongServer | null = null;
  let adapterRedis: Redis | null = null;
  const broadcaster = new Broadcaster(ctx);
  if (serveApi) {
    const app = createApp(ctx, { consoleDir: config.consoleDir ?? DEFAULT_CONSOLE_DIR });
    httpServer = createServer(app);
    adapterRedis = new Redis(options.redisUrl, redisOptions);
    io = createRealtime(ctx, httpServer, adapterRedis, broadcaster);
    broadcaster.attach(io);
    ctx.telephony.attach(io);
    ctx.presence.attach(io);
  }
  // A worker-only process has no HTTP server, yet its jobs change live calls (an urgent caller's
  // escalation) and open cases (triage broadcasts them right after commit): they go out through
  // an emitter-only server on the same Redis stream.
  let emitter: HutongServer | null = null;
  if (!serveApi) {
    adapterRedis = new Redis(options.redisUrl, redisOptions);
    emitter = createRealtimeEmitter(ctx, adapterRedis);
    ctx.telephony.attach(emitter);
    broadcaster.attach(emitter);
  }
  const relay = new OutboxRelay(database.db, log, {
    job: (jobs) => queues.add(jobs),
    realtime: (ids: number[], exec: Executor) => broadcaster.publish(ids, exec),
    broadcast: (broadcasts) => broadcaster.emit(broadcasts),
  });
  const workers: Worker[] = runWorkers ? queues.startWorkers(ctx) : [];
  // Connected before anything is handed out: a stop right after start (Ctrl-C at once, a test
  // whose setup failed) then never closes a connection that BullMQ is still initialising.
  await Promise.all([queues.ready(), ...workers.map((w) => w.waitUntilReady())]);
  relay.start();

  let url = '';
  if (httpServer) {
    const server = httpServer;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
    ctx.telephony.setServerUrl(url);
  }

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      // Stop taking new work first, then let work in hand finish, then close connections.
      if (httpServer) {
        const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
        httpServer.closeIdleConnections();
        await io?.close();
        await closed;
      }
      await Promise.all(workers.map((w) => w.close()));
      await relay.stop();
      if (emitter) await closeRealtimeEmitter(emitter);
      await queues.close();
      await Promise.all([redis.quit(), adapterRedis?.quit()]);
      if (!options.database) await database.close();
    })());

  return { ctx, database, relay, queues, io, url, stop };
}
