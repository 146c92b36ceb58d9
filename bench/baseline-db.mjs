// Baseline for intake capacity, run as its own process: the same durable write the intake makes
// (contact with its response + report + outbox row, atomically; it calls the intake's own
// insertReport, so the statements are the same) straight through the same driver and ORM, with
// no HTTP, validation, encryption or background work. Usage: node bench/baseline-db.mjs '{"url"?, "dataDir"?, "connections", "durationMs"}'
// Prints one JSON line: { transactions, durationMs, perSecond, latencyMs: {p50,p95,p99,max}, errors,
// cpu: { processMs, postgresMs, msPerWrite } } — the CPU half of the floor (docs/PERFORMANCE.md).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../backend/dist/db/client.js';
import { regions } from '../backend/dist/db/schema.js';
import { seedDemo } from '../backend/dist/features/admin/seed-demo.js';
import { insertReport } from '../backend/dist/features/intake/commands/create-report.js';
import { cpuMs } from './lib/processes.mjs';
import { reportFactory } from './lib/reports.mjs';
import { round, summary } from './lib/stats.mjs';

const options = JSON.parse(process.argv[2] ?? '{}');
const connections = Number(options.connections ?? 10);
const durationMs = Number(options.durationMs ?? 10_000);

const database = await openDatabase(
  options.url ? { url: options.url } : { dataDir: options.dataDir },
);
try {
  await database.migrate();
  // Regions are foreign keys of reports; the demo seed is what the server under test has too.
  await seedDemo(database.db, 'bench-baseline-password');
  const codes = (await database.db.select({ code: regions.code }).from(regions)).map((r) => r.code);
  const build = reportFactory({ regionCodes: codes, seed: 1 });
  const bodies = Array.from({ length: 500 }, (_, i) => build(i));

  const db = database.db;
  /**
   * The intake's durable write itself (insertReport in
   * backend/src/features/intake/commands/create-report.ts, as createReport calls it: contact,
   * report and outbox row in one statement, atomic on its own), minus HTTP, validation,
   * encryption and the background work.
   */
  // insertReport seals the children's names, the address and the narrative itself, with the
  // data key (HUTONG_DATA_KEY: 32 bytes); the reporter's fields the route seals before it.
  const dataKey = randomBytes(32);
  const write = (input) =>
    insertReport(db, input, {
      dataKey,
      channel: 'web',
      externalId: randomUUID(),
      requestHash: createHash('sha256').update(JSON.stringify(input)).digest('hex'),
      reporter: input.reporter,
    });

  // Warm up with every caller at once (the first statements plan and cache, and the pool opens
  // all its connections, so their start-up is not counted), then measure.
  let warm = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (let i = 0; i < 3; i++) await write(bodies[warm++ % bodies.length]);
    }),
  );
  const backendsBefore = await backendCpu(options.url);
  const cpuBefore = process.cpuUsage();

  const latencies = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  const client = async () => {
    // Bounded by time; each iteration is one transaction.
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        await write(bodies[next++ % bodies.length]);
        latencies.push(performance.now() - t0);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, client));
  const elapsed = performance.now() - started;
  const cpuUsed = process.cpuUsage(cpuBefore);
  const backendsAfter = await backendCpu(options.url);
  const processMs = (cpuUsed.user + cpuUsed.system) / 1000;
  let postgresMs = null;
  if (backendsAfter) {
    postgresMs = 0;
    for (const [pid, ms] of backendsAfter) postgresMs += ms - (backendsBefore?.get(pid) ?? 0);
  }
  const s = summary(latencies);
  console.log(
    JSON.stringify({
      transactions: latencies.length,
      durationMs: round(elapsed),
      perSecond: round((latencies.length / elapsed) * 1000, 1),
      latencyMs: s,
      errors,
      cpu: {
        processMs: round(processMs),
        postgresMs: postgresMs === null ? null : round(postgresMs),
        msPerWrite: latencies.length
          ? round((processMs + (postgresMs ?? 0)) / latencies.length, 3)
          : null,
      },
    }),
  );
} finally {
  await database.close();
}

/**
 * CPU ms (user + system, from /proc) of every PostgreSQL backend connected to the baseline's
 * database, by pid; null on PGlite (the engine runs in this process) or where /proc is missing.
 */
async function backendCpu(url) {
  if (!url) return null;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    const out = new Map();
    for (const { pid } of rows) {
      const ms = cpuMs(pid);
      if (ms !== null) out.set(pid, ms);
    }
    return out;
  } finally {
    await client.end();
  }
}
