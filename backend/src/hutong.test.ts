import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/server.js';
import { TEST_DB_KIND } from '../test/db.js';

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
});
