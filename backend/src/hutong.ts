import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type { Worker } from 'bullmq';
import type { Config } from './config.js';
import type { Context } from './context.js';
import { openDatabase, type Database, type Executor } from './db/client.js';
import { migrateWhenReachable, whenReachable } from './db/wait-for-database.js';
import { createLogger, withSafeErrors, type Logger } from './lib/logger.js';
import {
  handleResubscribeRejections,
  logRedisOutages,
  quitRedis,
  redisError,
} from './lib/redis-clients.js';
import { RegionDirectory } from './features/regions/region-directory.js';
import { OutboxRelay } from './features/outbox/relay.js';
import { bootstrapAdmin, seedDemo } from './features/admin/seed-demo.js';
import { Queues } from './queues/registry.js';
import { createApp } from './http/app.js';
import { answerClientErrors } from './http/client-error.js';
import { Broadcaster } from './realtime/broadcast.js';
import {
  closeRealtimeEmitter,
  createRealtime,
  createRealtimeEmitter,
  type HutongServer,
} from './realtime/io.js';
import { Telephony } from './features/telephony/telephony.js';
import { Presence } from './realtime/presence.js';
import { Metrics, startMetricsServer } from './observability/metrics.js';
import { registerDataKeys } from './features/privacy/reporter-identity.js';
import { upgradeDataAtRest } from './features/privacy/commands/upgrade-data-at-rest.js';
import { canLiftAuditTriggers } from './features/audit/audit-chain.js';
import { WarningFeed } from './features/warnings/warning-feed.js';
import { SweepFeed } from './features/sweeps/sweep-feed.js';
import { startOverdueSweep } from './features/warnings/warnings.jobs.js';
import { startClaimSweep } from './features/cases/cases.jobs.js';
import { startStatsRollup } from './features/stats/stats.jobs.js';
import { startCallSweep } from './features/telephony/telephony.jobs.js';
import { startUntriagedSweep, triageJobsHere } from './features/triage/triage.jobs.js';

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

/** How long requests in flight at a stop may take before their connections are cut. */
const SHUTDOWN_GRACE_MS = 5_000;
/** How long a step of a stop may take before the log says which one is still waiting. */
const STOP_STEP_WARN_MS = 3_000;

const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../console/dist', import.meta.url));

