import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { TwilioSimulator } from '@hutong/ivr/simulator';
import { ZReferralChanged, type TCreateReport, type TReferralChanged } from '@hutong/shared';
import { caseEvents } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { addUser, demoCentres } from '../../../test/fixtures.js';
import { claimedCase } from '../../../test/cases.js';
import { attachSimulator } from '../../../test/simulator.js';
import { eventually, request } from '../../../test/http.js';
import { connectSocket, connected, type TestSocket } from '../../../test/socket.js';
import { TEST_DB_KIND } from '../../../test/db.js';

const AUTH_TOKEN = 'delivery-test-token';
const ACCOUNT_SID = `AC${'4'.repeat(32)}`;
const CITY_PHONE = '+862000000001';
const CONGHUA_PHONE = '+862000000002';

/** Delivery-status changes reach the case's operators, supervisors and the centre, live. */
describe(`delivery status pushed live (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let sim: TwilioSimulator;
  let operator: string;
  let supervisor: string;
  let centre: string;
  let conghua: string;
  let cityCentreId: string;
  let conghuaId: string;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    server = await startTestServer({ env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN } });
    sim = await attachSimulator(server, {
      authToken: AUTH_TOKEN,
      accountSid: ACCOUNT_SID,
      timeScale: 0.02,
    });
    ({ cityId: cityCentreId, conghuaId } = await demoCentres(server));
    conghua = await addUser(server, {
      username: 'conghua2',
      displayName: '从化站 值班员',
      role: 'centre_staff',
      centreId: conghuaId,
    });
    [operator, supervisor, centre] = await Promise.all([
      server.login('operator'),
      server.login('supervisor'),
      server.login('centre'),
    ]);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await sim?.stop();
    await server?.stop();
  });

  /** A connected socket recording every `referral.updated` with step `delivery`. */
  async function deliveries(cookie: string) {
    const socket = connectSocket(server.url, cookie);
    sockets.push(socket);
    const seen: TReferralChanged[] = [];
    socket.on('referral.updated', (p) => {
      if (p.step === 'delivery') seen.push(ZReferralChanged.parse(p));
    });
    await connected(socket);
    return seen;
  }

  let child = 0;
  const claimed = async (overrides: Partial<TCreateReport> = {}) =>
    (
      await claimedCase(server, operator, {
        children: [{ name: `小华${++child}`, age: 8 }],
        ...overrides,
      })
    ).caseId;

  it('pushes an SMS reaching "delivered" to the operator, the supervisors and that centre only', async () => {
    const [op, sup, own, other] = await Promise.all([
      deliveries(operator),
      deliveries(supervisor),
      deliveries(centre),
      deliveries(conghua),
    ]);
    const caseId = await claimed({ categories: ['bullying'], immediateDanger: false });
    const referral = await request(server.url, `/api/cases/${caseId}/referrals`, {
      body: { centreId: cityCentreId },
      cookie: operator,
    });
    expect(referral.status).toBe(201);
    const delivered = (seen: TReferralChanged[]) =>
      seen.find(
        (e) =>
          e.referral.id === referral.body.id &&
          e.notification?.channel === 'sms' &&
          e.notification.status === 'delivered',
      );
    const event = await eventually(() => delivered(op));
    expect(event.referral.notifications.find((n) => n.id === event.notification!.id)?.status).toBe(
      'delivered',
    );
    // Earlier statuses came first, each its own event, in order.
    const statuses = op
      .filter((e) => e.referral.id === referral.body.id)
      .map((e) => e.notification!.status);
    expect(statuses.at(-1)).toBe('delivered');
    expect(statuses).toContain('sent');
    await eventually(() => delivered(sup));
    await eventually(() => delivered(own));
    // The other centre's room heard nothing of it (its sockets got everything else by now).
    expect(other.filter((e) => e.referral.id === referral.body.id)).toEqual([]);
    // No phone number in what was broadcast.
    expect(JSON.stringify(event)).not.toContain(CITY_PHONE);
    // The timeline keeps it.
    const timeline = await server.database.db
      .select()
      .from(caseEvents)
      .where(eq(caseEvents.caseId, caseId));
    expect(timeline.filter((e) => e.type === 'referral_delivery').length).toBeGreaterThan(0);
  });

  it('pushes the alert call acknowledged by pressing 1', async () => {
    sim.setPhoneBehaviour(CONGHUA_PHONE, {
      answer: true,
      ringSeconds: 1,
      script: { digits: ['1'] },
    });
    const [op, own] = await Promise.all([deliveries(operator), deliveries(conghua)]);
    const caseId = await claimed({
      categories: ['violence_injury'],
      location: { regionCode: '440117101201' },
    });
    const referral = await request(server.url, `/api/cases/${caseId}/referrals`, {
      body: { centreId: conghuaId },
      cookie: operator,
    });
    expect(referral.body.priority).toBe('P2');
    const acked = (seen: TReferralChanged[]) =>
      seen.find(
        (e) =>
          e.referral.id === referral.body.id &&
          e.notification?.channel === 'voice' &&
          e.notification.status === 'acknowledged',
      );
    await eventually(() => acked(op), 15_000);
    await eventually(() => acked(own), 15_000);
    // The call ending afterwards does not turn "acknowledged" back into "completed".
    await sim.waitUntil(
      () => sim.calls.some((c) => c.to === CONGHUA_PHONE && c.status === 'completed'),
      15_000,
      'the alert call to end',
    );
    const list = await request(server.url, `/api/cases/${caseId}/referrals`, { cookie: operator });
    const call = (list.body.referrals as TReferralChanged['referral'][])[0]!.notifications.find(
      (n) => n.channel === 'voice',
    );
    expect(call?.status).toBe('acknowledged');
  });
});
