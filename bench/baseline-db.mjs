// Baseline for intake capacity, run as its own process: the same durable write the intake makes
// (contact + report + contact response + outbox row, one transaction, the same tables, columns
// and statements) straight through the same driver and ORM, with no HTTP, validation or
// background work. Usage: node bench/baseline-db.mjs '{"url"?, "dataDir"?, "connections", "durationMs"}'
// Prints one JSON line: { transactions, durationMs, perSecond, latencyMs: {p50,p95,p99,max}, errors }.
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { openDatabase } from '../backend/dist/db/client.js';
import { contacts, outbox, regions, reports } from '../backend/dist/db/schema.js';
import { seedDemo } from '../backend/dist/features/admin/seed-demo.js';
import { JobName, QueueName } from '../shared/dist/index.js';
import { reportFactory } from './lib/reports.mjs';
import { round, summary } from './lib/stats.mjs';

const options = JSON.parse(process.argv[2] ?? '{}');
const connections = Number(options.connections ?? 10);
const durationMs = Number(options.durationMs ?? 10_000);

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const reference = () => {
  const c = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `HT-${c.slice(0, 4)}-${c.slice(4)}`;
};

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
  /** The intake's transaction (backend/src/features/intake/commands/create-report.ts), minus HTTP. */
  const write = async (input) =>
    db.transaction(async (tx) => {
      const requestHash = createHash('sha256').update(JSON.stringify(input)).digest('hex');
      const [contact] = await tx
        .insert(contacts)
        .values({ channel: 'web', externalId: randomUUID(), requestHash })
        .returning({ id: contacts.id });
      const [report] = await tx
        .insert(reports)
        .values({
          reference: reference(),
          contactId: contact.id,
          channel: 'web',
          reporter: input.reporter,
          children: input.children,
          categories: [...new Set(input.categories)],
          immediateDanger: input.immediateDanger,
          regionCode: input.location?.regionCode ?? null,
          address: input.location?.address || null,
          narrative: input.narrative || null,
          language: input.language,
        })
        .returning({
          id: reports.id,
          reference: reports.reference,
          receivedAt: reports.receivedAt,
        });
      const response = {
        id: report.id,
        reference: report.reference,
        receivedAt: report.receivedAt.toISOString(),
      };
      await tx.update(contacts).set({ response }).where(eq(contacts.id, contact.id));
      await tx.insert(outbox).values({
        topic: 'job',
        payload: {
          queue: QueueName.intake,
          name: JobName.triageReport,
          data: { reportId: report.id },
          jobId: `triage-${report.id}`,
        },
      });
      return response;
    });

  // Warm up (the first statements plan and cache), then measure.
  for (let i = 0; i < 20; i++) await write(bodies[i]);

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
  const s = summary(latencies);
  console.log(
    JSON.stringify({
      transactions: latencies.length,
      durationMs: round(elapsed),
      perSecond: round((latencies.length / elapsed) * 1000, 1),
      latencyMs: s,
      errors,
    }),
  );
} finally {
  await database.close();
}
