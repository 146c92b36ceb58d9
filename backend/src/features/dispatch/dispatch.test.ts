import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { TwilioSimulator } from '@hutong/ivr/simulator';
import {
  ZCentreSuggestions,
  ZReferral,
  ZReferralDetail,
  ZReportStatus,
  type TCreateReport,
  type TReferralChanged,
} from '@hutong/shared';
import { notifications, reports } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { addUser, demoCentres } from '../../../test/fixtures.js';
import { claimedCase } from '../../../test/cases.js';
import { attachSimulator } from '../../../test/simulator.js';
import { eventually, request } from '../../../test/http.js';
import { connectSocket, connected, type TestSocket } from '../../../test/socket.js';
import { TEST_DB_KIND } from '../../../test/db.js';

const AUTH_TOKEN = 'dispatch-test-token';
const ACCOUNT_SID = `AC${'2'.repeat(32)}`;
const CITY_PHONE = '+862000000001';
const CONGHUA_PHONE = '+862000000002';

/** Records referral events on a socket. */
function referralEvents(socket: TestSocket): TReferralChanged[] {
  const seen: TReferralChanged[] = [];
  socket.on('referral.created', (p) => seen.push(p));
  socket.on('referral.updated', (p) => seen.push(p));
  return seen;
}

describe(`dispatch (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let sim: TwilioSimulator;
  let operator: string;
  let operator2: string;
  let supervisor: string;
  let centre: string;
  let conghua: string;
  let cityCentreId: string;
  let conghuaId: string;
  let policeId: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN } });
    sim = await attachSimulator(server, {
      authToken: AUTH_TOKEN,
      accountSid: ACCOUNT_SID,
      timeScale: 0.02,
    });
    ({ cityId: cityCentreId, conghuaId, policeId } = await demoCentres(server));
    // A second centre's duty officer, to check that centres see only their own referrals.
    conghua = await addUser(server, {
      username: 'conghua',
      displayName: '从化站 值班员',
      role: 'centre_staff',
      centreId: conghuaId,
    });
    [operator, operator2, supervisor, centre] = await Promise.all([
      server.login('operator'),
      server.login('operator2'),
      server.login('supervisor'),
      server.login('centre'),
    ]);
  });
  afterAll(async () => {
    await sim?.stop();
    await server?.stop();
  });

  /** Files a report, waits for its case and claims it as `operator`. */
  let child = 0;
  const claimed = (overrides: Partial<TCreateReport> = {}) =>
    // A different child each time, named so the tests below can check it never leaks.
    claimedCase(server, operator, {
      children: [{ name: `小明${++child}`, sex: 'male', age: 9 }],
      ...overrides,
    });

  const refer = (caseId: string, centreId: string, cookie = operator, extra: object = {}) =>
    request(server.url, `/api/cases/${caseId}/referrals`, {
      body: { centreId, note: '请尽快上门核实', ...extra },
      cookie,
    });
  const move = (id: string, body: object, cookie = centre) =>
    request(server.url, `/api/referrals/${id}`, { method: 'PATCH', body, cookie });

  describe('centres', () => {
    it('suggests the centre whose jurisdiction covers the child, then the one above it', async () => {
      const { caseId } = await claimed({
        categories: ['bullying'],
        location: { regionCode: '440117101201' },
      });
      const res = await request(server.url, `/api/cases/${caseId}/centre-suggestions`, {
        cookie: operator,
      });
      expect(res.status).toBe(200);
      const { suggestions } = ZCentreSuggestions.parse(res.body);
      expect(suggestions.map((s) => [s.centre.id, s.reason])).toEqual([
        [conghuaId, 'jurisdiction'],
        [cityCentreId, 'parent_region'],
      ]);
    });

    it('adds the police for mandatory situations 1–8', async () => {
      const { caseId } = await claimed({ categories: ['violence_injury'] });
      const res = await request(server.url, `/api/cases/${caseId}/centre-suggestions`, {
        cookie: operator,
      });
      const { suggestions } = ZCentreSuggestions.parse(res.body);
      expect(suggestions.map((s) => [s.centre.id, s.reason])).toEqual([
        [cityCentreId, 'jurisdiction'],
        [policeId, 'police'],
      ]);
    });

    it('lets admins create and edit centres, refusing unknown regions by field', async () => {
      const admin = await server.login('admin');
      const bad = await request(server.url, '/api/centres', {
        body: { name: '测试站', kind: 'township_station', regionCode: '999999' },
        cookie: admin,
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.data).toEqual({ regionCode: 'Unknown region' });
      const created = await request(server.url, '/api/centres', {
        body: {
          name: '石牌街道保护站',
          kind: 'township_station',
          regionCode: '440106002',
          jurisdiction: ['440106002'],
          dutyContacts: [{ label: '站长', phone: '+862000000099', sms: true }],
        },
        cookie: admin,
      });
      expect(created.status).toBe(201);
      expect(created.body.jurisdiction[0].name).toBe('石牌街道');
      const off = await request(server.url, `/api/centres/${created.body.id}`, {
        method: 'PATCH',
        body: { active: false },
        cookie: admin,
      });
      expect(off.body.active).toBe(false);
      const asOperator = await request(server.url, '/api/centres', {
        body: { name: 'x', kind: 'other', regionCode: '440100' },
        cookie: operator,
      });
      expect(asOperator.status).toBe(403);
    });
  });

  describe('referral state machine', () => {
    it('walks pending → acknowledged → accepted → en_route → on_site → completed, live to both sides', async () => {
      const { caseId, reference } = await claimed({ categories: ['bullying'] });
      const opSocket = connectSocket(server.url, operator);
      const centreSocket = connectSocket(server.url, centre);
      const otherCentre = connectSocket(server.url, conghua);
      await Promise.all([connected(opSocket), connected(centreSocket), connected(otherCentre)]);
      const opSeen = referralEvents(opSocket);
      const centreSeen = referralEvents(centreSocket);
      const otherSeen = referralEvents(otherCentre);

      const created = await refer(caseId, cityCentreId);
      expect(created.status).toBe(201);
      const referral = ZReferral.parse(created.body);
      expect(referral).toMatchObject({
        status: 'pending',
        escalationLevel: 0,
        caseReference: reference,
      });
      expect(referral.ackDeadline).not.toBeNull();
      const ring = await eventually(() =>
        centreSeen.find((e) => e.referral.id === referral.id && e.step === 'created'),
      );
      expect(JSON.stringify(ring)).not.toMatch(/小明|张老师|淤青|13800000001/);

      const steps: [string, object][] = [
        ['acknowledged', {}],
        ['accepted', {}],
        ['en_route', {}],
        ['on_site', {}],
        [
          'completed',
          {
            outcome: {
              actions: ['child_seen', 'services_arranged'],
              date: '2026-01-05',
              notes: '已联系学校',
            },
          },
        ],
      ];
      for (const [status, extra] of steps) {
        const res = await move(referral.id, { status, ...extra });
        expect(res.status, status).toBe(200);
        expect(res.body.status).toBe(status);
      }
      await eventually(() =>
        opSeen.find((e) => e.referral.id === referral.id && e.referral.status === 'completed'),
      );
      await eventually(() =>
        centreSeen.find(
          (e) => e.referral.id === referral.id && e.referral.status === 'acknowledged',
        ),
      );
      const detail = await request(server.url, `/api/cases/${caseId}`, { cookie: operator });
      const types = (detail.body.events as { type: string }[]).map((e) => e.type);
      expect(types.filter((t) => t === 'referral_updated')).toHaveLength(5);
      // Accepting moved the dispatched case into progress.
      expect(detail.body.status).toBe('in_progress');
      expect(otherSeen).toHaveLength(0);
      for (const s of [opSocket, centreSocket, otherCentre]) s.disconnect();
    });

    it('refuses illegal moves with 409 and says why', async () => {
      const { caseId } = await claimed({ categories: ['bullying'] });
      const { body: referral } = await refer(caseId, cityCentreId);
      const skip = await move(referral.id, { status: 'completed' });
      expect(skip.status).toBe(409);
      expect(skip.body.error).toMatchObject({
        code: 'ILLEGAL_TRANSITION',
        data: { from: 'pending', to: 'completed', problem: 'not_allowed' },
      });
      const noReason = await move(referral.id, { status: 'declined' });
      expect(noReason.body.error.data.problem).toBe('reason_required');
      const centreCancels = await move(referral.id, { status: 'cancelled' });
      expect(centreCancels.body.error.data.problem).toBe('not_your_move');
      const operatorRevokes = await move(referral.id, { status: 'revoked', reason: 'x' }, operator);
      expect(operatorRevokes.body.error.data.problem).toBe('not_your_move');
      const notHolder = await move(referral.id, { status: 'cancelled' }, operator2);
      expect(notHolder.status).toBe(403);
      const badBody = await move(referral.id, { status: 'done' });
      expect(badBody.status).toBe(400);
      expect(badBody.body.error.data).toHaveProperty('status');
      await move(referral.id, { status: 'acknowledged' });
      const noOutcome = await move(referral.id, { status: 'accepted' });
      expect(noOutcome.status).toBe(200);
      const missing = await move(referral.id, { status: 'completed' });
      expect(missing.body.error.data.problem).toBe('outcome_required');
    });

    it('re-routes a declined referral, and a supervisor revokes', async () => {
      const { caseId } = await claimed({ categories: ['bullying'] });
      const { body: first } = await refer(caseId, cityCentreId);
      expect((await move(first.id, { status: 'declined', reason: '不属本中心辖区' })).status).toBe(
        200,
      );
      const wrong = await refer(caseId, conghuaId, operator, { replaces: randomId() });
      expect(wrong.status).toBe(400);
      const second = await refer(caseId, conghuaId, operator, { replaces: first.id });
      expect(second.status).toBe(201);
      expect(second.body.replacesId).toBe(first.id);
      const list = await request(server.url, `/api/cases/${caseId}/referrals`, {
        cookie: operator,
      });
      expect(list.body.referrals.find((r: { id: string }) => r.id === first.id).reroutedToId).toBe(
        second.body.id,
      );
      const revoked = await move(second.body.id, { status: 'revoked', reason: '改派' }, supervisor);
      expect(revoked.body.status).toBe('revoked');
    });
  });

  describe("the centre's scope", () => {
    it('sees only its own referrals, never case details or the reporter', async () => {
      const { caseId } = await claimed({ categories: ['bullying'] });
      const { body: referral } = await refer(caseId, cityCentreId);

      const own = await request(server.url, '/api/referrals', { cookie: centre });
      expect(own.body.referrals.map((r: { id: string }) => r.id)).toContain(referral.id);
      const other = await request(server.url, '/api/referrals', { cookie: conghua });
      expect(other.body.referrals.map((r: { id: string }) => r.id)).not.toContain(referral.id);

      expect(
        (await request(server.url, `/api/referrals/${referral.id}`, { cookie: conghua })).status,
      ).toBe(404);
      expect((await move(referral.id, { status: 'acknowledged' }, conghua)).status).toBe(404);
      expect((await request(server.url, `/api/cases/${caseId}`, { cookie: centre })).status).toBe(
        403,
      );
      expect(
        (await request(server.url, `/api/cases/${caseId}/referrals`, { cookie: centre })).status,
      ).toBe(403);

      const detail = await request(server.url, `/api/referrals/${referral.id}`, { cookie: centre });
      expect(detail.status).toBe(200);
      const parsed = ZReferralDetail.parse(detail.body);
      expect(parsed.case.children[0]).toMatchObject({
        name: expect.stringMatching(/^小明/),
        age: 9,
      });
      expect(parsed.note).toBe('请尽快上门核实');
      expect(JSON.stringify(detail.body)).not.toMatch(/张老师|13800000001|淤青/);
    });
  });

  describe('notifications through the simulator', () => {
    it('texts the duty phone with reference, priority and region only, and tracks delivery', async () => {
      const { caseId, reference } = await claimed({ categories: ['bullying'] });
      const { body: referral } = await refer(caseId, cityCentreId);
      await sim.waitUntil(() =>
        sim.outboundMessages.some((m) => m.to === CITY_PHONE && m.body.includes(reference)),
      );
      const sms = sim.outboundMessages.find((m) => m.body.includes(reference))!;
      expect(sms.body).toContain('P3');
      expect(sms.body).toContain('广东省广州市天河区');
      expect(sms.body).not.toMatch(/小明|张老师|淤青|五山路/);
      const row = await eventually(async () => {
        const [n] = await server.database.db
          .select()
          .from(notifications)
          .where(eq(notifications.referralId, referral.id));
        const all = await server.database.db
          .select()
          .from(notifications)
          .where(eq(notifications.referralId, referral.id));
        const text = all.find((x) => x.channel === 'sms');
        return n && text?.status === 'delivered' ? text : undefined;
      });
      expect(row.providerSid).toBe(sms.sid);
      // P3: no call.
      expect(sim.calls.some((c) => c.to === CITY_PHONE && c.direction === 'outbound-api')).toBe(
        false,
      );
    });

    it('calls for P1/P2 and the duty officer acknowledges by pressing 1', async () => {
      sim.setPhoneBehaviour(CONGHUA_PHONE, {
        answer: true,
        ringSeconds: 1,
        script: { digits: ['1'] },
      });
      const { caseId, reference } = await claimed({
        categories: ['violence_injury'],
        location: { regionCode: '440117101201' },
      });
      const opSocket = connectSocket(server.url, operator);
      await connected(opSocket);
      const seen = referralEvents(opSocket);
      const { body: referral } = await refer(caseId, conghuaId);
      expect(referral.priority).toBe('P2');
      await sim.waitUntil(
        () => sim.calls.some((c) => c.to === CONGHUA_PHONE && c.status === 'completed'),
        15_000,
        'the alert call',
      );
      const call = sim.calls.find((c) => c.to === CONGHUA_PHONE)!;
      const heard = call.transcript.map((t) => t.text).join('\n');
      expect(heard).toContain('按 1');
      expect(heard).toContain(reference.replace(/-/g, ' ').split('').join(' '));
      expect(heard).not.toMatch(/小明|张老师/);
      const acked = await eventually(() =>
        seen.find((e) => e.referral.id === referral.id && e.referral.status === 'acknowledged'),
      );
      expect(acked.referral.acknowledgedVia).toBe('phone');
      opSocket.disconnect();
    });
  });

  describe('closing the loop', () => {
    it('resolves only with every referral closed, police recorded and the callback done or waived', async () => {
      const { caseId } = await claimed({ categories: ['violence_injury'] });
      const { body: referral } = await refer(caseId, cityCentreId);
      await move(referral.id, { status: 'acknowledged' });
      await move(referral.id, { status: 'accepted' });
      const detail = await request(server.url, `/api/cases/${caseId}`, { cookie: operator });
      let version = detail.body.version as number;
      expect(detail.body.status).toBe('in_progress');

      const resolve = () =>
        request(server.url, `/api/cases/${caseId}/transition`, {
          body: { to: 'resolved', version },
          cookie: operator,
        });
      let refused = await resolve();
      expect(refused.status).toBe(409);
      expect(refused.body.error.data.blockers).toEqual([
        'open_referrals',
        'police_not_notified',
        'callback_missing',
      ]);

      await move(referral.id, {
        status: 'completed',
        outcome: { actions: ['police_case_opened'], date: '2026-01-05' },
      });
      const police = await request(server.url, `/api/cases/${caseId}`, {
        method: 'PATCH',
        body: {
          version,
          assessment: { police: { notified: true, at: '2026-01-05T10:00:00+08:00' } },
        },
        cookie: operator,
      });
      expect(police.status).toBe(200);
      version = police.body.version;
      const badWaive = await request(server.url, `/api/cases/${caseId}/callback`, {
        body: { outcome: 'waived' },
        cookie: operator,
      });
      expect(badWaive.status).toBe(400);
      expect(badWaive.body.error.data).toHaveProperty('reason');
      refused = await resolve();
      expect(refused.body.error.data.blockers).toEqual(['callback_missing']);

      const waived = await request(server.url, `/api/cases/${caseId}/callback`, {
        body: { outcome: 'waived', reason: '匿名举报，无法回访' },
        cookie: operator,
      });
      expect(waived.body).toMatchObject({ mayResolve: true, blockers: [] });
      version = (await request(server.url, `/api/cases/${caseId}`, { cookie: operator })).body
        .version;
      const ok = await resolve();
      expect(ok.status).toBe(200);
      expect(ok.body.status).toBe('resolved');
    });

    it('tells a reporter with reference and code the generic status, nobody else', async () => {
      const { caseId, reference, lookupCode } = await claimed({ categories: ['bullying'] });
      expect(lookupCode).toMatch(/^[2-9A-Z]{10}$/);
      const lookup = (code: string) =>
        request(
          server.url,
          `/api/reports/status?reference=${encodeURIComponent(reference)}&code=${code}`,
        );
      const res = await lookup(lookupCode);
      expect(res.status).toBe(200);
      expect(ZReportStatus.parse(res.body)).toMatchObject({ stage: 'in_progress', outcome: null });
      expect(JSON.stringify(res.body)).not.toMatch(/小明|张老师|bullying/);
      expect((await lookup('WRONGCODE2')).status).toBe(404);
      const missing = await request(server.url, '/api/reports/status?reference=x');
      expect(missing.status).toBe(400);
      // Only the digest is stored.
      const [row] = await server.database.db
        .select()
        .from(reports)
        .where(eq(reports.reference, reference));
      expect(JSON.stringify(row)).not.toContain(lookupCode);
      expect(caseId).toBeTruthy();
    });
  });
});

function randomId(): string {
  return crypto.randomUUID();
}
