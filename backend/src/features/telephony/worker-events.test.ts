import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { TwilioSimulator } from '@hutong/ivr/simulator';
import type { TCallEscalated, TCallSummary } from '@hutong/shared';
import type { Database } from '../../db/client.js';
import { calls } from '../../db/schema.js';
import { createTestDatabase, TEST_DB_KIND } from '../../../test/db.js';
import { eventually } from '../../../test/http.js';
import { connectSocket, connected } from '../../../test/socket.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { attachSimulator } from '../../../test/simulator.js';

const AUTH_TOKEN = 'worker-events-test-token';
const ACCOUNT_SID = `AC${'6'.repeat(32)}`;
// The 30 s urgent wait takes 0.6 s.
const TIME_SCALE = '0.02';

/**
 * An API process and a worker-only process sharing one database and Redis, as in production
 * (`--role api` and `--role worker`): live call events from the worker's jobs reach the sockets
 * connected to the API process through the Socket.IO Redis streams adapter.
 */
describe(`live call events from a worker-only process (${TEST_DB_KIND})`, () => {
  let database: Database;
  let api: TestServer;
  let worker: TestServer;
  let sim: TwilioSimulator;

  beforeAll(async () => {
    database = await createTestDatabase();
    const prefix = `t${randomBytes(5).toString('hex')}`;
    const env = {
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      HUTONG_TIME_SCALE: TIME_SCALE,
      // One deployment: the same key decrypts callers' numbers in every process.
      HUTONG_DATA_KEY: randomBytes(32).toString('base64'),
    };
    api = await startTestServer({ database, prefix, env: { ...env, HUTONG_ROLE: 'api' } });
    worker = await startTestServer({ database, prefix, env: { ...env, HUTONG_ROLE: 'worker' } });
    sim = await attachSimulator([api, worker], {
      authToken: AUTH_TOKEN,
      accountSid: ACCOUNT_SID,
      timeScale: Number(TIME_SCALE),
    });
  });
  afterAll(async () => {
    await sim?.stop();
    await worker?.stop();
    await api?.stop();
    await database?.close();
  });

  it('rings the supervisors connected to the API when the worker escalates an urgent caller', async () => {
    // The roles as started: Socket.IO only in the API process, workers only in the other.
    expect(api.hutong.io).not.toBeNull();
    expect(worker.hutong.io).toBeNull();
    expect(worker.url).toBe('');

    const supervisor = connectSocket(api.url, await api.login('supervisor'));
    const queued: TCallSummary[] = [];
    const updated: TCallSummary[] = [];
    const rings: TCallEscalated[] = [];
    supervisor.on('call.queued', (c) => queued.push(c));
    supervisor.on('call.updated', (c) => updated.push(c));
    supervisor.on('call.escalated', (e) => rings.push(e));
    await connected(supervisor);

    // English (2), "a child is in danger right now" (1): the urgent queue.
    const caller = sim.placeCall({ from: '+8613800000401', script: { digits: ['2', '1'] } });
    await caller.waitFor('enqueued');
    const row = await eventually(async () => {
      const [r] = await database.db.select().from(calls).where(eq(calls.callSid, caller.sid));
      return r?.status === 'queued' ? r : undefined;
    });
    // The webhook was answered by the API process, which queued the call and said so itself.
    const first = await eventually(() => queued.find((c) => c.id === row.id));
    expect(first).toMatchObject({ urgent: true, escalated: false, language: 'en' });

    // Only the worker runs the delayed `telephony.urgentCallWait` job; its events come through
    // the Redis stream to this socket.
    const ring = await eventually(() => rings.find((r) => r.call.id === row.id));
    expect(ring.call).toMatchObject({ escalated: true, maskedNumber: '+86 138****0401' });
    expect(ring.dutyPhoneOffered).toBe(false);
    await eventually(() => updated.find((c) => c.id === row.id && c.escalated));
    const [escalated] = await database.db.select().from(calls).where(eq(calls.id, row.id));
    expect(escalated?.escalatedAt).not.toBeNull();

    caller.hangup();
    await caller.done;
    supervisor.disconnect();
  });
});
