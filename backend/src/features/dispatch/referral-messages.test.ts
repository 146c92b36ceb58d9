import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import {
  ZInbox,
  ZReferralDetail,
  ZReferralMessage,
  ZReferralMessageList,
  type TReferralMessaged,
} from '@hutong/shared';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { addUser, demoCentres } from '../../../test/fixtures.js';
import { claimedCase } from '../../../test/cases.js';
import { eventually, request } from '../../../test/http.js';
import { captureLogs } from '../../../test/logs.js';
import { connectSocket, connected, type TestSocket } from '../../../test/socket.js';
import { TEST_DB_KIND } from '../../../test/db.js';
import { auditLog, caseEvents, referralMessages } from '../../db/schema.js';

function messaged(socket: TestSocket): TReferralMessaged[] {
  const seen: TReferralMessaged[] = [];
  socket.on('referral.messaged', (p) => seen.push(p));
  return seen;
}

describe(`messages between a centre and the hotline on a referral (${TEST_DB_KIND})`, () => {
  const logs = captureLogs();
  let server: TestServer;
  let operator: string;
  let otherOperator: string;
  let supervisor: string;
  let centre: string;
  let otherCentre: string;
  let cityCentreId: string;

  beforeAll(async () => {
    server = await startTestServer({ log: logs.log });
    const ids = await demoCentres(server);
    cityCentreId = ids.cityId;
    [operator, supervisor, centre] = await Promise.all([
      server.login('operator'),
      server.login('supervisor'),
      server.login('centre'),
    ]);
    otherCentre = await addUser(server, {
      username: 'conghua-officer',
      displayName: '从化站 李芳',
      role: 'centre_staff',
      centreId: ids.conghuaId,
    });
    otherOperator = await addUser(server, {
      username: 'second-operator',
      displayName: '接线员 周二',
      role: 'operator',
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  let n = 0;
  const tag = () => `${++n}${crypto.randomUUID().slice(0, 6)}`;

  /** A case held by the operator about `name`, referred to the city centre. */
  async function referred(name: string) {
    const filed = await claimedCase(server, operator, {
      children: [{ name, sex: 'female' as const, age: 7 }],
    });
    const res = await request(server.url, `/api/cases/${filed.caseId}/referrals`, {
      body: { centreId: cityCentreId, note: '请核实' },
      cookie: operator,
    });
    expect(res.status).toBe(201);
    return { caseId: filed.caseId, referralId: res.body.id as string };
  }
  const post = (referralId: string, body: unknown, cookie: string) =>
    request(server.url, `/api/referrals/${referralId}/messages`, { body, cookie });
  const list = (referralId: string, cookie: string) =>
    request(server.url, `/api/referrals/${referralId}/messages`, { cookie });

  it('carries messages both ways, encrypted at rest, audited, and announced without their text', async () => {
    const centreSocket = connectSocket(server.url, centre);
    const operatorSocket = connectSocket(server.url, operator);
    try {
      await Promise.all([connected(centreSocket), connected(operatorSocket)]);
      const toCentre = messaged(centreSocket);
      const toOperators = messaged(operatorSocket);
      const { caseId, referralId } = await referred(`王小红${tag()}`);

      const fromCentre = `已到家中，孩子王小红${tag()}情况稳定`;
      const sent = await post(referralId, { body: fromCentre }, centre);
      expect(sent.status).toBe(201);
      const message = ZReferralMessage.parse(sent.body);
      expect(message).toMatchObject({ side: 'centre', body: fromCentre });
      expect(message.author?.displayName).toBe('救助中心 赵强');

      const announced = await eventually(() => toOperators.find((e) => e.messageId === message.id));
      expect(announced).toMatchObject({ referralId, caseId, side: 'centre' });
      expect(JSON.stringify(announced)).not.toContain(fromCentre);

      const reply = `收到，请拍下伤情${tag()}`;
      const replied = await post(referralId, { body: reply }, operator);
      expect(replied.status).toBe(201);
      expect(replied.body.side).toBe('hotline');
      await eventually(() => toCentre.find((e) => e.messageId === replied.body.id));

      // Both sides read the same conversation, oldest first.
      for (const cookie of [centre, operator, supervisor]) {
        const res = await list(referralId, cookie);
        expect(res.status).toBe(200);
        const body = ZReferralMessageList.parse(res.body);
        expect(body.open).toBe(true);
        expect(body.messages.map((m) => [m.side, m.body])).toEqual([
          ['centre', fromCentre],
          ['hotline', reply],
        ]);
      }

      // At rest: ciphertext only; on the timeline and in the audit log: ids and side only.
      const stored = await server.database.db
        .select()
        .from(referralMessages)
        .where(eq(referralMessages.referralId, referralId));
      expect(stored).toHaveLength(2);
      expect(JSON.stringify(stored)).not.toMatch(/王小红|收到/);
      const timeline = await server.database.db
        .select()
        .from(caseEvents)
        .where(eq(caseEvents.caseId, caseId))
        .orderBy(asc(caseEvents.id));
      const entries = timeline.filter((e) => e.type === 'referral_message');
      expect(entries.map((e) => e.data.side)).toEqual(['centre', 'hotline']);
      expect(JSON.stringify(timeline)).not.toContain(fromCentre);
      const audited = await server.database.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.entityId, referralId));
      expect(audited.map((a) => a.action)).toEqual(
        expect.arrayContaining(['referral.message_sent', 'referral.messages_read']),
      );
      expect(JSON.stringify(audited)).not.toMatch(/王小红|收到/);

      // The referral's workspace timeline shows the two messages by side.
      const detail = ZReferralDetail.parse(
        (await request(server.url, `/api/referrals/${referralId}`, { cookie: centre })).body,
      );
      expect(detail.timeline.filter((e) => e.kind === 'message').map((e) => e.side)).toEqual([
        'centre',
        'hotline',
      ]);
    } finally {
      centreSocket.disconnect();
      operatorSocket.disconnect();
    }
  });

  it('answers another centre’s officer 404 for reading and for writing', async () => {
    const { referralId } = await referred(`李${tag()}`);
    expect((await post(referralId, { body: '我们也去看看' }, centre)).status).toBe(201);
    const read = await list(referralId, otherCentre);
    expect(read.status).toBe(404);
    expect(read.body.error.code).toBe('NOT_FOUND');
    const write = await post(referralId, { body: '越权留言' }, otherCentre);
    expect(write.status).toBe(404);
    const stored = await server.database.db
      .select()
      .from(referralMessages)
      .where(eq(referralMessages.referralId, referralId));
    expect(stored).toHaveLength(1);
  });

  it('lets only the operator holding the case (or a supervisor) write for the hotline', async () => {
    const { referralId } = await referred(`张${tag()}`);
    const refused = await post(referralId, { body: '我来补充' }, otherOperator);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('CASE_NOT_HELD');
    expect((await post(referralId, { body: '主任批示：尽快上门' }, supervisor)).status).toBe(201);
  });

  it('closes the conversation once the referral has ended', async () => {
    const { referralId } = await referred(`赵${tag()}`);
    const before = `拒绝前的留言${tag()}`;
    expect((await post(referralId, { body: before }, centre)).status).toBe(201);
    const declined = await request(server.url, `/api/referrals/${referralId}`, {
      method: 'PATCH',
      body: { status: 'declined', reason: '不属本中心辖区' },
      cookie: centre,
    });
    expect(declined.status).toBe(200);

    for (const cookie of [centre, operator]) {
      const closed = await post(referralId, { body: '还在吗？' }, cookie);
      expect(closed.status).toBe(409);
      expect(closed.body.error.code).toBe('CONFLICT');
    }
    // The centre still reads what was said until the end; the conversation says it is closed.
    const read = ZReferralMessageList.parse((await list(referralId, centre)).body);
    expect(read.open).toBe(false);
    expect(read.messages.map((m) => m.body)).toEqual([before]);
  });

  it('rejects an empty or overlong message naming the field, and an unknown field', async () => {
    const { referralId } = await referred(`钱${tag()}`);
    for (const body of [{ body: '   ' }, { body: 'x'.repeat(2001) }, { body: 'hi', extra: 1 }]) {
      const res = await post(referralId, body, centre);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    const empty = await post(referralId, { body: '' }, centre);
    expect(JSON.stringify(empty.body.error.data)).toContain('body');
  });

  it('lists the inbox with situations, danger, region, ages and the officer’s centre', async () => {
    const { referralId } = await referred(`孙${tag()}`);
    const res = await request(server.url, '/api/referrals', { cookie: centre });
    expect(res.status).toBe(200);
    const inbox = ZInbox.parse(res.body);
    expect(inbox.centre?.id).toBe(cityCentreId);
    const row = inbox.referrals.find((r) => r.id === referralId)!;
    expect(row.triage.childAges).toEqual([7]);
    expect(row.triage.categories.length).toBeGreaterThan(0);
    expect(row.triage.region?.name).toBeTruthy();
    expect(JSON.stringify(row)).not.toContain('孙');
    const me = await request(server.url, '/api/auth/me', { cookie: centre });
    expect(me.body.centre).toEqual(inbox.centre);
    // Another centre's officer sees none of it.
    const other = ZInbox.parse(
      (await request(server.url, '/api/referrals', { cookie: otherCentre })).body,
    );
    expect(other.referrals.find((r) => r.id === referralId)).toBeUndefined();
  });

  it('logs nothing of what the messages say', () => {
    expect(logs.text().length).toBeGreaterThan(0);
    expect(logs.text()).not.toMatch(/王小红|收到|拒绝前的留言|主任批示|越权留言/);
  });
});
