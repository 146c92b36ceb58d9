import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { RequestHandler } from 'express';
import { isNull, sql } from 'drizzle-orm';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { QueueName } from '@hutong/shared';
import type { Db } from '../db/client.js';
import { outbox } from '../db/schema.js';
import type { Queues } from '../queues/registry.js';

/** Which part of the HTTP surface a request hit: a label small enough to keep for ever. */
export type Surface = 'api' | 'twilio' | 'realtime' | 'console';

export function surfaceOf(path: string): Surface {
  if (path.startsWith('/twilio/')) return 'twilio';
  if (path.startsWith('/api/')) return 'api';
  if (path.startsWith('/socket.io/')) return 'realtime';
  return 'console';
}

/** What is read at scrape time; each process gives what it has (a worker has no sockets). */
export interface MetricSources {
  db: Db;
  queues: Queues;
  sockets?: () => number;
}

/**
 * The Prometheus metrics of one process (prom-client): what an on-call engineer needs to see
 * trouble before callers do. Counters and histograms are recorded where things happen; queue
 * depths, outbox backlog and sockets are read when Prometheus scrapes. No label ever holds a
 * path with an id, a phone number or anything a person typed.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly http = new Histogram({
    name: 'hutong_http_request_duration_seconds',
    help: 'HTTP requests by surface (api, twilio webhooks, realtime polling, console), method and status class',
    labelNames: ['surface', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly reportToConsole = new Histogram({
    name: 'hutong_report_to_console_seconds',
    help: "From a report's receipt to its new case being sent to the operators' consoles",
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly slaBreaches = new Counter({
    name: 'hutong_sla_breaches_total',
    help: 'Service-level breaches by kind (a claim past its deadline, a referral not acknowledged, an urgent caller waiting)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  private readonly triageBatches = new Histogram({
    name: 'hutong_triage_batch_reports',
    help: 'Reports triaged together in one batch (1 when the line is quiet; more as triage falls behind)',
    buckets: [1, 2, 5, 10, 20, 50, 100],
    registers: [this.registry],
  });
  private sources: MetricSources | null = null;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'hutong_' });
    const read = () => this.sources;
    new Gauge({
      name: 'hutong_queue_jobs',
      help: 'BullMQ jobs by queue and state',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        const sources = read();
        if (!sources) return;
        for (const name of Object.values(QueueName)) {
          const counts = await sources.queues.byName[name].getJobCounts(
            'wait',
            'active',
            'delayed',
            'prioritized',
            'failed',
          );
          for (const [state, n] of Object.entries(counts)) this.set({ queue: name, state }, n);
        }
      },
    });
    new Gauge({
      name: 'hutong_queue_oldest_waiting_seconds',
      help: 'Age of the oldest job waiting in each BullMQ queue (0 when none waits)',
      labelNames: ['queue'] as const,
      registers: [this.registry],
      async collect() {
        const sources = read();
        if (!sources) return;
        for (const name of Object.values(QueueName)) {
          const [oldest] = await sources.queues.byName[name].getJobs(['wait'], 0, 0, true);
          this.set({ queue: name }, oldest ? Math.max(0, Date.now() - oldest.timestamp) / 1000 : 0);
        }
      },
    });
    new Gauge({
      name: 'hutong_outbox_pending',
      help: 'Committed outbox rows not yet published (jobs and live events waiting for the relay)',
      registers: [this.registry],
      async collect() {
        const sources = read();
        if (!sources) return;
        this.set((await outboxBacklog(sources.db)).pending);
      },
    });
    new Gauge({
      name: 'hutong_outbox_oldest_pending_seconds',
      help: 'Age of the oldest unpublished outbox row (0 when none waits)',
      registers: [this.registry],
      async collect() {
        const sources = read();
        if (!sources) return;
        this.set((await outboxBacklog(sources.db)).oldestSeconds);
      },
    });
    new Gauge({
      name: 'hutong_sockets',
      help: 'Console sockets connected to this process',
      registers: [this.registry],
      collect() {
        this.set(read()?.sockets?.() ?? 0);
      },
    });
  }

  /** Where the scrape-time gauges read from; set once the process's parts are up. */
  watch(sources: MetricSources): void {
    this.sources = sources;
  }

  /**
   * Lets go of the sources at a stop. prom-client's default metrics observe garbage collection
   * for the life of the process (it has no way to stop them), and through them this registry and
   * its gauges live on: holding the sources, they kept each stopped app's database in memory (in
   * the tests, a PGlite of ~200 MB per file, until the worker was killed for want of memory).
   */
  unwatch(): void {
    this.sources = null;
  }

  /** Times every HTTP request, labelled by surface, method and status class. */
  httpMiddleware(): RequestHandler {
    return (req, res, next) => {
      const end = this.http.startTimer({ surface: surfaceOf(req.path), method: req.method });
      res.once('finish', () => end({ status: `${Math.floor(res.statusCode / 100)}xx` }));
      next();
    };
  }

  /** A new case reached the consoles: `receivedAt` is its first report's receipt. */
  triageBatch(reports: number): void {
    this.triageBatches.observe(reports);
  }

  caseSent(receivedAt: string): void {
    const seconds = (Date.now() - Date.parse(receivedAt)) / 1000;
    if (Number.isFinite(seconds)) this.reportToConsole.observe(Math.max(0, seconds));
  }

  slaBreached(kind: string): void {
    this.slaBreaches.inc({ kind });
  }

  /** The text Prometheus scrapes. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

async function outboxBacklog(db: Db): Promise<{ pending: number; oldestSeconds: number }> {
  const [row] = await db
    .select({
      pending: sql<number>`count(*)::int`,
      oldest: sql<number | null>`extract(epoch from now() - min(${outbox.createdAt}))::float8`,
    })
    .from(outbox)
    .where(isNull(outbox.publishedAt));
  return {
    pending: Number(row?.pending ?? 0),
    oldestSeconds: Math.max(0, Number(row?.oldest ?? 0)),
  };
}

/** Compares in constant time (digests of equal length), so the token cannot be timed out. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** `/metrics` on the API port, for a bearer of the token; anything else is a 404 as if absent. */
export function metricsRoute(metrics: Metrics, token: string | undefined): RequestHandler {
  return (req, res, next) => {
    if (!token || !sameSecret(req.get('authorization') ?? '', `Bearer ${token}`)) {
      res.status(404).type('text').send('Not found');
      return;
    }
    metrics.render().then(
      ({ contentType, body }) => res.type(contentType).send(body),
      (err: unknown) => next(err),
    );
  };
}

/** `/metrics` alone on an internal port (any role, workers too), without a token. */
export async function startMetricsServer(
  metrics: Metrics,
  port: number,
  host: string,
): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metrics.render().then(
      ({ contentType, body }) => res.writeHead(200, { 'Content-Type': contentType }).end(body),
      () => res.writeHead(503).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
