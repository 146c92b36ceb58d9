import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { TWILIO_PATHS, signTwilioRequest, webhookUrl } from '@hutong/ivr';
import type { TwilioSimulator } from '@hutong/ivr/simulator';
import {
  ZCheckinCall,
  ZCheckinCallChanged,
  ZChildFile,
  ZStatsSummary,
  type Role,
  type TCheckinCall,
  type TCheckinCallChanged,
  type TCreateChild,
} from '@hutong/shared';
import {
  auditLog,
  calls,
  cases,
  childReportLinks,
  childVisits,
  users,
  visitPhotos,
} from '../../db/schema.js';
import { hashPassword } from '../auth/passwords.js';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../../../test/server.js';
import { attachSimulator } from '../../../test/simulator.js';
import { eventually, request } from '../../../test/http.js';
import { captureLogs } from '../../../test/logs.js';
import { jpegFile } from '../../../test/files.js';
import { connectSocket, connected } from '../../../test/socket.js';
import { fileReport } from '../../../test/cases.js';
import { TEST_DB_KIND } from '../../../test/db.js';

const AUTH_TOKEN = 'checkin-test-token';
const TIME_SCALE = 0.02;
const SHINAN = '440117101201'; // 石南村, the demo director's village
const LONGGANG = '440117101202'; // 龙岗村, the same township's other village
const STAFF_PHONE = '+8613900000100';
let nextGuardian = 13700000100;

