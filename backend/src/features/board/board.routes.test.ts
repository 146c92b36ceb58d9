import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import {
  ZCentreList,
  ZDutyBoard,
  type TCreateReport,
  type TDutyBoard,
  type TPresenceChanged,
} from '@hutong/shared';
import { calls, cases, referrals, users } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { fileReport } from '../../../test/cases.js';
import { eventually, request } from '../../../test/http.js';
import { connectSocket, connected, type TestSocket } from '../../../test/socket.js';
import { TEST_DB_KIND } from '../../../test/db.js';

describe(`the supervisors' duty board (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let supervisor: string;
  let operator: string;
  let operatorId: string;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    supervisor = await server.login('supervisor');
    operator = await server.login('operator');
    const [row] = await server.database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, 'operator'));
    operatorId = row!.id;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await server?.stop();
  });

  const board = async (): Promise<TDutyBoard> => {
    const res = await request(server.url, '/api/board', { cookie: supervisor });
    expect(res.status).toBe(200);
    return ZDutyBoard.parse(res.body);
  };

  async function open(cookie: string): Promise<TestSocket> {
    const socket = connectSocket(server.url, cookie);
    sockets.push(socket);
    await connected(socket);
    return socket;
  }

  const caseFor = (overrides: Partial<TCreateReport> = {}) => fileReport(server, overrides);

  it('is for supervisors: 401 signed out, 403 for operators, centres and admins', async () => {
    expect((await request(server.url, '/api/board')).status).toBe(401);
    for (const who of ['operator', 'centre', 'admin']) {
      const res = await request(server.url, '/api/board', { cookie: await server.login(who) });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
  });

  it('counts open cases by priority and lists the unclaimed ones past their claim deadline', async () => {
    const before = await board();
    const urgent = await caseFor({ immediateDanger: true });
    const minor = await caseFor({ categories: ['bullying'] });
    const after = await board();
    expect(after.cases.byPriority.P1).toBe(before.cases.byPriority.P1 + 1);
    expect(after.cases.byPriority.P3).toBe(before.cases.byPriority.P3 + 1);
    expect(after.cases.open).toBe(before.cases.open + 2);
    expect(after.cases.unclaimed).toBe(before.cases.unclaimed + 2);
    expect(after.cases.overdueClaims.map((c) => c.id)).not.toContain(urgent.caseId);

    // The P1 case's minute runs out; the P3 case is claimed in time.
    await server.database.db
      .update(cases)
      .set({ claimDeadline: new Date(Date.now() - 60_000) })
      .where(eq(cases.id, urgent.caseId));
    const claim = await request(server.url, `/api/cases/${minor.caseId}/claim`, {
      method: 'POST',
      cookie: operator,
    });
    expect(claim.status).toBe(200);

    const late = await board();
    const overdue = late.cases.overdueClaims.find((c) => c.id === urgent.caseId);
    expect(overdue?.priority).toBe('P1');
    expect(late.cases.overdueClaimsTotal).toBe(before.cases.overdueClaimsTotal + 1);
    expect(late.cases.unclaimed).toBe(before.cases.unclaimed + 1);
    // Counts and references only: the child's name never reaches the board.
    expect(JSON.stringify(late)).not.toContain('张老师');
  });

  it('counts a P1 claimed 24 minutes after its deadline as claimed late, not in time', async () => {
    const before = await board();
    const urgent = await caseFor({ immediateDanger: true });
    const prompt = await caseFor({ categories: ['bullying'] });
    await server.database.db
      .update(cases)
      .set({ claimDeadline: new Date(Date.now() - 24 * 60_000) })
      .where(eq(cases.id, urgent.caseId));
    for (const { caseId } of [urgent, prompt]) {
      const claim = await request(server.url, `/api/cases/${caseId}/claim`, {
        method: 'POST',
        cookie: operator,
      });
      expect(claim.status).toBe(200);
    }

    const after = await board();
    // Nothing is overdue any more, and still the late claim is counted as late.
    expect(after.cases.overdueClaims.map((c) => c.id)).not.toContain(urgent.caseId);
    expect(after.cases.claimsLast24h).toEqual({
      claimed: before.cases.claimsLast24h.claimed + 2,
      inTime: before.cases.claimsLast24h.inTime + 1,
      late: before.cases.claimsLast24h.late + 1,
    });
  });

  it('lists referrals past their acknowledgement deadline with the centre and the case', async () => {
    const { caseId } = await caseFor({ categories: ['violence_injury'] });
    expect(
      (
        await request(server.url, `/api/cases/${caseId}/claim`, {
          method: 'POST',
          cookie: operator,
        })
      ).status,
    ).toBe(200);
    const centres = ZCentreList.parse(
      (await request(server.url, '/api/centres', { cookie: operator })).body,
    );
    const centre = centres.centres[0]!;
    const before = await board();
    const referral = await request(server.url, `/api/cases/${caseId}/referrals`, {
      body: { centreId: centre.id, note: '请核实' },
      cookie: operator,
    });
    expect(referral.status).toBe(201);
    const referralId = referral.body.id as string;

    const waiting = await board();
    expect(waiting.referrals.awaitingAck).toBe(before.referrals.awaitingAck + 1);
    expect(waiting.referrals.attention.map((r) => r.id)).not.toContain(referralId);

    await server.database.db
      .update(referrals)
      .set({ ackDeadline: new Date(Date.now() - 60_000) })
      .where(eq(referrals.id, referralId));
    const late = await board();
    expect(late.referrals.attention.find((r) => r.id === referralId)).toMatchObject({
      caseId,
      centre: { id: centre.id, name: centre.name },
      status: 'pending',
      escalationLevel: 0,
    });
    expect(late.referrals.attentionTotal).toBe(before.referrals.attentionTotal + 1);

    // Acknowledged, it no longer waits on anyone.
    const ack = await request(server.url, `/api/referrals/${referralId}`, {
      method: 'PATCH',
      body: { status: 'acknowledged' },
      cookie: supervisor,
    });
    expect(ack.status).toBe(200);
    const done = await board();
    expect(done.referrals.attention.map((r) => r.id)).not.toContain(referralId);
    expect(done.referrals.awaitingAck).toBe(before.referrals.awaitingAck);
  });

  it('counts callers waiting now, the urgent ones, the longest wait and today’s answer times', async () => {
    const before = await board();
    const now = Date.now();
    const ago = (seconds: number) => new Date(now - seconds * 1000);
    const call = (values: Partial<typeof calls.$inferInsert>) => ({
      callSid: `CA${randomUUID().replaceAll('-', '')}`,
      fromEncrypted: 'not-read-here',
      fromHash: randomUUID(),
      ...values,
    });
    await server.database.db.insert(calls).values([
      call({ status: 'queued', urgent: true, queuedAt: ago(300) }),
      call({ status: 'queued', queuedAt: ago(1) }),
      // Answered after 10 s, after 40 s; one hung up waiting; one from two days ago.
      call({ status: 'completed', queuedAt: ago(600), answeredAt: ago(590) }),
      call({ status: 'completed', queuedAt: ago(600), answeredAt: ago(560) }),
      call({ status: 'abandoned', queuedAt: ago(900), endedAt: ago(800) }),
      call({ status: 'completed', queuedAt: ago(2 * 86_400), answeredAt: ago(2 * 86_400 - 5) }),
    ]);
    const after = await board();
    expect(after.calls.waiting).toBe(before.calls.waiting + 2);
    expect(after.calls.urgent).toBe(before.calls.urgent + 1);
    expect(new Date(after.calls.oldestQueuedAt!).getTime()).toBeLessThanOrEqual(ago(300).getTime());
    expect(after.calls.last24h).toEqual({
      queued: before.calls.last24h.queued + 5,
      answered: before.calls.last24h.answered + 2,
      answeredWithin15s: before.calls.last24h.answeredWithin15s + 1,
      abandoned: before.calls.last24h.abandoned + 1,
    });
  });

  it('shows who is on duty and how many cases they hold, live as consoles open and close', async () => {
    const held = await caseFor();
    const claim = await request(server.url, `/api/cases/${held.caseId}/claim`, {
      method: 'POST',
      cookie: operator,
    });
    expect(claim.status).toBe(200);
    const watcher = await open(supervisor);
    const presence: TPresenceChanged[] = [];
    watcher.on('presence.updated', (p) => presence.push(p));

    const first = await open(operator);
    await eventually(() => presence.some((p) => p.userId === operatorId && p.online));
    const second = await open(operator);
    const onDuty = (await board()).onDuty!;
    const me = onDuty.find((p) => p.id === operatorId);
    expect(me).toMatchObject({ role: 'operator', connections: 2 });
    expect(me!.holding).toBeGreaterThanOrEqual(1);
    // The supervisor's own console counts too.
    expect(onDuty.some((p) => p.role === 'supervisor')).toBe(true);

    // One of two consoles closes: still on duty.
    first.disconnect();
    await eventually(async () =>
      (await board()).onDuty!.find((p) => p.id === operatorId)?.connections === 1 ? true : false,
    );
    expect(presence.some((p) => p.userId === operatorId && !p.online)).toBe(false);

    // The last one closes: off duty, and the boards are told.
    second.disconnect();
    await eventually(() => presence.some((p) => p.userId === operatorId && !p.online));
    expect((await board()).onDuty!.map((p) => p.id)).not.toContain(operatorId);
  });
});
