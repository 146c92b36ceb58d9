import { describe, expect, it } from 'vitest';
import { createCuttableTestDatabase, TEST_DB_KIND } from '../../test/db.js';
import { eventually } from '../../test/http.js';
import { captureLogs } from '../../test/logs.js';
import { startTestServer, type TestServer } from '../../test/server.js';
import { startDemo12345 } from '../features/hotline12345/simulator/demo.js';
import { isDatabaseUnavailable } from './errors.js';

/**
 * A process started while PostgreSQL is not answering (a worker restarted by its supervisor in an
 * outage) waits for it and comes up with it, instead of exiting. Found by `npm run chaos`.
 */
describe(`starting while the database is unreachable (${TEST_DB_KIND})`, () => {
  it('waits for a server that is not answering and starts when it answers', async () => {
    const { database, cut, restore } = await createCuttableTestDatabase();
    const logs = captureLogs();
    let server: TestServer | undefined;
    try {
      await cut();
      const starting = startTestServer({ database, log: logs.log });
      if (restore) {
        let started = false;
        void starting.then(() => (started = true)).catch(() => {});
        // It is waiting, not exiting: the warning repeats while nothing answers.
        await eventually(
          () =>
            logs
              .lines()
              .filter((l) => l.msg === 'the database is not answering yet: waiting for it')
              .length >= 2,
          20_000,
        );
        expect(started).toBe(false);

        await restore();
        server = await starting;
        const ready = await fetch(`${server.url}/readyz`);
        expect(ready.status).toBe(200);
        expect(logs.lines().some((l) => l.msg === 'the database answers: starting')).toBe(true);
      } else {
        // PGlite is in the process: closed, it will not come back, so the start fails at once.
        const failure = await starting.then(
          () => null,
          (err: unknown) => err,
        );
        expect(isDatabaseUnavailable(failure), String(failure)).toBe(true);
        expect(logs.text()).not.toContain('waiting for it');
      }
    } finally {
      await server?.stop();
      await database.close();
    }
  });

  it('waits through a silent outage too, where connecting times out instead of being refused', async () => {
    // Found by `npm run chaos` (failure 24): a worker restarted while PostgreSQL was silent
    // exited "could not start": the migrations' own client timed out connecting ("timeout
    // expired"), which was not counted as the database being away.
    const { database, stall, restore } = await createCuttableTestDatabase({
      connectTimeoutMs: 300,
      queryTimeoutMs: 1000,
    });
    const logs = captureLogs();
    let server: TestServer | undefined;
    try {
      if (!stall || !restore) {
        // PGlite is in the process and cannot go silent: the start simply runs.
        server = await startTestServer({ database, log: logs.log });
        expect(logs.text()).not.toContain('waiting for it');
        return;
      }
      stall();
      const starting = startTestServer({ database, log: logs.log });
      let settled = false;
      void starting.then(
        () => (settled = true),
        () => (settled = true),
      );
      await eventually(
        () =>
          logs.lines().filter((l) => l.msg === 'the database is not answering yet: waiting for it')
            .length >= 2,
        20_000,
      );
      expect(settled).toBe(false);
      await restore();
      server = await starting;
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    } finally {
      await server?.stop();
      await database.close();
    }
  });

  it('a step after the migrations waits too: the demo 12345 simulator started in an outage', async () => {
    // Found by `npm run chaos`: a demo process that had migrated and served `/healthz` went silent
    // with PostgreSQL while writing the 12345 simulator's key, and exited.
    const { database, cut, restore } = await createCuttableTestDatabase();
    const logs = captureLogs();
    const server = await startTestServer({ database, log: logs.log });
    const waits = () =>
      logs
        .lines()
        .filter(
          (l) =>
            l.msg === 'the database is not answering yet: waiting for it' &&
            l.step === '12345 simulator key',
        ).length;
    let sim: Awaited<ReturnType<typeof startDemo12345>> | undefined;
    try {
      await cut();
      const starting = startDemo12345(server.hutong.ctx, server.url, database, {
        firstRetryMs: 100,
        longestRetryMs: 500,
      });
      if (restore) {
        let started = false;
        void starting.then(() => (started = true)).catch(() => {});
        await eventually(() => waits() >= 2, 20_000);
        expect(started).toBe(false);

        await restore();
        sim = await starting;
        expect(sim.feedbackUrl).toMatch(/^http:/);
        expect(server.hutong.ctx.config.hotline12345.url).toBe(sim.feedbackUrl);
        expect(
          logs
            .lines()
            .some(
              (l) => l.msg === 'the database answers: starting' && l.step === '12345 simulator key',
            ),
        ).toBe(true);
      } else {
        const failure = await starting.then(
          () => null,
          (err: unknown) => err,
        );
        expect(isDatabaseUnavailable(failure), String(failure)).toBe(true);
        expect(waits()).toBe(0);
      }
    } finally {
      await sim?.stop();
      await server.stop().catch(() => {});
      await database.close();
    }
  });
});
