import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { TwilioSimulator } from '@hutong/ivr/simulator';
import { ZLookupCodes, ZReportStatus, type TCreateReport } from '@hutong/shared';
import { outbox, reporterNotifications, reports } from '../../db/schema.js';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../../../test/server.js';
import { demoCentres } from '../../../test/fixtures.js';
import { claimedCase } from '../../../test/cases.js';
import { attachSimulator } from '../../../test/simulator.js';
import { eventually, request } from '../../../test/http.js';
import { buildReport } from '../../../test/factories.js';
import { TEST_DB_KIND } from '../../../test/db.js';
import { insertReport } from '../intake/commands/create-report.js';
import { sealReporter } from '../privacy/reporter-identity.js';

const AUTH_TOKEN = 'reporter-loop-token';
const ACCOUNT_SID = `AC${'3'.repeat(32)}`;

/** Closing the loop with the reporter: the text on resolution, and lookup codes for SMS and calls. */
describe(`reporter follow-up (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let sim: TwilioSimulator;
  let operator: string;
  let centre: string;
  let centreId: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN } });
    sim = await attachSimulator(server, {
      authToken: AUTH_TOKEN,
      accountSid: ACCOUNT_SID,
      timeScale: 0.02,
    });
    centreId = (await demoCentres(server)).cityId;
    [operator, centre] = await Promise.all([server.login('operator'), server.login('centre')]);
    expect(DEMO_PASSWORD).toBeTruthy();
  });
  afterAll(async () => {
    await sim?.stop();
    await server?.stop();
  });

  let child = 0;
  /** Files a web report and claims its case. */
  const claimed = (overrides: Partial<TCreateReport> = {}) =>
    claimedCase(server, operator, {
      categories: ['bullying'],
      immediateDanger: false,
      children: [{ name: `小刚${++child}`, age: 10 }],
      ...overrides,
    });

  /** Refers, completes, records the callback and resolves the case. */
  async function resolve(caseId: string) {
    const referral = await request(server.url, `/api/cases/${caseId}/referrals`, {
      body: { centreId },
      cookie: operator,
    });
    const move = (body: object) =>
      request(server.url, `/api/referrals/${referral.body.id}`, {
        method: 'PATCH',
        body,
        cookie: centre,
      });
    await move({ status: 'acknowledged' });
    await move({ status: 'accepted' });
    await move({
      status: 'completed',
      outcome: { actions: ['services_arranged'], date: '2026-01-05' },
    });
    await request(server.url, `/api/cases/${caseId}/callback`, {
      body: { outcome: 'done' },
      cookie: operator,
    });
    const { version } = (await request(server.url, `/api/cases/${caseId}`, { cookie: operator }))
      .body as { version: number };
    const res = await request(server.url, `/api/cases/${caseId}/transition`, {
      body: { to: 'resolved', version },
      cookie: operator,
    });
    expect(res.status).toBe(200);
  }

  const resolutionJobs = async (reportId: string) =>
    (await server.database.db.select().from(outbox).where(eq(outbox.topic, 'job'))).filter(
      (row) => (row.payload as { jobId?: string }).jobId === `resolved-sms-${reportId}`,
    );

  describe('the text when the case is resolved', () => {
    it('texts a reporter who agreed, with the reference only, once', async () => {
      const phone = '138 0013 8001';
      const { caseId, reportId, reference } = await claimed({
        reporter: { type: 'person', name: '李老师', phone },
        narrative: '孩子在学校被同学欺负',
        notifyWhenResolved: true,
      });
      await resolve(caseId);
      await sim.waitUntil(
        () => sim.outboundMessages.some((m) => m.to === '+8613800138001'),
        15_000,
        'the resolution text',
      );
      const texts = sim.outboundMessages.filter((m) => m.to === '+8613800138001');
      expect(texts).toHaveLength(1);
      expect(texts[0]!.body).toContain(reference);
      expect(texts[0]!.body).toContain('办结');
      expect(texts[0]!.body).not.toMatch(/小刚|李老师|欺负|bullying|1380013800/);
      const row = await eventually(async () => {
        const [r] = await server.database.db
          .select()
          .from(reporterNotifications)
          .where(eq(reporterNotifications.reportId, reportId));
        return r?.providerSid ? r : undefined;
      });
      expect(row.providerSid).toBe(texts[0]!.sid);
      expect(JSON.stringify(row)).not.toContain('13800138001');
      expect(await resolutionJobs(reportId)).toHaveLength(1);
    });

    it('texts no one who did not agree', async () => {
      const { caseId, reportId } = await claimed({
        reporter: { type: 'person', phone: '13800138002' },
      });
      await resolve(caseId);
      // The job is written in the resolving transaction or not at all.
      expect(await resolutionJobs(reportId)).toEqual([]);
      const rows = await server.database.db
        .select()
        .from(reporterNotifications)
        .where(eq(reporterNotifications.reportId, reportId));
      expect(rows).toEqual([]);
      expect(sim.outboundMessages.filter((m) => m.to === '+8613800138002')).toEqual([]);
    });

    it('respects a STOP from that number', async () => {
      const phone = '+8613800138003';
      await sim.sendSms({ from: phone, body: 'STOP' });
      const { caseId, reportId } = await claimed({
        reporter: { type: 'person', phone },
        notifyWhenResolved: true,
      });
      await resolve(caseId);
      const row = await eventually(async () => {
        const [r] = await server.database.db
          .select()
          .from(reporterNotifications)
          .where(
            and(
              eq(reporterNotifications.reportId, reportId),
              eq(reporterNotifications.status, 'opted_out'),
            ),
          );
        return r;
      });
      expect(row.providerSid).toBeNull();
      // Only the STOP confirmation went to that number, as the webhook's reply.
      const sent = sim.outboundMessages.filter((m) => m.to === phone);
      expect(sent.map((m) => m.direction)).toEqual(['outbound-reply']);
    });

    it('refuses consent without a phone number, naming the field', async () => {
      const res = await request(server.url, '/api/reports', {
        body: buildReport({ reporter: { type: 'anonymous' }, notifyWhenResolved: true }),
      });
      expect(res.status).toBe(400);
      expect(res.body.error.data).toHaveProperty('notifyWhenResolved');
    });
  });

  describe('lookup codes for SMS and phone reports', () => {
    const lookup = (reference: string, code: string) =>
      request(
        server.url,
        `/api/reports/status?reference=${encodeURIComponent(reference)}&code=${encodeURIComponent(code)}`,
      );

    it('gives an SMS reporter the reference and a working lookup code in the first reply', async () => {
      const result = await sim.sendSms({ from: '+8613900139001', body: '你好，我想反映情况' });
      const reply = result.replies.map((r) => r.body).join('\n');
      const reference = /编号(HT-[0-9A-Z]{4}-[0-9A-Z]{4})/.exec(reply)?.[1];
      const code = /查询码([2-9A-Z]{10})/.exec(reply)?.[1];
      expect(reference).toBeTruthy();
      expect(code).toBeTruthy();
      const res = await lookup(reference!, code!);
      expect(res.status).toBe(200);
      expect(ZReportStatus.parse(res.body).reference).toBe(reference);
      // Only the first reply carries it.
      const second = await sim.sendSms({ from: '+8613900139001', body: '2' });
      expect(second.replies.map((r) => r.body).join('\n')).not.toContain('查询码');
    });

    it('lets the operator read a caller their lookup code, the same one each time, audited', async () => {
      const { caseId, reference: webReference } = await claimed();
      // A call's report, as voice intake stores it, linked to the same case.
      const ctx = server.hutong.ctx;
      const voice = await ctx.db.transaction((tx) =>
        insertReport(
          tx,
          {
            reporter: { type: 'person', phone: '+8613900139002' },
            children: [{}],
            categories: ['bullying'],
            immediateDanger: false,
            language: 'zh-CN',
          },
          {
            channel: 'voice',
            externalId: `CA${'9'.repeat(32)}`,
            dataKey: ctx.config.dataKey,
            reporter: sealReporter(ctx.config.dataKey, { type: 'person', phone: '+8613900139002' })
              .reporter,
          },
        ),
      );
      await server.database.db.update(reports).set({ caseId }).where(eq(reports.id, voice.id));

      const first = await request(server.url, `/api/cases/${caseId}/lookup-codes`, {
        method: 'POST',
        body: {},
        cookie: operator,
      });
      expect(first.status).toBe(200);
      const { codes } = ZLookupCodes.parse(first.body);
      expect(codes.map((c) => [c.reference, c.channel])).toEqual([[voice.reference, 'voice']]);
      expect(codes.some((c) => c.reference === webReference)).toBe(false);
      const again = ZLookupCodes.parse(
        (
          await request(server.url, `/api/cases/${caseId}/lookup-codes`, {
            method: 'POST',
            body: {},
            cookie: operator,
          })
        ).body,
      );
      expect(again.codes[0]!.lookupCode).toBe(codes[0]!.lookupCode);
      expect((await lookup(voice.reference, codes[0]!.lookupCode)).status).toBe(200);

      const forbidden = await request(server.url, `/api/cases/${caseId}/lookup-codes`, {
        method: 'POST',
        body: {},
        cookie: centre,
      });
      expect(forbidden.status).toBe(403);
      const audit = await request(
        server.url,
        `/api/audit?caseId=${caseId}&action=case.lookup_codes_read`,
        { cookie: await server.login('supervisor') },
      );
      expect(audit.body.entries).toHaveLength(2);
    });
  });
});
