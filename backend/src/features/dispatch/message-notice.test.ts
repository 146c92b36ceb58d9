import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Job } from 'bullmq';
import type { TwilioSimulator } from '@hutong/ivr/simulator';
import { notifications, referralMessages } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { demoCentres } from '../../../test/fixtures.js';
import { claimedCase } from '../../../test/cases.js';
import { attachSimulator } from '../../../test/simulator.js';
import { eventually, request } from '../../../test/http.js';
import { captureLogs } from '../../../test/logs.js';
import { TEST_DB_KIND } from '../../../test/db.js';
import { processNotifyReferralMessage } from './dispatch.jobs.js';

const AUTH_TOKEN = 'message-notice-token';
const ACCOUNT_SID = `AC${'5'.repeat(32)}`;
/** The demo city centre's duty phone. */
const CITY_PHONE = '+862000000001';

/** The centre hears of the hotline's messages outside the console: an SMS notice (issue 10). */
describe(`an SMS notice to the centre's duty phone for the hotline's messages (${TEST_DB_KIND})`, () => {
  const logs = captureLogs();
  let server: TestServer;
  let sim: TwilioSimulator;
  let operator: string;
  let centre: string;
  let cityCentreId: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN }, log: logs.log });
    sim = await attachSimulator(server, {
      authToken: AUTH_TOKEN,
      accountSid: ACCOUNT_SID,
      timeScale: 0.02,
    });
    ({ cityId: cityCentreId } = await demoCentres(server));
    [operator, centre] = await Promise.all([server.login('operator'), server.login('centre')]);
  });
  afterAll(async () => {
    await sim?.stop();
    await server?.stop();
  });

  const notices = (referralId: string) =>
    sim.outboundMessages.filter((m) => m.to === CITY_PHONE && m.body.includes(referralId));
  const post = (referralId: string, body: string, cookie: string) =>
    request(server.url, `/api/referrals/${referralId}/messages`, { body: { body }, cookie });

  it('texts the reference and a link to the referral, never the message or a name, once per message', async () => {
    const child = `小梅${crypto.randomUUID().slice(0, 4)}`;
    const { caseId, reference } = await claimedCase(server, operator, {
      children: [{ name: child, age: 8 }],
      categories: ['bullying'],
      immediateDanger: false,
    });
    const referred = await request(server.url, `/api/cases/${caseId}/referrals`, {
      body: { centreId: cityCentreId },
      cookie: operator,
    });
    expect(referred.status).toBe(201);
    const referralId = referred.body.id as string;

    const marker = `MARKER-${crypto.randomUUID()}`;
    expect((await post(referralId, `${marker} 请回电 ${child}`, operator)).status).toBe(201);
    await sim.waitUntil(() => notices(referralId).length === 1);
    const [sms] = notices(referralId);
    expect(sms!.body).toContain(reference);
    expect(sms!.body).toMatch(new RegExp(`https?://[^\\s]+/inbox/${referralId}$`));
    expect(sms!.body).not.toContain(marker);
    expect(sms!.body).not.toContain(child);
    // Through the notification path: a tracked row, its delivery status from the simulator.
    await eventually(async () => {
      const [row] = await server.database.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.referralId, referralId), eq(notifications.purpose, 'message')));
      return row?.status === 'delivered' ? row : undefined;
    });

    // The centre's own message does not text the centre; the hotline's next one does.
    expect((await post(referralId, '已收到，正在核实', centre)).status).toBe(201);
    expect((await post(referralId, `${marker} 第二条`, operator)).status).toBe(201);
    await sim.waitUntil(() => notices(referralId).length === 2);

    // A retried job sends nothing again.
    const [first] = await server.database.db
      .select({ id: referralMessages.id })
      .from(referralMessages)
      .where(
        and(eq(referralMessages.referralId, referralId), eq(referralMessages.side, 'hotline')),
      );
    const again = await processNotifyReferralMessage(server.hutong.ctx, {
      data: { messageId: first!.id },
      attemptsMade: 1,
      opts: { attempts: 10 },
    } as Job<{ messageId: string }>);
    expect(again).toBe('already_sent');
    const rows = await server.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.referralId, referralId), eq(notifications.purpose, 'message')));
    expect(rows).toHaveLength(2);
    expect(notices(referralId)).toHaveLength(2);
    // Nothing of the message or the child in the logs either.
    expect(logs.text()).not.toContain(marker);
    expect(logs.text()).not.toContain(child);
  });
});