/** Starts every part the configured role needs, in dependency order. */
export async function startHutong(config: Config, options: StartOptions): Promise<Hutong> {
  // A logger handed in gets the same error reduction as our own: no query or value in a log.
  const log = options.log ? withSafeErrors(options.log) : createLogger(config.logLevel);
  const database =
    options.database ??
    (await openDatabase(
      config.databaseUrl
        ? {
            url: config.databaseUrl,
            poolSize: config.databasePoolSize,
            queryTimeoutMs: config.databaseQueryTimeoutMs,
            migrationUrl: config.databaseMigrationUrl,
          }
        : { dataDir: `${config.dataDir}/pg` },
    ));
  await migrateWhenReachable(database, log);
  // Every later step of the start waits out an outage as the migrations did: the database may go
  // away between two of them (a restart, a silence) and a process must not exit for it.
  const reachable = <T>(step: string, run: () => Promise<T>) =>
    whenReachable(database, log, step, run);
  if (
    database.kind === 'server' &&
    (await reachable('audit role check', () => canLiftAuditTriggers(database.db)))
  ) {
    log.warn(
      "DATABASE_URL's role owns the audit log or is a superuser, so it could lift its append-only trigger: run the app as a role that owns nothing (DATABASE_MIGRATION_URL for the owner)",
    );
  }
  const { demoPassword } = options;
  if (demoPassword && config.mode === 'demo') {
    if (await reachable('demo data', () => seedDemo(database.db, demoPassword))) {
      log.info('demo data seeded');
    }
  }
  const { bootstrapAdminPassword } = config;
  if (
    bootstrapAdminPassword &&
    (await reachable('first admin', () => bootstrapAdmin(database.db, bootstrapAdminPassword)))
  ) {
    log.info('created the first admin account');
  }

  const regions = new RegionDirectory(database.db);
  await reachable('regions', () => regions.reload());
  // Presenters in every role (API and workers) decrypt with these; then, once, data written by
  // an older version is encrypted and re-keyed before anything reads it (several nodes may run
  // it together: each row is rewritten from what it holds, so the result is the same).
  registerDataKeys([config.dataKey, ...config.previousDataKeys]);
  const upgraded = await reachable('data at rest', () =>
    upgradeDataAtRest(database.db, regions, {
      current: config.dataKey,
      previous: config.previousDataKeys,
    }),
  );
  if (upgraded && Object.values(upgraded).some((rows) => rows > 0)) {
    log.info({ upgraded }, 'personal data brought to the current at-rest format');
  }

  const redisOptions = { maxRetriesPerRequest: null, enableReadyCheck: true } as const;
  const redis = new Redis(options.redisUrl, redisOptions);
  logRedisOutages(redis, log, 'main');

  const ctx: Context = {
    config,
    db: database.db,
    log,
    redis,
    regions,
    telephony: new Telephony(config.twilio, config.publicUrl),
    presence: new Presence(log),
    metrics: new Metrics(),
    warningFeed: new WarningFeed(),
    sweepFeed: new SweepFeed(),
    kickOutbox: (committed) => relay.kick(committed),
    spool: (job) => queues.spool(job),
  };
  const queues = new Queues(redis, `${config.redisPrefix}-bull`, {
    webhooks: { attempts: config.webhooks.attempts, backoffMs: config.webhooks.retryBaseMs },
  });
  queues.onError((err) => log.warn({ err: redisError(err) }, 'queue error'));
  const serveApi = config.role !== 'worker';
  const runWorkers = config.role !== 'api';

  let httpServer: HttpServer | null = null;
  let io: HutongServer | null = null;
  let adapterRedis: Redis | null = null;
  const broadcaster = new Broadcaster(ctx);
  if (serveApi) {
    const app = createApp(ctx, {
      consoleDir: config.consoleDir ?? DEFAULT_CONSOLE_DIR,
      queues: Object.values(queues.byName),
    });
    httpServer = createServer(app);
    answerClientErrors(httpServer);
    adapterRedis = handleResubscribeRejections(new Redis(options.redisUrl, redisOptions));
    logRedisOutages(adapterRedis, log, 'realtime');
    io = createRealtime(ctx, httpServer, adapterRedis, broadcaster);
    broadcaster.attach(io);
    ctx.telephony.attach(io);
    ctx.presence.attach(io);
    ctx.warningFeed.attach(io);
    ctx.sweepFeed.attach(io);
  }
  // A worker-only process has no HTTP server, yet its jobs change live calls (an urgent caller's
  // escalation) and open cases (triage broadcasts them right after commit): they go out through
  // an emitter-only server on the same Redis stream.
  let emitter: HutongServer | null = null;
  if (!serveApi) {
    adapterRedis = handleResubscribeRejections(new Redis(options.redisUrl, redisOptions));
    logRedisOutages(adapterRedis, log, 'realtime');
    emitter = createRealtimeEmitter(ctx, adapterRedis);
    ctx.telephony.attach(emitter);
    ctx.presence.attach(emitter);
    ctx.warningFeed.attach(emitter);
    ctx.sweepFeed.attach(emitter);
    broadcaster.attach(emitter);
  }
  const relay = new OutboxRelay(database.db, log, {
    job: (jobs) => queues.add(jobs),
    realtime: (ids: number[], exec: Executor) => broadcaster.publish(ids, exec),
    broadcast: (broadcasts, orgReports) => broadcaster.emit(broadcasts, orgReports),
    // Commands on one connection run in order: a PING answered means every XADD before it is in.
    broadcastsFlushed: () => adapterRedis?.ping() ?? Promise.resolve(),
    // A process that runs the workers triages the reports it accepts itself, without BullMQ.
    ...(runWorkers && config.triageInProcess ? { runHere: triageJobsHere(ctx) } : {}),
  });
  const workers: Worker[] = runWorkers ? queues.startWorkers(ctx) : [];
  // Connected before anything is handed out: a stop right after start (Ctrl-C at once, a test
  // whose setup failed) then never closes a connection that BullMQ is still initialising.
  await Promise.all([queues.ready(), ...workers.map((w) => w.waitUntilReady())]);
  relay.start();
  // Overdue visits: swept at start and every 60 s × HUTONG_TIME_SCALE by whichever worker.
  if (runWorkers) await startOverdueSweep(ctx, queues);
  // Claim deadlines: swept at start and every 2 s × HUTONG_TIME_SCALE by whichever worker.
  if (runWorkers) await startClaimSweep(ctx, queues);
  if (runWorkers) await startStatsRollup(ctx, queues);
  // Calls whose final status callback never came: asked about every 60 s × HUTONG_TIME_SCALE.
  if (runWorkers) await startCallSweep(ctx, queues);
  // Reports accepted but not triaged a minute later (a job failed for good): every 15 s.
  if (runWorkers) await startUntriagedSweep(ctx, queues);
  const realtime = io;
  ctx.metrics.watch({
    db: database.db,
    queues,
    ...(realtime ? { sockets: () => realtime.engine.clientsCount } : {}),
  });
  const metricsServer = config.metrics.port
    ? await startMetricsServer(ctx.metrics, config.metrics.port, config.metrics.host)
    : null;

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
        // A browser reconnects at once, over a connection it keeps alive: every answer from now
        // on ends its connection, so nothing new arrives on one.
        httpServer.prependListener('request', (_req, res) => res.setHeader('Connection', 'close'));
        httpServer.closeIdleConnections();
        // Ends every Socket.IO session; it settles only once the HTTP server has closed.
        const ioClosed = io?.close();
        // Requests in flight get a grace period to finish, then whatever is still open is cut:
        // a long-poll that began meanwhile must not hold the process up for ever.
        const cut = setTimeout(() => httpServer.closeAllConnections(), SHUTDOWN_GRACE_MS);
        await Promise.all([closed, ioClosed]);
        clearTimeout(cut);
      }
      if (metricsServer) {
        await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
        metricsServer.closeAllConnections();
      }
      ctx.metrics.unwatch();
      // Each step runs whatever the one before it did: a connection that a Redis outage has
      // already closed must not leave the database open or the process hanging.
      // A step that takes long says so, and again every few seconds, naming itself: a stop that
      // hangs (a worker's graceful stop did, at the end of chaos runs) shows where in the log.
      const step = async (name: string, done: Promise<unknown>) => {
        const started = Date.now();
        const slow = setInterval(
          () => log.warn({ step: name, waitedMs: Date.now() - started }, 'stop step still waiting'),
          STOP_STEP_WARN_MS,
        );
        try {
          await done;
        } catch (err) {
          log.warn({ err, step: name }, 'stop step failed');
        } finally {
          clearInterval(slow);
        }
      };
      await Promise.all(workers.map((w) => step(`worker ${w.name}`, w.close())));
      await step('relay', relay.stop());
      if (emitter) await step('emitter', closeRealtimeEmitter(emitter));
      await step('queues', queues.close());
      await step('redis', Promise.all([quitRedis(redis), adapterRedis && quitRedis(adapterRedis)]));
      if (!options.database) await database.close();
    })());

  return { ctx, database, relay, queues, io, url, stop };
}
