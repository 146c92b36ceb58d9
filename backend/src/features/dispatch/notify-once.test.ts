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
import { eventually, request } from '../../../test/http.js';
import { TEST_DB_KIND } from '../../../test/db.js';
import { IN_DOUBT_WAIT_MS, processNotifyReferral, SendInDoubtError } from './dispatch.jobs.js';
import { NOTIFY_PATHS } from './notify.routes.js';

const AUTH_TOKEN = 'notify-once-token';
const ACCOUNT_SID = `AC${'6'.repeat(32)}`;
/** The demo city centre's duty phone. */
const CITY_PHONE = '+862000000001';

/**
 * The context with a database whose next `failures` writes of a provider id to `notifications`
 * fail with `message` — by default as a restarting PostgreSQL fails them.
 */
function failingSidWrites(
  ctx: Context,
  failures: number,
  message = 'Connection terminated unexpectedly',
): Context {
  let left = failures;
  const db = new Proxy(ctx.db, {
    get(target, key, receiver) {
      if (key !== 'update') return Reflect.get(target, key, receiver) as unknown;
      return (table: typeof notifications) => {
        const update = target.update(table);
        if (table !== notifications) return update;
        return {
          set(values: Record<string, unknown>) {
            if (!('providerSid' in values) || left === 0) return update.set(values);
            left--;
            const lost = Promise.reject(new Error(message));
            lost.catch(() => undefined);
            return { where: () => lost };
          },
        };
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

  /**
   * A P3 referral (an SMS, no call) whose first SMS the test server's worker has sent, and the
   * job of a step no worker has run yet (an escalation to the first contact), for the test to run.
   */
  async function referred() {
    const { caseId, reference } = await claimedCase(server, operator, {
      categories: ['bullying'],
      immediateDanger: false,
    });
    const res = await request(server.url, `/api/cases/${caseId}/referrals`, {
      body: { centreId: cityId },
      cookie: operator,
    });
    expect(res.status).toBe(201);
    const referralId = res.body.id as string;
    // As BullMQ hands it over on a first attempt of ten (registry.ts's default retry).
    const job = {
      data: { referralId, purpose: 'escalation', contactIndex: 0 },
      attemptsMade: 0,
      opts: { attempts: 10 },
    } as Job<JobPayload<typeof JobName.notifyReferral>>;
    const texts = () =>
      sim.outboundMessages.filter((m) => m.to === CITY_PHONE && m.body.includes(reference));
    await sim.waitUntil(() => texts().length === 1);
    const rowOf = (purpose: string) => async () =>
      (
        await server.database.db
          .select()
          .from(notifications)
          .where(eq(notifications.dedupeKey, `${referralId}-${purpose}-sms-0`))
      )[0];
    // The first SMS is recorded: it says what the escalation's will, to the same phone.
    await eventually(async () => ((await rowOf('new')())?.providerSid ? true : undefined));
    return { referralId, job, texts, row: rowOf('escalation') };
  }

  /**
   * Runs `job` in a process killed after Twilio took its SMS (before it wrote Twilio's answer),
   * while every SMS status callback is lost (refused, as an API answering `503` in an outage
   * loses it: Twilio does not send it again), and lets the claim's wait for it pass.
   */
  async function killedWithoutCallback(
    job: Job<JobPayload<typeof JobName.notifyReferral>>,
    row: () => Promise<typeof notifications.$inferSelect | undefined>,
  ) {
    sim.setFaults({ failPaths: [{ path: NOTIFY_PATHS.smsStatus }] });
    try {
      const killed = failingSidWrites(server.hutong.ctx, 1, 'killed');
      await expect(processNotifyReferral(killed, job)).rejects.toThrow('killed');
      await sim.messaging.settled();
    } finally {
      sim.resetFaults();
    }
    const claim = (await row())!;
    expect(claim).toMatchObject({ status: 'sending', providerSid: null });
    await server.database.db
      .update(notifications)
      .set({ updatedAt: new Date(claim.updatedAt.getTime() - IN_DOUBT_WAIT_MS - 1000) })
      .where(eq(notifications.id, claim.id));
  }

  it('records the sent SMS once the database answers, and a retried job sends nothing', async () => {
    const { referralId, job, texts } = await referred();
    const before = texts().length;

    // The database drops the first two writes after Twilio has taken the SMS.
    const flaky = failingSidWrites(server.hutong.ctx, 2);
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

  it("waits for Twilio's status callback to name a send whose process died, instead of texting again", async () => {
    const { job, texts, row } = await referred();
    const before = texts().length;
    // Twilio takes the SMS; the process is killed before it writes Twilio's answer (here: that
    // write fails with an error the job does not retry within itself).
    const killed = failingSidWrites(server.hutong.ctx, 1, 'killed');
    await expect(processNotifyReferral(killed, job)).rejects.toThrow('killed');
    expect(texts().length - before).toBe(1);
    // Twilio's status callback carries the notification's id: the API writes the provider id.
    await eventually(async () => ((await row())?.providerSid ? true : undefined));
    // The job's retry sends nothing.
    await processNotifyReferral(server.hutong.ctx, job);
    expect(texts().length - before).toBe(1);
  });

  // Fix 14's open end (docs/RELIABILITY.md, failure 16): with no callback, the claim was sent
  // again after the wait although Twilio had taken the SMS.
  it('asks Twilio for a send in doubt whose callback was lost, and records the SMS it took instead of texting again', async () => {
    const { job, texts, row } = await referred();
    const before = texts().length;
    await killedWithoutCallback(job, row);
    expect(texts().length - before).toBe(1);
    const taken = texts().at(-1)!;

    await processNotifyReferral(server.hutong.ctx, job);
    expect(texts().length - before).toBe(1);
    // Its own SMS, not the first one to the same phone with the same words.
    expect(await row()).toMatchObject({ providerSid: taken.sid, status: 'delivered' });
  });

  it("keeps a send in doubt while Twilio's Messages list fails, and settles it on a later attempt", async () => {
    const { job, texts, row } = await referred();
    const before = texts().length;
    await killedWithoutCallback(job, row);
    const taken = texts().at(-1)!;

    sim.setFaults({ failRest: [{ method: 'GET', path: '/Messages.json' }] });
    try {
      await expect(processNotifyReferral(server.hutong.ctx, job)).rejects.toBeInstanceOf(
        SendInDoubtError,
      );
      expect(texts().length - before).toBe(1);
      expect(await row()).toMatchObject({ status: 'sending', providerSid: null });
    } finally {
      sim.resetFaults();
    }
    await processNotifyReferral(server.hutong.ctx, job);
    expect(texts().length - before).toBe(1);
    expect((await row())?.providerSid).toBe(taken.sid);
  });

  it("sends a send in doubt again at the job's last attempt if Twilio's list still fails", async () => {
    const { job, texts, row } = await referred();
    const before = texts().length;
    await killedWithoutCallback(job, row);
    expect(texts().length - before).toBe(1);

    sim.setFaults({ failRest: [{ method: 'GET', path: '/Messages.json' }] });
    try {
      const last = { ...job, attemptsMade: 9 } as typeof job;
      // Nothing more BullMQ would try: an alert sent twice rather than never (failure 22).
      await processNotifyReferral(server.hutong.ctx, last);
      expect(texts().length - before).toBe(2);
      expect((await row())?.providerSid).toBe(texts().at(-1)!.sid);
      // Once recorded, it is settled: a further run sends nothing.
      await processNotifyReferral(server.hutong.ctx, last);
      expect(texts().length - before).toBe(2);
    } finally {
      sim.resetFaults();
    }
  });

  it('sends a claim left in doubt again only once the callback has had its time', async () => {
    const { job, texts, row } = await referred();
    const before = texts().length;
    // A claim with no provider id and no callback (the request may never have reached Twilio).
    await server.database.db.insert(notifications).values({
      referralId: job.data.referralId,
      channel: 'sms',
      purpose: 'escalation',
      contactIndex: 0,
      contactLabel: 'duty',
      dedupeKey: `${job.data.referralId}-escalation-sms-0`,
      status: 'sending',
    });
    await expect(processNotifyReferral(server.hutong.ctx, job)).rejects.toBeInstanceOf(
      SendInDoubtError,
    );
    expect(texts().length - before).toBe(0);
    await server.database.db
      .update(notifications)
      .set({ updatedAt: new Date(Date.now() - IN_DOUBT_WAIT_MS - 1000) })
      .where(eq(notifications.id, (await row())!.id));
    // Twilio lists only the referral's first SMS (the same words, recorded): this one is sent.
    await processNotifyReferral(server.hutong.ctx, job);
    expect(texts().length - before).toBe(1);
    expect((await row())?.providerSid).toBe(texts().at(-1)!.sid);
  });
});
