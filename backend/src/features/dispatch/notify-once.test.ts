import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Job } from 'bullmq';
import type { TwilioSimulator } from '@hutong/ivr/simulator';
import type { JobName, JobPayload } from '@hutong/shared';
import type { Context } from '../../context.js';
import { notifications } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { demoCentres } from '../../../test/fixtures.js';
import { claimedCase } from '../../../test/cases.js';
import { attachSimulator } from '../../../test/simulator.js';
import { request } from '../../../test/http.js';
import { TEST_DB_KIND } from '../../../test/db.js';
import { processNotifyReferral } from './dispatch.jobs.js';

const AUTH_TOKEN = 'notify-once-token';
const ACCOUNT_SID = `AC${'6'.repeat(32)}`;
/** The demo city centre's duty phone. */
const CITY_PHONE = '+862000000001';

/**
 * The context with a database whose next `failures` updates of `notifications` fail as a
 * restarting PostgreSQL fails them ("Connection terminated unexpectedly").
 */
function withFlakyNotificationUpdates(ctx: Context, failures: number): Context {
  let left = failures;
  const db = new Proxy(ctx.db, {
    get(target, key, receiver) {
      if (key !== 'update') return Reflect.get(target, key, receiver) as unknown;
      return (table: unknown) => {
        if (table !== notifications || left === 0) return target.update(table as never);
        left--;
        const lost = Promise.reject(new Error('Connection terminated unexpectedly'));
        lost.catch(() => undefined);
        return { set: () => ({ where: () => lost }) };
      };
    },
  });
  return Object.create(ctx, { db: { value: db } }) as Context;
}

// Found reading the notify job for the chaos run's double-send check (docs/RELIABILITY.md): a
// database that failed the write of the provider's id after Twilio had accepted the SMS made the
// job fail, and its retry, finding no provider id, texted the centre again.
describe(`a centre's SMS is sent once when its record fails (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let sim: TwilioSimulator;
  let operator: string;
  let cityId: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN } });
    sim = await attachSimulator(server, {
      authToken: AUTH_TOKEN,
      accountSid: ACCOUNT_SID,
      timeScale: 0.02,
    });
    ({ cityId } = await demoCentres(server));
    operator = await server.login('operator');
  });
  afterAll(async () => {
    await sim?.stop();
    await server?.stop();
  });

  it('records the sent SMS once the database answers, and a retried job sends nothing', async () => {
    // P3 (bullying): an SMS and no call.
    const { caseId, reference } = await claimedCase(server, operator, {
      categories: ['bullying'],
      immediateDanger: false,
    });
    const referred = await request(server.url, `/api/cases/${caseId}/referrals`, {
      body: { centreId: cityId },
      cookie: operator,
    });
    expect(referred.status).toBe(201);
    const referralId = referred.body.id as string;
    // A step no worker has run yet, so only this test sends it.
    const job = {
      data: { referralId, purpose: 'escalation', contactIndex: 0 },
    } as Job<JobPayload<typeof JobName.notifyReferral>>;
    const texts = () =>
      sim.outboundMessages.filter((m) => m.to === CITY_PHONE && m.body.includes(reference));
    // The referral's own first SMS, sent by the test server's worker, goes out first.
    await sim.waitUntil(() => texts().length === 1);
    const before = texts().length;

    // The database drops the first two writes after Twilio has taken the SMS.
    const flaky = withFlakyNotificationUpdates(server.hutong.ctx, 2);
    await processNotifyReferral(flaky, job).catch(() => 'failed');
    // BullMQ runs a failed job again; a finished one too, if its completion was lost.
    await processNotifyReferral(server.hutong.ctx, job);

    expect(texts().length - before).toBe(1);
    const [row] = await server.database.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.referralId, referralId),
          eq(notifications.dedupeKey, `${referralId}-escalation-sms-0`),
        ),
      );
    expect(row?.providerSid).toMatch(/^SM/);
  });
});
