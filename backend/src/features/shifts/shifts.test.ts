import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, inArray } from 'drizzle-orm';
import {
  ZBulkReassignResult,
  ZCannedReply,
  ZCannedReplyList,
  ZHandoverList,
  ZSupervisorAlert,
  type TSupervisorAlert,
} from '@hutong/shared';
import { auditLog, caseEvents, cases, users } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { claimedCase, fileReport } from '../../../test/cases.js';
import { eventually, request } from '../../../test/http.js';
import { connectSocket, connected } from '../../../test/socket.js';
import { TEST_DB_KIND } from '../../../test/db.js';

describe(`a whole shift: handover, bulk reassignment, canned replies, supervisor alerts (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let supervisor: string;
  let operator: string;
  let operator2: string;
  let admin: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    // 0.02: a P1 case's 60 s claim window runs out in 1.2 s.
    server = await startTestServer({ env: { HUTONG_TIME_SCALE: '0.02' } });
    [supervisor, operator, operator2, admin] = await Promise.all([
      server.login('supervisor'),
      server.login('operator'),
      server.login('operator2'),
      server.login('admin'),
    ]);
    const rows = await server.database.db
      .select({ id: users.id, username: users.username })
      .from(users)
      .where(inArray(users.username, ['operator', 'operator2', 'supervisor']));
    for (const row of rows) ids[row.username] = row.id;
  });
  afterAll(() => server?.stop());

  describe('handover notes', () => {
    it('are written by operators and supervisors and listed newest first with author and time', async () => {
      const first = await request(server.url, '/api/shift/handovers', {
        body: { body: '夜班：两宗P2个案待转介，已电话联系派出所。' },
        cookie: operator,
      });
      expect(first.status).toBe(201);
      const second = await request(server.url, '/api/shift/handovers', {
        body: { body: 'Day shift: the duty phone was tested at 08:00.' },
        cookie: supervisor,
      });
      expect(second.status).toBe(201);
      const list = ZHandoverList.parse(
        (await request(server.url, '/api/shift/handovers', { cookie: operator2 })).body,
      );
      expect(list.handovers.slice(0, 2).map((h) => h.author.id)).toEqual([
        ids.supervisor,
        ids.operator,
      ]);
      expect(list.handovers[1]!.body).toContain('夜班');
      const [audit] = await server.database.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.entityId, first.body.id as string));
      expect(audit).toMatchObject({ action: 'shift.handover_written', data: {} });
    });

    it('refuse an empty note (400 naming the field) and anyone but operators and supervisors', async () => {
      const empty = await request(server.url, '/api/shift/handovers', {
        body: { body: '   ' },
        cookie: operator,
      });
      expect(empty.status).toBe(400);
      expect(empty.body.error.data).toHaveProperty('body');
      for (const who of ['centre', 'admin']) {
        const res = await request(server.url, '/api/shift/handovers', {
          cookie: await server.login(who),
        });
        expect(res.status).toBe(403);
      }
    });
  });

  describe('bulk reassignment', () => {
    it('is for supervisors only: an operator gets 403 and nothing moves', async () => {
      const held = await claimedCase(server, operator);
      const res = await request(server.url, '/api/shift/reassign', {
        body: { fromUserId: ids.operator, toUserId: ids.operator2 },
        cookie: operator,
      });
      expect(res.status).toBe(403);
      const [row] = await server.database.db.select().from(cases).where(eq(cases.id, held.caseId));
      expect(row!.assigneeId).toBe(ids.operator);
    });

    it('moves every open case one operator holds to another, on each timeline and in the audit log', async () => {
      const a = await claimedCase(server, operator);
      const b = await claimedCase(server, operator);
      const res = await request(server.url, '/api/shift/reassign', {
        body: { fromUserId: ids.operator, toUserId: ids.operator2 },
        cookie: supervisor,
      });
      expect(res.status).toBe(200);
      const result = ZBulkReassignResult.parse(res.body);
      expect(result.caseIds).toEqual(expect.arrayContaining([a.caseId, b.caseId]));
      expect(result.moved).toBe(result.caseIds.length);
      const rows = await server.database.db
        .select()
        .from(cases)
        .where(inArray(cases.id, [a.caseId, b.caseId]));
      expect(rows.map((r) => r.assigneeId)).toEqual([ids.operator2, ids.operator2]);
      for (const caseId of [a.caseId, b.caseId]) {
        const [event] = await server.database.db
          .select()
          .from(caseEvents)
          .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.type, 'reassigned')));
        expect(event).toMatchObject({
          actorId: ids.supervisor,
          data: { previousAssigneeId: ids.operator, assigneeId: ids.operator2, bulk: true },
        });
      }
      const audits = await server.database.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.action, 'shift.cases_reassigned'));
      expect(audits.at(-1)).toMatchObject({
        actorId: ids.supervisor,
        entityId: ids.operator,
        data: { toUserId: ids.operator2, cases: result.moved },
      });
      // Nothing left with the first operator.
      const again = await request(server.url, '/api/shift/reassign', {
        body: { fromUserId: ids.operator, toUserId: ids.operator2 },
        cookie: supervisor,
      });
      expect(again.body).toEqual({ moved: 0, caseIds: [] });
    });

    it('puts cases back in the queue, unclaimed, with a fresh claim deadline', async () => {
      const held = await claimedCase(server, operator2, { categories: ['bullying'] });
      const res = await request(server.url, '/api/shift/reassign', {
        body: { fromUserId: ids.operator2, toUserId: null },
        cookie: supervisor,
      });
      expect(res.status).toBe(200);
      const [row] = await server.database.db.select().from(cases).where(eq(cases.id, held.caseId));
      expect(row).toMatchObject({ assigneeId: null, status: 'new', claimedAt: null });
      expect(row!.claimDeadline!.getTime()).toBeGreaterThan(Date.now() - 1000);
    });

    it('names the bad field: unknown people, the same person twice', async () => {
      const unknown = await request(server.url, '/api/shift/reassign', {
        body: { fromUserId: ids.operator, toUserId: '00000000-0000-4000-8000-000000000000' },
        cookie: supervisor,
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.data).toHaveProperty('toUserId');
      const same = await request(server.url, '/api/shift/reassign', {
        body: { fromUserId: ids.operator, toUserId: ids.operator },
        cookie: supervisor,
      });
      expect(same.status).toBe(400);
      expect(JSON.stringify(same.body.error.data)).toContain('toUserId');
      const missing = await request(server.url, '/api/shift/reassign', {
        body: { toUserId: null },
        cookie: supervisor,
      });
      expect(missing.status).toBe(400);
      expect(missing.body.error.data).toHaveProperty('fromUserId');
    });
  });

  describe('canned SMS replies', () => {
    const reply = {
      label: { 'zh-CN': '稍后回电', en: 'Calling back' },
      text: { 'zh-CN': '我们会尽快给您回电。', en: 'We will call you back soon.' },
    };

    it('come seeded in both languages, including the advice to call 110, for operators to pick', async () => {
      const res = await request(server.url, '/api/canned-replies', { cookie: operator });
      expect(res.status).toBe(200);
      const { replies } = ZCannedReplyList.parse(res.body);
      expect(replies.map((r) => r.label.en)).toEqual([
        'Acknowledgement',
        'Safety advice',
        'Ask for location',
        'Closing',
      ]);
      expect(replies[1]!.text['zh-CN']).toContain('如有紧急危险请立即拨打110');
      expect(replies[1]!.text.en).toContain('110');
    });

    it('are edited by administrators only', async () => {
      for (const cookie of [operator, supervisor]) {
        const res = await request(server.url, '/api/admin/canned-replies', { body: reply, cookie });
        expect(res.status).toBe(403);
      }
      expect(
        (
          await request(server.url, '/api/canned-replies', {
            cookie: await server.login('centre'),
          })
        ).status,
      ).toBe(403);

      const created = await request(server.url, '/api/admin/canned-replies', {
        body: reply,
        cookie: admin,
      });
      expect(created.status).toBe(201);
      const made = ZCannedReply.parse(created.body);
      const changed = await request(server.url, `/api/admin/canned-replies/${made.id}`, {
        method: 'PUT',
        body: { ...reply, text: { ...reply.text, en: 'We will call you back within the hour.' } },
        cookie: admin,
      });
      expect(changed.status).toBe(200);
      expect(changed.body.text.en).toBe('We will call you back within the hour.');
      const forbidden = await request(server.url, `/api/admin/canned-replies/${made.id}`, {
        method: 'DELETE',
        cookie: supervisor,
      });
      expect(forbidden.status).toBe(403);
      const removed = await request(server.url, `/api/admin/canned-replies/${made.id}`, {
        method: 'DELETE',
        cookie: admin,
      });
      expect(removed.status).toBe(200);
      const gone = await request(server.url, `/api/admin/canned-replies/${made.id}`, {
        method: 'DELETE',
        cookie: admin,
      });
      expect(gone.status).toBe(404);
      const actions = await server.database.db
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(eq(auditLog.entityId, made.id))
        .orderBy(asc(auditLog.id));
      expect(actions.map((a) => a.action)).toEqual([
        'canned_reply.created',
        'canned_reply.updated',
        'canned_reply.deleted',
      ]);
    });

    it('must have both languages (400 naming the field)', async () => {
      const res = await request(server.url, '/api/admin/canned-replies', {
        body: { ...reply, text: { 'zh-CN': '只有中文' } },
        cookie: admin,
      });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.error.data)).toContain('text.en');
    });
  });

  it('rings the supervisors when a claim deadline passes, and not the operators', async () => {
    const alerts: TSupervisorAlert[] = [];
    const watcher = connectSocket(server.url, supervisor);
    watcher.on('supervisor.alerted', (a) => alerts.push(ZSupervisorAlert.parse(a)));
    const op = connectSocket(server.url, operator);
    const opAlerts: unknown[] = [];
    op.on('supervisor.alerted', (a) => opAlerts.push(a));
    await Promise.all([connected(watcher), connected(op)]);

    const late = await fileReport(server, { immediateDanger: true });
    const alert = await eventually(() => alerts.find((a) => a.caseId === late.caseId));
    expect(alert).toMatchObject({
      kind: 'claim_overdue',
      priority: 'P1',
      caseReference: expect.any(String),
    });
    // The operators see the case turn overdue in their queue; the ring is the supervisors'.
    await eventually(() =>
      op.received.find((e) => e.case.id === late.caseId && e.event.type === 'claim_overdue'),
    );
    expect(opAlerts).toHaveLength(0);
    watcher.disconnect();
    op.disconnect();
  });
});
