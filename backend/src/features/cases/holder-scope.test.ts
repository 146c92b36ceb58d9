import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { TwilioSimulator } from '@hutong/ivr/simulator';
import { ZCaseSummary, ZSmsConversation } from '@hutong/shared';
import { attachments, auditLog, reports, smsConversations, users } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { attachSimulator } from '../../../test/simulator.js';
import { claimedCase, fileReport } from '../../../test/cases.js';
import { eventually, request } from '../../../test/http.js';
import { TEST_DB_KIND } from '../../../test/db.js';
import { pngFile } from '../../../test/files.js';
import { phoneHash } from './phone-hash.js';

const AUTH_TOKEN = 'holder-scope-test-token';
let nextNumber = 13700000100;
const newNumber = () => `+86${nextNumber++}`;

describe(`case work is for the case's holder (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let sim: TwilioSimulator;
  let operator: string;
  let operator2: string;
  let supervisor: string;
  let operator2Id: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN } });
    sim = await attachSimulator(server, { authToken: AUTH_TOKEN, timeScale: 0.02 });
    [operator, operator2, supervisor] = await Promise.all([
      server.login('operator'),
      server.login('operator2'),
      server.login('supervisor'),
    ]);
    const [row] = await server.database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, 'operator2'));
    operator2Id = row!.id;
  });
  afterAll(async () => {
    await sim?.stop();
    await server?.stop();
  });

  const post = (path: string, body: unknown, cookie: string) =>
    request(server.url, path, { method: 'POST', body, cookie });

  /** An SMS report's case, as the dialogue files it. */
  async function smsCase(from: string): Promise<string> {
    await sim.sendSms({ from, body: 'A girl in our building is locked in alone every night' });
    const conversation = await eventually(async () => {
      const [row] = await server.database.db
        .select()
        .from(smsConversations)
        .where(eq(smsConversations.phoneHash, phoneHash(server.hutong.ctx, from)));
      return row;
    });
    return eventually(async () => {
      const [row] = await server.database.db
        .select({ caseId: reports.caseId })
        .from(reports)
        .where(eq(reports.id, conversation.reportId));
      return row?.caseId ?? undefined;
    });
  }

  describe('search by reporter phone', () => {
    const search = async (phone: string, cookie: string) => {
      const res = await request(
        server.url,
        `/api/cases/search?${new URLSearchParams({ phone }).toString()}`,
        { cookie },
      );
      expect(res.status).toBe(200);
      return (res.body.cases as unknown[]).map((c) => ZCaseSummary.parse(c).id);
    };

    it('finds a reporter’s cases for supervisors, and for an operator only among those they hold', async () => {
      const phone = newNumber();
      const { caseId } = await fileReport(server, { reporter: { type: 'person', phone } });
      // Nobody holds it: an operator learns nothing about who reported it.
      expect(await search(phone, operator)).toEqual([]);
      expect(await search(phone, supervisor)).toEqual([caseId]);

      const claim = await post(`/api/cases/${caseId}/claim`, {}, operator);
      expect(claim.status).toBe(200);
      expect(await search(phone, operator)).toEqual([caseId]);
      expect(await search(phone, operator2)).toEqual([]);
      // Other filters still find it for anyone who may list cases (the summary has no reporter).
      const byReference = await request(
        server.url,
        `/api/cases/search?q=${encodeURIComponent(claim.body.reference as string)}`,
        { cookie: operator2 },
      );
      expect((byReference.body.cases as { id: string }[]).map((c) => c.id)).toEqual([caseId]);
    });
  });

  describe('SMS with the reporter', () => {
    it('keeps the thread and replies from operators who do not hold the case (403 CASE_NOT_HELD)', async () => {
      const from = newNumber();
      const caseId = await smsCase(from);

      const unclaimed = await request(server.url, `/api/cases/${caseId}/sms`, { cookie: operator });
      expect(unclaimed.status).toBe(403);
      expect(unclaimed.body.error.code).toBe('CASE_NOT_HELD');
      expect(unclaimed.body.error.message).toMatch(/Claim this case/);

      expect((await post(`/api/cases/${caseId}/claim`, {}, operator)).status).toBe(200);
      const read = await request(server.url, `/api/cases/${caseId}/sms`, { cookie: operator2 });
      expect(read.status).toBe(403);
      expect(read.body.error.code).toBe('CASE_NOT_HELD');
      expect(JSON.stringify(read.body)).not.toContain('locked in');

      const sent = await post(`/api/cases/${caseId}/sms`, { body: 'Not yours to send' }, operator2);
      expect(sent.status).toBe(403);
      expect(sent.body.error.code).toBe('CASE_NOT_HELD');

      // The holder and a supervisor may; the holder's reply goes out, the other never did.
      const mine = ZSmsConversation.parse(
        (await request(server.url, `/api/cases/${caseId}/sms`, { cookie: operator })).body,
      );
      expect(mine.messages.some((m) => m.body.includes('locked in'))).toBe(true);
      const boss = await request(server.url, `/api/cases/${caseId}/sms`, { cookie: supervisor });
      expect(boss.status).toBe(200);
      const reply = await post(`/api/cases/${caseId}/sms`, { body: 'We are here.' }, operator);
      expect(reply.status).toBe(202);
      await eventually(() =>
        sim.outboundMessages.find((m) => m.to === from && m.body === 'We are here.'),
      );
      expect(sim.outboundMessages.some((m) => m.body === 'Not yours to send')).toBe(false);
      const reads = await server.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.caseId, caseId), eq(auditLog.actorId, operator2Id)));
      expect(reads.map((r) => r.action)).not.toContain('case.sms.read');
      expect(reads.map((r) => r.action)).not.toContain('case.sms.sent');
    });

    it('answers 404, not 403, for a case that does not exist', async () => {
      const res = await request(server.url, `/api/cases/${crypto.randomUUID()}/sms`, {
        cookie: operator,
      });
      expect(res.status).toBe(404);
    });
  });

  it('reveals lookup codes only to the holder and supervisors', async () => {
    const caseId = await smsCase(newNumber());
    expect((await post(`/api/cases/${caseId}/claim`, {}, operator)).status).toBe(200);
    const other = await post(`/api/cases/${caseId}/lookup-codes`, {}, operator2);
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('CASE_NOT_HELD');
    expect(JSON.stringify(other.body)).not.toMatch(/[2-9A-Z]{10}/);
    const audited = await server.database.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.caseId, caseId),
          eq(auditLog.actorId, operator2Id),
          eq(auditLog.action, 'case.lookup_codes_read'),
        ),
      );
    expect(audited).toHaveLength(0);

    for (const cookie of [operator, supervisor]) {
      const res = await post(`/api/cases/${caseId}/lookup-codes`, {}, cookie);
      expect(res.status).toBe(200);
      expect(res.body.codes).toHaveLength(1);
    }
  });

  it('takes case attachments only from the holder and supervisors', async () => {
    const { caseId } = await claimedCase(server, operator);
    const file = {
      filename: 'photo.png',
      contentType: 'image/png',
      dataBase64: pngFile().toString('base64'),
    };
    const other = await post(`/api/cases/${caseId}/attachments`, file, operator2);
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('CASE_NOT_HELD');
    const stored = () =>
      server.database.db.select().from(attachments).where(eq(attachments.caseId, caseId));
    expect(await stored()).toHaveLength(0);

    expect((await post(`/api/cases/${caseId}/attachments`, file, operator)).status).toBe(201);
    expect((await post(`/api/cases/${caseId}/attachments`, file, supervisor)).status).toBe(201);
    expect(await stored()).toHaveLength(2);
  });
});