describe(`check-in calls (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let sim: TwilioSimulator;
  let director: string;
  let supervisor: string;
  const logs = captureLogs();

  async function account(username: string, role: Role, regionCode?: string): Promise<string> {
    await server.database.db.insert(users).values({
      username,
      displayName: username,
      role,
      passwordHash: await hashPassword(DEMO_PASSWORD),
      ...(regionCode ? { regionCode } : {}),
    });
    return server.login(username);
  }

  async function userId(username: string): Promise<string> {
    const [row] = await server.database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, username));
    return row!.id;
  }

  /** Registers a child in 石南村 with a guardian whose (fresh) number the simulator knows. */
  async function registerChild(overrides: Partial<TCreateChild> = {}, cookie = director) {
    const phone = String(nextGuardian++);
    const res = await request(server.url, '/api/children', {
      cookie,
      body: {
        name: `王小明${phone.slice(-4)}`,
        sex: 'male',
        dateOfBirth: '2015-05-01',
        regionCode: SHINAN,
        categories: ['left_behind'],
        guardians: [
          { relation: 'grandparent', name: '王奶奶', phone, livesWithChild: true },
          { relation: 'father', name: '王强', livesWithChild: false },
        ],
        ...overrides,
      } satisfies TCreateChild,
    });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, guardianPhone: `+86${phone}` };
  }

  const startCall = (childId: string, body: unknown, cookie = director) =>
    request(server.url, `/api/children/${childId}/calls`, { cookie, body });

  async function callUntilEnded(
    childId: string,
    callId: string,
    cookie = director,
  ): Promise<TCheckinCall> {
    return eventually(async () => {
      const res = await request(server.url, `/api/children/${childId}/calls/${callId}`, {
        cookie,
      });
      expect(res.status).toBe(200);
      const call = ZCheckinCall.parse(res.body);
      return call.state === 'ended' ? call : undefined;
    }, 20_000);
  }

  async function file(childId: string) {
    const res = await request(server.url, `/api/children/${childId}`, { cookie: director });
    expect(res.status).toBe(200);
    return ZChildFile.parse(res.body);
  }

  async function visitsOfCall(callId: string) {
    return server.database.db.select().from(childVisits).where(eq(childVisits.callId, callId));
  }

  async function callRow(callId: string) {
    const [row] = await server.database.db.select().from(calls).where(eq(calls.id, callId));
    return row!;
  }

  /** A signed form POST to a webhook, as Twilio (re)sends it. */
  async function postSigned(pathAndQuery: string, params: Record<string, string>) {
    const signature = signTwilioRequest(AUTH_TOKEN, `${server.url}${pathAndQuery}`, params);
    return fetch(`${server.url}${pathAndQuery}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature,
      },
      body: new URLSearchParams(params).toString(),
    });
  }

  beforeAll(async () => {
    server = await startTestServer({
      log: logs.log,
      env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN, HUTONG_TIME_SCALE: String(TIME_SCALE) },
    });
    sim = await attachSimulator(server, { authToken: AUTH_TOKEN, timeScale: TIME_SCALE });
    sim.setPhoneBehaviour(STAFF_PHONE, { answer: true, ringSeconds: 2 });
    [director, supervisor] = await Promise.all([
      server.login('director'),
      server.login('supervisor'),
    ]);
  });
  afterAll(async () => {
    await sim?.stop();
    await server?.stop();
  });

  it('rings the staff phone, bridges the guardian and logs the call once as a phone visit, even when Twilio retries', async () => {
    const child = await registerChild();
    sim.setPhoneBehaviour(child.guardianPhone, { answer: true, ringSeconds: 3, talkSeconds: 120 });
    const before = await file(child.id);

    const res = await startCall(child.id, { to: { guardianIndex: 0 }, staffPhone: STAFF_PHONE });
    expect(res.status).toBe(201);
    const started = ZCheckinCall.parse(res.body);
    expect(started).toMatchObject({
      childId: child.id,
      target: { kind: 'guardian', guardianIndex: 0 },
      outcome: null,
      visitId: null,
    });
    // Nothing the API answers carries the guardian's number.
    expect(JSON.stringify(res.body)).not.toContain(child.guardianPhone.slice(3));

    const ended = await callUntilEnded(child.id, started.id);
    expect(ended.outcome).toBe('answered');
    expect(ended.talkSeconds).toBeGreaterThanOrEqual(100);
    expect(ended.visitId).not.toBeNull();

    // Both legs were played by the simulator: the staff phone by REST, the guardian by <Dial>.
    const row = await callRow(started.id);
    expect(row).toMatchObject({
      direction: 'outbound',
      status: 'completed',
      legStatus: 'completed',
    });
    const staffLeg = sim.callBySid(row.callSid)!;
    expect(staffLeg).toMatchObject({ direction: 'outbound-api', to: STAFF_PHONE });
    const guardianLeg = sim.calls.find((c) => c.parentCallSid === row.callSid)!;
    expect(guardianLeg).toMatchObject({
      direction: 'outbound-dial',
      to: child.guardianPhone,
      sid: row.legSid,
    });
    // Every webhook of the call was signed and accepted.
    const checkinHooks = sim.webhooks.log.filter((w) => w.url.includes('/twilio/checkin/'));
    expect(checkinHooks.map((w) => new URL(w.url).pathname)).toEqual(
      expect.arrayContaining([
        TWILIO_PATHS.checkinVoice,
        TWILIO_PATHS.checkinDialed,
        TWILIO_PATHS.checkinStatus,
        TWILIO_PATHS.checkinLegStatus,
      ]),
    );
    expect(checkinHooks.every((w) => w.status === 200 || w.status === 204)).toBe(true);
    // initiated, ringing, answered, completed of the guardian's leg.
    expect(checkinHooks.filter((w) => w.url.includes(TWILIO_PATHS.checkinLegStatus))).toHaveLength(
      4,
    );

    const after = await file(child.id);
    const visit = after.visits.find((v) => v.id === ended.visitId)!;
    expect(visit).toMatchObject({
      kind: 'phone',
      seen: ['guardian'],
      call: { id: started.id, outcome: 'answered', talkSeconds: ended.talkSeconds },
    });
    expect(after.lastVisitAt).not.toBeNull();
    expect(before.lastVisitAt).toBeNull();
    expect(after.timeline.some((t) => t.action === 'visited')).toBe(true);

    // Twilio retries the final callback: still one visit.
    const statusUrl = new URL(
      webhookUrl(server.url, TWILIO_PATHS.checkinStatus, { call: started.id }),
    );
    const completed = {
      AccountSid: sim.accountSid,
      CallSid: row.callSid,
      CallStatus: 'completed',
      CallDuration: '130',
      SequenceNumber: '3',
    };
    const pathAndQuery = statusUrl.pathname + statusUrl.search;
    const retried = await postSigned(pathAndQuery, completed);
    expect(retried.status).toBe(204);
    expect(await visitsOfCall(started.id)).toHaveLength(1);
    // An unsigned copy is refused and changes nothing.
    const forged = await fetch(`${server.url}${pathAndQuery}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(completed).toString(),
    });
    expect(forged.status).toBe(403);

    // Audited without the number.
    const audits = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'child.called'), eq(auditLog.entityId, child.id)));
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(audits[0]!.data)).not.toContain(child.guardianPhone.slice(3));
    expect(logs.text()).not.toContain(child.guardianPhone.slice(3));
  });

  it('calls the child on their own phone: the same bridge, logged as a visit that saw the child, the number nowhere but the file', async () => {
    const childPhone = String(nextGuardian++);
    const child = await registerChild({ phone: childPhone });
    const guardianDigits = child.guardianPhone.slice(3);
    sim.setPhoneBehaviour(`+86${childPhone}`, { answer: true, ringSeconds: 2, talkSeconds: 60 });
    // The file shows it to whoever may read the file, as the guardians' phones are.
    expect((await file(child.id)).phone).toBe(childPhone);

    const res = await startCall(child.id, { to: 'child', staffPhone: STAFF_PHONE });
    expect(res.status).toBe(201);
    const started = ZCheckinCall.parse(res.body);
    expect(started).toMatchObject({ childId: child.id, target: { kind: 'child' }, visitId: null });
    expect(JSON.stringify(res.body)).not.toContain(childPhone);

    const ended = await callUntilEnded(child.id, started.id);
    expect(ended).toMatchObject({ outcome: 'answered', target: { kind: 'child' } });
    expect(ended.talkSeconds).toBeGreaterThanOrEqual(40);

    // The simulator rang the staff phone, then the child's number (not a guardian's) by <Dial>.
    const row = await callRow(started.id);
    expect(row).toMatchObject({
      direction: 'outbound',
      status: 'completed',
      checkinTarget: 'child',
      checkinGuardianIndex: null,
    });
    expect(sim.callBySid(row.callSid)).toMatchObject({ to: STAFF_PHONE });
    const dialed = sim.calls.filter((c) => c.parentCallSid === row.callSid);
    expect(dialed.map((c) => c.to)).toEqual([`+86${childPhone}`]);
    expect(dialed[0]).toMatchObject({ direction: 'outbound-dial', sid: row.legSid });
    // Stored like a guardian's call: encrypted, never the plain number.
    expect(JSON.stringify(row)).not.toContain(childPhone);
    expect(sim.calls.some((c) => c.to === child.guardianPhone)).toBe(false);

    const after = await file(child.id);
    expect(after.visits.find((v) => v.id === ended.visitId)).toMatchObject({
      kind: 'phone',
      seen: ['child'],
      call: { id: started.id, outcome: 'answered' },
    });
    expect(after.lastVisitAt).not.toBeNull();

    // Not in the follow-up read, nor in the timeline, the audit rows or the logs.
    const followed = await request(server.url, `/api/children/${child.id}/calls/${started.id}`, {
      cookie: director,
    });
    expect(JSON.stringify(followed.body)).not.toContain(childPhone);
    expect(JSON.stringify(after.timeline)).not.toContain(childPhone);
    const audits = await server.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, child.id));
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining(['child.registered', 'child.called', 'child.visited']),
    );
    expect(audits.find((a) => a.action === 'child.called')!.data).toMatchObject({
      callId: started.id,
      target: 'child',
    });
    expect(JSON.stringify(audits)).not.toContain(childPhone);
    expect(logs.text()).not.toContain(childPhone);
    expect(logs.text()).not.toContain(guardianDigits);
  });

  it('refuses to call a child with no phone on the file (400 naming to), and calls once the number is added', async () => {
    const child = await registerChild();
    const refused = await startCall(child.id, { to: 'child', staffPhone: STAFF_PHONE });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      data: { to: expect.stringContaining('phone') },
    });
    const childPhone = String(nextGuardian++);
    const edited = await request(server.url, `/api/children/${child.id}`, {
      cookie: director,
      method: 'PATCH',
      body: { phone: childPhone },
    });
    expect(edited.status).toBe(200);
    sim.setPhoneBehaviour(`+86${childPhone}`, { answer: false, ringSeconds: 1 });
    const res = await startCall(child.id, { to: 'child', staffPhone: STAFF_PHONE });
    expect(res.status).toBe(201);
    const ended = await callUntilEnded(child.id, res.body.id as string);
    expect(ended).toMatchObject({ outcome: 'no_answer', target: { kind: 'child' } });
    expect(sim.calls.some((c) => c.to === `+86${childPhone}`)).toBe(true);
    // Removed again: refused again.
    await request(server.url, `/api/children/${child.id}`, {
      cookie: director,
      method: 'PATCH',
      body: { phone: null },
    });
    expect((await startCall(child.id, { to: 'child', staffPhone: STAFF_PHONE })).status).toBe(400);
  });

  it('pushes the call’s state over the socket to the user who placed it, and to nobody else', async () => {
    const child = await registerChild();
    sim.setPhoneBehaviour(child.guardianPhone, { answer: true, ringSeconds: 2, talkSeconds: 20 });
    const placer = connectSocket(server.url, director);
    const other = connectSocket(server.url, supervisor);
    const pushed: TCheckinCallChanged[] = [];
    const overheard: TCheckinCallChanged[] = [];
    placer.on('checkin.updated', (payload) => pushed.push(payload));
    other.on('checkin.updated', (payload) => overheard.push(payload));
    try {
      await Promise.all([connected(placer), connected(other)]);
      const res = await startCall(child.id, { to: { guardianIndex: 0 }, staffPhone: STAFF_PHONE });
      expect(res.status).toBe(201);
      const callId = res.body.id as string;
      await eventually(() => pushed.some((p) => p.state === 'ended'), 20_000);
      const ours = pushed.filter((p) => p.id === callId);
      // Each push is the shared schema's, ids and state only: nothing else, no number.
      for (const payload of ours) {
        expect(ZCheckinCallChanged.strict().parse(payload)).toEqual(payload);
        expect(Object.keys(payload).sort()).toEqual(['childId', 'id', 'outcome', 'state']);
      }
      expect(JSON.stringify(pushed)).not.toContain(child.guardianPhone.slice(3));
      const states = ours.map((p) => p.state);
      expect(states).toEqual(expect.arrayContaining(['calling_party', 'connected', 'ended']));
      expect(states.indexOf('calling_party')).toBeLessThan(states.indexOf('connected'));
      expect(states.at(-1)).toBe('ended');
      expect(ours.at(-1)).toEqual({
        id: callId,
        childId: child.id,
        state: 'ended',
        outcome: 'answered',
      });
      // What the socket said is what the API says.
      expect(await callUntilEnded(child.id, callId)).toMatchObject({
        state: 'ended',
        outcome: 'answered',
      });
      expect(overheard).toEqual([]);
    } finally {
      placer.disconnect();
      other.disconnect();
    }
  });

  it('logs one visit when every status callback arrives twice', async () => {
    const child = await registerChild();
    sim.setPhoneBehaviour(child.guardianPhone, { answer: true, ringSeconds: 2, talkSeconds: 30 });
    sim.setFaults({ duplicateStatusCallbacks: true });
    try {
      const res = await startCall(child.id, { to: { guardianIndex: 0 }, staffPhone: STAFF_PHONE });
      expect(res.status).toBe(201);
      const ended = await callUntilEnded(child.id, res.body.id as string);
      expect(ended.outcome).toBe('answered');
      await eventually(() =>
        sim.webhooks.log.some(
          (w) =>
            w.url.includes(`call=${ended.id}`) &&
            w.url.includes(TWILIO_PATHS.checkinStatus) &&
            w.injected === 'duplicate',
        ),
      );
      expect(await visitsOfCall(ended.id)).toHaveLength(1);
    } finally {
      sim.resetFaults();
    }
  });

  it.each([
    ['no_answer', { answer: false, ringSeconds: 2 }],
    ['busy', { reject: 'busy' as const }],
    ['failed', { reject: 'failed' as const }],
  ])('logs a %s call as a phone visit that moves no visit dates', async (outcome, behaviour) => {
    const child = await registerChild();
    sim.setPhoneBehaviour(child.guardianPhone, behaviour);
    const res = await startCall(child.id, { to: { guardianIndex: 0 }, staffPhone: STAFF_PHONE });
    expect(res.status).toBe(201);
    const ended = await callUntilEnded(child.id, res.body.id as string);
    expect(ended).toMatchObject({ outcome, talkSeconds: 0 });
    const after = await file(child.id);
    const visit = after.visits.find((v) => v.id === ended.visitId)!;
    expect(visit).toMatchObject({ kind: 'phone', seen: [], call: { outcome, talkSeconds: 0 } });
    // Nobody was reached: the child still counts as never visited.
    expect(after.lastVisitAt).toBeNull();
  });

  it('logs no visit when the staff member never answers their own phone', async () => {
    const child = await registerChild();
    const unreachable = '+8613900000199';
    sim.setPhoneBehaviour(unreachable, { answer: false, ringSeconds: 1 });
    const res = await startCall(child.id, { to: { guardianIndex: 0 }, staffPhone: unreachable });
    expect(res.status).toBe(201);
    const ended = await callUntilEnded(child.id, res.body.id as string);
    expect(ended).toMatchObject({ outcome: 'staff_unreachable', visitId: null });
    expect(sim.calls.some((c) => c.to === child.guardianPhone)).toBe(false);
    expect(await visitsOfCall(ended.id)).toHaveLength(0);
  });

  it("takes photos and an Idempotency-Key on the call's form: sent again, answered as at first", async () => {
    const child = await registerChild();
    sim.setPhoneBehaviour(child.guardianPhone, { answer: true, ringSeconds: 1, talkSeconds: 5 });
    const res = await startCall(child.id, { to: { guardianIndex: 0 }, staffPhone: STAFF_PHONE });
    const ended = await callUntilEnded(child.id, res.body.id as string);
    const form = {
      kind: 'phone',
      visitedAt: new Date().toISOString(),
      seen: ['guardian'],
      callId: ended.id,
      photos: [{ contentType: 'image/jpeg', dataBase64: jpegFile().toString('base64') }],
    };
    // The phone sends the form from its queue with a key; the first answer is lost to the
    // signal and the phone sends it again.
    const send = () =>
      request(server.url, `/api/children/${child.id}/visits`, {
        cookie: director,
        body: form,
        headers: { 'idempotency-key': 'checkin-form-1' },
      });
    const first = await send();
    expect(first.status).toBe(201);
    expect(first.body.visit).toMatchObject({ id: ended.visitId, call: { outcome: 'answered' } });
    expect(first.body.visit.photos).toHaveLength(1);
    const again = await send();
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.visit).toEqual(first.body.visit);
    const stored = await server.database.db
      .select()
      .from(visitPhotos)
      .where(eq(visitPhotos.visitId, ended.visitId!));
    expect(stored).toHaveLength(1);
    // The key with another form is refused, not taken as the first.
    const other = await request(server.url, `/api/children/${child.id}/visits`, {
      cookie: director,
      body: { ...form, seen: ['child'] },
      headers: { 'idempotency-key': 'checkin-form-1' },
    });
    expect(other.status).toBe(422);
  });

  it('takes the call on the softphone (client:operator-<id>)', async () => {
    const child = await registerChild();
    const id = await userId('director');
    sim.setPhoneBehaviour(`client:operator-${id}`, { answer: true, ringSeconds: 1 });
    sim.setPhoneBehaviour(child.guardianPhone, { answer: true, ringSeconds: 1, talkSeconds: 10 });
    const res = await startCall(child.id, { to: { guardianIndex: 0 }, softphone: true });
    expect(res.status).toBe(201);
    // The browser picks the incoming call out by the staff leg's CallSid, given at once.
    const staffCallSid = res.body.staffCallSid as string;
    expect(staffCallSid).toMatch(/^CA/);
    const ended = await callUntilEnded(child.id, res.body.id as string);
    expect(ended.outcome).toBe('answered');
    expect(ended.staffCallSid).toBe(staffCallSid);
    expect((await callRow(ended.id)).callSid).toBe(staffCallSid);
    expect(sim.callBySid(staffCallSid)!.to).toBe(`client:operator-${id}`);
  });

  it('fills the call’s visit with the form afterwards, once', async () => {
    const child = await registerChild();
    sim.setPhoneBehaviour(child.guardianPhone, { answer: true, ringSeconds: 1, talkSeconds: 20 });
    const res = await startCall(child.id, { to: { guardianIndex: 0 }, staffPhone: STAFF_PHONE });
    const ended = await callUntilEnded(child.id, res.body.id as string);
    const form = {
      kind: 'phone',
      visitedAt: new Date().toISOString(),
      seen: ['guardian', 'child'],
      checklist: { guardianPresent: true, childSafe: true, enoughFood: false },
      notes: '孩子说最近吃不饱',
      callId: ended.id,
    };
    const filled = await request(server.url, `/api/children/${child.id}/visits`, {
      cookie: director,
      body: form,
    });
    expect(filled.status).toBe(201);
    expect(filled.body.visit).toMatchObject({
      id: ended.visitId,
      seen: ['guardian', 'child'],
      call: { outcome: 'answered' },
    });
    expect(filled.body.visit.checklist).toMatchObject({ enoughFood: false, healthy: null });
    expect((await file(child.id)).visits.filter((v) => v.kind === 'phone')).toHaveLength(1);
    const again = await request(server.url, `/api/children/${child.id}/visits`, {
      cookie: director,
      body: form,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.data).toHaveProperty('callId');
    const home = await request(server.url, `/api/children/${child.id}/visits`, {
      cookie: director,
      body: { ...form, kind: 'home' },
    });
    expect(home.status).toBe(400);
    expect(home.body.error.data).toHaveProperty('kind');
  });

  it('names the field it refuses, never a 5xx', async () => {
    const child = await registerChild();
    const cases400: Array<[unknown, string]> = [
      [{ to: 'child', staffPhone: STAFF_PHONE }, 'to'],
      [{ to: { guardianIndex: 1 }, staffPhone: STAFF_PHONE }, 'to.guardianIndex'],
      [{ to: { guardianIndex: 5 }, staffPhone: STAFF_PHONE }, 'to.guardianIndex'],
      [{ to: { guardianIndex: 0 } }, 'staffPhone'],
      [{ to: { guardianIndex: 0 }, staffPhone: 'not a phone' }, 'staffPhone'],
      [{ to: { guardianIndex: 0 }, staffPhone: STAFF_PHONE, softphone: true }, 'softphone'],
      [{ to: { guardianIndex: -1 }, staffPhone: STAFF_PHONE }, 'to'],
    ];
    for (const [body, field] of cases400) {
      const res = await startCall(child.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.body.error.data as object).join(' ')).toContain(field);
    }
    expect(
      (
        await startCall('00000000-0000-4000-8000-000000000000', {
          to: { guardianIndex: 0 },
          staffPhone: STAFF_PHONE,
        })
      ).status,
    ).toBe(404);
  });

  describe('who may call', () => {
    it('lets the township supervisor and the hotline supervisor call, not a director of another village', async () => {
      const child = await registerChild();
      sim.setPhoneBehaviour(child.guardianPhone, { answer: false, ringSeconds: 1 });
      const township = await server.login('township');
      const other = await account('director-longgang', 'child_director', LONGGANG);
      const body = { to: { guardianIndex: 0 }, staffPhone: STAFF_PHONE };
      expect((await startCall(child.id, body, township)).status).toBe(201);
      expect((await startCall(child.id, body, supervisor)).status).toBe(201);
      const refused = await startCall(child.id, body, other);
      expect(refused.status).toBe(404);
      expect(refused.body.error.code).toBe('NOT_FOUND');
      for (const username of ['analyst', 'centre', 'reporter', 'admin']) {
        const cookie = await server.login(username);
        const res = await startCall(child.id, body, cookie);
        expect(res.status, username).toBe(403);
      }
    });

    it('lets an operator call only through an open case linked to the child and assigned to them', async () => {
      const child = await registerChild();
      sim.setPhoneBehaviour(child.guardianPhone, { answer: false, ringSeconds: 1 });
      const operator = await server.login('operator');
      const operatorId = await userId('operator');
      const body = { to: { guardianIndex: 0 }, staffPhone: STAFF_PHONE };
      expect((await startCall(child.id, body, operator)).status).toBe(404);

      const filed = await fileReport(server);
      await server.database.db
        .insert(childReportLinks)
        .values({ childId: child.id, reportId: filed.reportId, source: 'match' });
      // Linked, but someone else's case: still no.
      expect((await startCall(child.id, body, operator)).status).toBe(404);
      await server.database.db
        .update(cases)
        .set({ assigneeId: operatorId })
        .where(eq(cases.id, filed.caseId));
      const res = await startCall(child.id, body, operator);
      expect(res.status).toBe(201);
      const followed = await request(server.url, `/api/children/${child.id}/calls/${res.body.id}`, {
        cookie: operator,
      });
      expect(followed.status).toBe(200);
      await server.database.db
        .update(cases)
        .set({ status: 'closed' })
        .where(eq(cases.id, filed.caseId));
      expect((await startCall(child.id, body, operator)).status).toBe(404);
    });
  });

  it('counts check-in calls made and answered in the statistics, suppressed for analysts’ exports', async () => {
    // Its own village (龙岗村), so that no other test's calls are in its figures.
    const township = await server.login('township');
    const answering = await registerChild({ regionCode: LONGGANG }, township);
    const silent = await registerChild({ regionCode: LONGGANG }, township);
    sim.setPhoneBehaviour(answering.guardianPhone, {
      answer: true,
      ringSeconds: 1,
      talkSeconds: 20,
    });
    sim.setPhoneBehaviour(silent.guardianPhone, { answer: false, ringSeconds: 1 });
    const body = { to: { guardianIndex: 0 }, staffPhone: STAFF_PHONE };
    for (const child of [answering, silent]) {
      const res = await startCall(child.id, body, township);
      expect(res.status).toBe(201);
      await callUntilEnded(child.id, res.body.id as string, township);
    }

    const summary = async (cookie: string, query = `?regionCode=${LONGGANG}`) => {
      const res = await request(server.url, `/api/stats/summary${query}`, { cookie });
      expect(res.status).toBe(200);
      return ZStatsSummary.parse(res.body);
    };
    const village = await summary(supervisor);
    expect(village.calls.outbound).toEqual({ made: 2, answered: 1 });
    // Inbound figures do not count them.
    expect(village.calls.offered).toBe(0);
    const analyst = await server.login('analyst');
    expect((await summary(analyst)).calls.outbound).toEqual({ made: 2, answered: 1 });
    // 韶关市 has no children on file here.
    expect((await summary(supervisor, '?regionCode=440200')).calls.outbound).toEqual({
      made: 0,
      answered: 0,
    });

    const csv = await fetch(
      `${server.url}/api/stats/export?format=csv&lang=en&regionCode=${LONGGANG}`,
      { headers: { cookie: analyst } },
    );
    expect(csv.status).toBe(200);
    const text = await csv.text();
    const value = (label: string) =>
      text
        .split('\n')
        .find((l) => l.startsWith(`${label},`))
        ?.split(',')[1];
    expect(value('Check-in calls made')).toBe('<5');
    // Withheld too, so that made − answered does not reveal it.
    expect(['<5', '—']).toContain(value('Check-in calls answered'));
    // A supervisor's export shows the exact counts.
    const exact = await fetch(
      `${server.url}/api/stats/export?format=csv&lang=en&regionCode=${LONGGANG}`,
      { headers: { cookie: supervisor } },
    );
    const exactText = await exact.text();
    const exactValue = (label: string) =>
      exactText
        .split('\n')
        .find((l) => l.startsWith(`${label},`))
        ?.split(',')[1];
    expect(exactValue('Check-in calls made')).toBe('2');
    expect(exactValue('Check-in calls answered')).toBe('1');
  });
});
