import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/server.js';
import { TEST_DB_KIND } from '../test/db.js';
import { buildReport } from '../test/factories.js';
import { whatHolds } from '../test/heap.js';

describe(`stopping Hutong (${TEST_DB_KIND})`, () => {
  let server: TestServer | undefined;
  // Started in a hook: on a loaded machine a start (migrations, demo data) takes a while, and
  // the test's own time is for the stop.
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server?.stop();
  });

  it('ends within its grace period even while a request never finishes arriving', async () => {
    const { port } = new URL(server!.url);
    // A client that sends a report's headers and then nothing (a phone that lost its signal):
    // Node would wait five minutes for the body, and the stop with it.
    const client = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
    const ended = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.on('error', () => {});
    client.write(
      'POST /api/reports HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        'Content-Length: 1000\r\n\r\n{"narrative":',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));

    const stopping = server!.stop();
    server = undefined;
    await stopping;
    // The stop cut the connection; the client did not close it.
    await ended;
    expect(client.destroyed).toBe(true);
  });

  it('lets go of its database once stopped', async () => {
    // Anything that outlives a stop (a library's module-level set, an observer the process keeps)
    // and still reaches the database keeps it in memory: a PGlite is ~200 MB, and the test run,
    // which starts a system per file in one process, was killed for want of memory that way.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const released = await (async () => {
      const started = server!;
      server = undefined;
      // Signs in (a rate-limited route) and takes a report, so its parts have all been used.
      const cookie = await started.login('operator');
      const report = await fetch(`${started.url}/api/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify(buildReport()),
      });
      expect(report.status).toBe(201);
      const database = new WeakRef(started.database);
      await started.stop();
      return database;
    })();
    // A weak reference holds its target to the end of the turn that made it, so collect after;
    // on a loaded machine what the stop let finish may take a moment longer to let go.
    const deadline = Date.now() + 3_000;
    while (released.deref() && Date.now() < deadline) {
      await sleep(20);
      gc();
    }
    // When it is still held, the failure says by what (from a heap snapshot).
    if (released.deref())
      expect.fail(`still held after the stop, by\n${await whatHolds(released)}`);
    expect(released.deref()).toBeUndefined();
  }, 180_000);
});
