import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import {
  REFERENCE_PATTERN,
  ZCaseDetail,
  ZCaseList,
  ZCaseSummary,
  type TCaseDetail,
} from '@hutong/shared';
import { auditLog, reports, users } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { fileReport } from '../../../test/cases.js';
import { eventually, request } from '../../../test/http.js';
import type { buildReport } from '../../../test/factories.js';
import { connectSocket, connected } from '../../../test/socket.js';
import { TEST_DB_KIND } from '../../../test/db.js';
import {
  HTML_PAGE,
  WINDOWS_EXE,
  jpegFile,
  pdfFile,
  pngFile,
  wavFile,
} from '../../../test/files.js';

describe(`case work: assessment, risk, state machine, linking, search (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let operator: string;
  let operator2: string;
  let supervisor: string;
  let operator2Id: string;

  beforeAll(async () => {
    server = await startTestServer();
    operator = await server.login('operator');
    operator2 = await server.login('operator2');
    supervisor = await server.login('supervisor');
    const [row] = await server.database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, 'operator2'));
    operator2Id = row!.id;
  });
  afterAll(() => server.stop());

  const report = (overrides: Parameters<typeof buildReport>[0] = {}) =>
    fileReport(server, { children: [{ name: crypto.randomUUID(), age: 7 }], ...overrides });

  async function claimed(overrides: Parameters<typeof buildReport>[0] = {}) {
    const { caseId } = await report(overrides);
    const res = await request(server.url, `/api/cases/${caseId}/claim`, {
      method: 'POST',
      cookie: operator,
    });
    expect(res.status).toBe(200);
    return { caseId, version: res.body.version as number };
  }

  const read = async (caseId: string, cookie = operator): Promise<TCaseDetail> =>
    ZCaseDetail.parse((await request(server.url, `/api/cases/${caseId}`, { cookie })).body);

  const post = (path: string, body: unknown, cookie = operator) =>
    request(server.url, path, { method: 'POST', body, cookie });
  const patch = (caseId: string, body: unknown, cookie = operator) =>
    request(server.url, `/api/cases/${caseId}`, { method: 'PATCH', body, cookie });

  describe('assessment', () => {
    it('saves the assessment, recomputes the priority with reasons and bumps the version', async () => {
      const { caseId, version } = await claimed({ categories: ['bullying'] });
      expect((await read(caseId)).priority).toBe('P3');
      const res = await patch(caseId, {
        version,
        assessment: {
          children: [
            {
              name: '李小红',
              sex: 'female',
              birthDate: '2016-03-01',
              idNumber: '44010620160301123X',
            },
          ],
          categories: ['bullying'],
          suspects: [{ relationship: 'peer' }],
          circumstances: ['left_behind', 'left_behind'],
          guardianship: 'grandparents_or_relatives',
          risks: ['suspect_has_access'],
          location: { regionCode: '440106001001', address: '五山路2号' },
          police: { notified: false },
        },
      });
      expect(res.status).toBe(200);
      const detail = ZCaseDetail.parse(res.body);
      expect(detail.version).toBe(version + 1);
      expect(detail.priority).toBe('P1');
      expect(detail.priorityReasons[0]).toEqual({
        rule: 'risk',
        risk: 'suspect_has_access',
        priority: 'P1',
      });
      expect(detail.assessment.circumstances).toEqual(['left_behind']);
      expect(detail.region?.code).toBe('440106001001');
      const event = detail.events.at(-1)!;
      expect(event.type).toBe('assessment_updated');
      expect(event.data).toMatchObject({ priority: 'P1', previousPriority: 'P3' });
      expect(event.data.changed).toEqual(expect.arrayContaining(['children', 'risks']));

      // The same save again changes nothing, so it does not bump the version.
      const again = await patch(caseId, { version: detail.version, assessment: detail.assessment });
      expect(again.body.version).toBe(detail.version);
    });

    it('shows the assessed categories in the queue and live, once the operator has set them', async () => {
      const { caseId, version } = await claimed({ categories: ['information_request'] });
      const socket = connectSocket(server.url, operator);
      try {
        await connected(socket);
        const res = await patch(caseId, {
          version,
          assessment: { categories: ['violence_injury', 'bullying'] },
        });
        expect(res.status).toBe(200);
        const live = await eventually(() =>
          socket.received.find((e) => e.case.id === caseId && e.case.version === version + 1),
        );
        expect(live.case.categories).toEqual(['violence_injury', 'bullying']);
        const queue = ZCaseList.parse(
          (await request(server.url, '/api/cases', { cookie: operator })).body,
        );
        expect(queue.cases.find((c) => c.id === caseId)?.categories).toEqual([
          'violence_injury',
          'bullying',
        ]);
        // The reports keep what the reporter said.
        expect((await read(caseId)).reports[0]!.categories).toEqual(['information_request']);
      } finally {
        socket.disconnect();
      }
    });

    it('answers a stale version with 409 CASE_VERSION_CONFLICT carrying the case as it is now', async () => {
      const { caseId, version } = await claimed();
      const first = await patch(caseId, { version, assessment: { risks: ['child_alone'] } });
      expect(first.status).toBe(200);
      const stale = await patch(caseId, { version, assessment: { risks: ['previous_reports'] } });
      expect(stale.status).toBe(409);
      expect(stale.body.error.code).toBe('CASE_VERSION_CONFLICT');
      const current = ZCaseDetail.parse(stale.body.error.data.current);
      expect(current.version).toBe(version + 1);
      expect(current.assessment.risks).toEqual(['child_alone']);
      // Redone on the current version, it goes through.
      const redo = await patch(caseId, {
        version: current.version,
        assessment: { risks: ['child_alone', 'previous_reports'] },
      });
      expect(redo.status).toBe(200);
    });

    it('lets exactly one of two simultaneous saves on the same version through', async () => {
      const { caseId, version } = await claimed();
      const results = await Promise.all([
        patch(caseId, { version, assessment: { guardianship: 'one_parent' } }),
        patch(caseId, { version, assessment: { guardianship: 'both_parents' } }, supervisor),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = results.find((r) => r.status === 200)!;
      const loser = results.find((r) => r.status === 409)!;
      expect(loser.body.error.data.current.assessment).toEqual(winner.body.assessment);
      expect((await read(caseId)).version).toBe(version + 1);
    });

    it('names each invalid field, and refuses a region that does not exist', async () => {
      const { caseId, version } = await claimed();
      const res = await patch(caseId, {
        version,
        assessment: {
          children: [{ idNumber: '12345', age: 30 }],
          police: { notified: true },
          risks: ['not_a_risk'],
        },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.body.error.data)).toEqual(
        expect.arrayContaining([
          'assessment.children.0.idNumber',
          'assessment.children.0.age',
          'assessment.police.at',
          'assessment.risks.0',
        ]),
      );
      const region = await patch(caseId, {
        version,
        assessment: { location: { regionCode: '999999' } },
      });
      expect(region.status).toBe(400);
      expect(region.body.error.data).toHaveProperty(['assessment.location.regionCode']);
      expect((await patch(caseId, { assessment: {} })).body.error.data).toHaveProperty('version');
    });

    it('lets only the holder or a supervisor change a case', async () => {
      const { caseId, version } = await claimed();
      const other = await patch(caseId, { version, assessment: {} }, operator2);
      expect(other.status).toBe(403);
      const boss = await patch(
        caseId,
        { version, assessment: { guardianship: 'unknown' } },
        supervisor,
      );
      expect(boss.status).toBe(200);
      const centre = await server.login('centre');
      expect((await patch(caseId, { version: 1 }, centre)).status).toBe(403);
    });
  });

  describe('priority override', () => {
    it('overrides with a reason, keeps it through later saves, and puts it on the timeline', async () => {
      const { caseId, version } = await claimed({ categories: ['violence_injury'] });
      const socket = connectSocket(server.url, operator2);
      await connected(socket);
      const noReason = await post(`/api/cases/${caseId}/priority`, { priority: 'P4', version });
      expect(noReason.status).toBe(400);
      expect(noReason.body.error.data).toHaveProperty('reason');
      const res = await post(`/api/cases/${caseId}/priority`, {
        priority: 'P4',
        reason: '家长已带孩子就医，情况稳定',
        version,
      });
      expect(res.status).toBe(200);
      const detail = ZCaseDetail.parse(res.body);
      expect(detail.priority).toBe('P4');
      expect(detail.priorityOverride).toMatchObject({
        priority: 'P4',
        reason: '家长已带孩子就医，情况稳定',
      });
      const event = detail.events.at(-1)!;
      expect(event.type).toBe('priority_overridden');
      expect(event.data).toMatchObject({ priority: 'P4', previousPriority: 'P2' });

      const saved = await patch(caseId, {
        version: detail.version,
        assessment: { risks: ['serious_injury'] },
      });
      expect(saved.body.priority).toBe('P4');
      expect(saved.body.priorityReasons[0].rule).toBe('risk');

      // Other consoles learn of the override, but not its free-text reason.
      const seen = await eventually(() =>
        socket.received.find((e) => e.case.id === caseId && e.event.type === 'priority_overridden'),
      );
      expect(seen.case.priority).toBe('P4');
      expect(JSON.stringify(seen)).not.toContain('就医');
      socket.disconnect();

      const stale = await post(`/api/cases/${caseId}/priority`, {
        priority: 'P1',
        reason: 'x',
        version,
      });
      expect(stale.body.error.code).toBe('CASE_VERSION_CONFLICT');
    });
  });

  describe('state machine', () => {
    const transition = (caseId: string, body: object, cookie = operator) =>
      post(`/api/cases/${caseId}/transition`, body, cookie);

    it('walks new → triaging → dispatched → in_progress → resolved → closed, each on the timeline', async () => {
      const { caseId } = await report({ categories: ['bullying'] });
      let version = (await read(caseId)).version;
      for (const to of ['triaging', 'dispatched', 'in_progress', 'resolved', 'closed'] as const) {
        if (to === 'resolved') {
          // The closed loop (issue 5): the reporter is called back before a case is resolved.
          const callback = await post(`/api/cases/${caseId}/callback`, { outcome: 'done' });
          expect(callback.status).toBeLessThan(300);
          version = (await read(caseId)).version;
        }
        const res = await transition(caseId, { to, version });
        expect(res.status, `${to}: ${JSON.stringify(res.body.error)}`).toBe(200);
        const detail = ZCaseDetail.parse(res.body);
        expect(detail.status).toBe(to);
        expect(detail.events.at(-1)).toMatchObject({ type: 'status_changed', data: { to } });
        version = detail.version;
      }
      const closed = await read(caseId);
      expect(closed.closedAt).not.toBeNull();
      expect(closed.assignee?.displayName).toBe('接线员 王芳');
    });

    it('lets only a supervisor reopen, from resolved, closed or closed without action', async () => {
      const { caseId, version } = await claimed({ categories: ['bullying'] });
      let res = await transition(caseId, { to: 'closed_no_action', reason: '重复来电', version });
      expect(res.status).toBe(200);
      expect(res.body.closedReason).toBe('重复来电');
      const refused = await transition(caseId, { to: 'new', version: res.body.version });
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('ILLEGAL_TRANSITION');
      expect(refused.body.error.message).toMatch(/supervisor/);
      res = await transition(caseId, { to: 'new', version: res.body.version }, supervisor);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'new', assignee: null, closedAt: null });
      expect(res.body.claimDeadline).not.toBeNull();
    });

    it('refuses illegal moves with 409 and a message saying why', async () => {
      const { caseId, version } = await claimed({ categories: ['bullying'] });
      const skip = await transition(caseId, { to: 'resolved', version });
      expect(skip.status).toBe(409);
      expect(skip.body.error).toMatchObject({
        code: 'ILLEGAL_TRANSITION',
        message: 'This change of status is not allowed',
        data: { from: 'triaging', to: 'resolved', problem: 'not_allowed' },
      });
      const noReason = await transition(caseId, { to: 'closed_no_action', version });
      expect(noReason.body.error.data.problem).toBe('reason_required');
      const same = await transition(caseId, { to: 'triaging', version });
      expect(same.body.error.data.problem).toBe('same_status');
      const bogus = await transition(caseId, { to: 'archived', version });
      expect(bogus.status).toBe(400);
      expect(bogus.body.error.data).toHaveProperty('to');
    });

    it('will not close a case in mandatory situations 1–8 until the police were notified', async () => {
      const { caseId, version } = await claimed({ categories: ['organised_begging'] });
      const refused = await transition(caseId, {
        to: 'closed_no_action',
        reason: '已由派出所处理',
        version,
      });
      expect(refused.status).toBe(409);
      expect(refused.body.error.data.problem).toBe('police_not_notified');
      expect(refused.body.error.message).toMatch(/police/);
      const saved = await patch(caseId, {
        version,
        assessment: { police: { notified: true, at: '2026-01-05T10:00:00+08:00' } },
      });
      expect(saved.body.policeNotifiedAt).toBe('2026-01-05T02:00:00.000Z');
      const closed = await transition(caseId, {
        to: 'closed_no_action',
        reason: '已由派出所处理',
        version: saved.body.version,
      });
      expect(closed.status).toBe(200);
    });

    it('checks the version on transitions too', async () => {
      const { caseId, version } = await claimed();
      const res = await transition(caseId, { to: 'dispatched', version: version - 1 });
      expect(res.body.error.code).toBe('CASE_VERSION_CONFLICT');
      expect(res.body.error.data.current.status).toBe('triaging');
    });
  });

  describe('claim, release, reassign', () => {
    it('lets a supervisor reassign; an operator may not', async () => {
      const { caseId } = await claimed();
      const denied = await post(`/api/cases/${caseId}/reassign`, { assigneeId: operator2Id });
      expect(denied.status).toBe(403);
      const res = await post(
        `/api/cases/${caseId}/reassign`,
        { assigneeId: operator2Id },
        supervisor,
      );
      expect(res.status).toBe(200);
      expect(ZCaseSummary.parse(res.body).assignee?.id).toBe(operator2Id);
      const detail = await read(caseId, supervisor);
      expect(detail.events.at(-1)).toMatchObject({
        type: 'reassigned',
        data: { assigneeId: operator2Id },
      });
      const bad = await post(
        `/api/cases/${caseId}/reassign`,
        { assigneeId: crypto.randomUUID() },
        supervisor,
      );
      expect(bad.status).toBe(400);
      expect(bad.body.error.data).toHaveProperty('assigneeId');
    });

    it('orders a claim racing a reassignment: one wins, and the case ends with one holder', async () => {
      const { caseId } = await report();
      const [claim, reassign] = await Promise.all([
        post(`/api/cases/${caseId}/claim`, undefined),
        post(`/api/cases/${caseId}/reassign`, { assigneeId: operator2Id }, supervisor),
      ]);
      expect(reassign.status).toBe(200);
      const detail = await read(caseId, supervisor);
      expect(detail.status).toBe('triaging');
      if (claim.status === 200) {
        // The claim went first; the reassignment then moved the case on to operator2.
        expect(detail.assignee?.id).toBe(operator2Id);
        expect(detail.events.map((e) => e.type)).toEqual(
          expect.arrayContaining(['claimed', 'reassigned']),
        );
      } else {
        expect(claim.body.error.code).toBe('CASE_ALREADY_CLAIMED');
        expect(detail.assignee?.id).toBe(operator2Id);
      }
    });

    it('lets one of two racing releases through', async () => {
      const { caseId } = await claimed();
      const [a, b] = await Promise.all([
        post(`/api/cases/${caseId}/release`, undefined),
        post(`/api/cases/${caseId}/release`, undefined, supervisor),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      expect((await read(caseId)).status).toBe('new');
    });
  });

  describe('notes and attachments', () => {
    it('adds a note to the timeline with who wrote it, without changing the version', async () => {
      const { caseId, version } = await claimed();
      const socket = connectSocket(server.url, operator);
      await connected(socket);
      const res = await post(
        `/api/cases/${caseId}/notes`,
        { text: '已联系班主任，明早家访' },
        operator2,
      );
      expect(res.status).toBe(201);
      const detail = await read(caseId);
      expect(detail.version).toBe(version);
      expect(detail.events.at(-1)).toMatchObject({
        type: 'note_added',
        actor: { displayName: '接线员 李明' },
        data: { text: '已联系班主任，明早家访' },
      });
      // Every operator's console hears of the note; its text stays in the (audited) case view.
      const seen = await eventually(() =>
        socket.received.find((e) => e.case.id === caseId && e.event.type === 'note_added'),
      );
      expect(seen.event.data).toEqual({});
      socket.disconnect();
      const empty = await post(`/api/cases/${caseId}/notes`, { text: '  ' });
      expect(empty.status).toBe(400);
      expect(empty.body.error.data).toHaveProperty('text');
    });

    it('stores a file, lists it, downloads it byte for byte and audits the download', async () => {
      const { caseId } = await claimed();
      const bytes = pngFile();
      const res = await post(`/api/cases/${caseId}/attachments`, {
        filename: '伤情照片.png',
        contentType: 'image/png',
        dataBase64: bytes.toString('base64'),
      });
      expect(res.status).toBe(201);
      const detail = await read(caseId);
      expect(detail.attachments).toEqual([
        expect.objectContaining({ filename: '伤情照片.png', size: bytes.length }),
      ]);
      expect(detail.events.at(-1)!.type).toBe('attachment_added');

      const download = await fetch(`${server.url}/api/cases/${caseId}/attachments/${res.body.id}`, {
        headers: { cookie: supervisor },
      });
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('image/png');
      expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
      expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);
      const audits = await server.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.caseId, caseId), eq(auditLog.action, 'case.attachment_read')));
      expect(audits).toHaveLength(1);

      const missing = await request(
        server.url,
        `/api/cases/${caseId}/attachments/${crypto.randomUUID()}`,
        { cookie: operator },
      );
      expect(missing.status).toBe(404);
    });

    it('refuses files over 5 MB with 413 and data that is not base64 with 400', async () => {
      const { caseId } = await claimed();
      const big = await post(`/api/cases/${caseId}/attachments`, {
        filename: 'big.bin',
        contentType: 'application/octet-stream',
        dataBase64: Buffer.alloc(5 * 1024 * 1024 + 1).toString('base64'),
      });
      expect(big.status).toBe(413);
      expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
      const huge = await post(`/api/cases/${caseId}/attachments`, {
        filename: 'huge.bin',
        contentType: 'application/octet-stream',
        dataBase64: 'A'.repeat(9 * 1024 * 1024),
      });
      expect(huge.status).toBe(413);
      const bad = await post(`/api/cases/${caseId}/attachments`, {
        filename: 'x.txt',
        contentType: 'text/plain',
        dataBase64: '不是base64',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.data).toHaveProperty('dataBase64');
      expect((await read(caseId)).attachments).toEqual([]);
    });

    it('takes only photos, PDFs and recordings, and only when the bytes are what the type says', async () => {
      const { caseId } = await claimed();
      const attach = (filename: string, contentType: string, data: Buffer) =>
        post(`/api/cases/${caseId}/attachments`, {
          filename,
          contentType,
          dataBase64: data.toString('base64'),
        });
      const html = await attach('page.html', 'text/html', HTML_PAGE);
      expect(html.status).toBe(415);
      expect(html.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(html.body.error.data).toHaveProperty('contentType');
      // Renamed to look like a photo or a PDF, they are still refused, by their content.
      const disguised = await attach('photo.png', 'image/png', HTML_PAGE);
      expect(disguised.status).toBe(415);
      expect(disguised.body.error.data).toHaveProperty('dataBase64');
      const exe = await attach('record.pdf', 'application/pdf', WINDOWS_EXE);
      expect(exe.status).toBe(415);
      expect(exe.body.error.data).toHaveProperty('dataBase64');
      expect((await read(caseId)).attachments).toEqual([]);

      for (const [name, type, data] of [
        ['record.pdf', 'application/pdf', pdfFile()],
        ['voice.wav', 'audio/wav', wavFile()],
        ['photo.jpg', 'IMAGE/JPEG', jpegFile()],
      ] as const) {
        const res = await attach(name, type, data);
        expect(res.status, name).toBe(201);
        expect(res.body.contentType).toBe(type.toLowerCase());
      }
      expect((await read(caseId)).attachments).toHaveLength(3);
    });
  });

  describe('linking', () => {
    it('finds reports about the same child, phone or address, and merges one in with both timelines whole', async () => {
      const name = `王${crypto.randomUUID().slice(0, 6)}`;
      const a = await report({
        children: [{ name, age: 8 }],
        location: { regionCode: '440106001001', address: '五山路1号' },
      });
      // Another county, so triage does not link it by itself.
      const b = await report({
        children: [{ name: ` ${name} `, age: 8 }],
        reporter: { type: 'anonymous' },
        location: { regionCode: '440232104201', address: `${name}家` },
      });
      const unrelated = await report({
        reporter: { type: 'anonymous' },
        location: { regionCode: '440232104201', address: '别处' },
      });
      expect(b.caseId).not.toBe(a.caseId);

      const related = await request(server.url, `/api/cases/${a.caseId}/related`, {
        cookie: operator,
      });
      expect(related.status).toBe(200);
      const hit = related.body.related.find((r: { reportId: string }) => r.reportId === b.reportId);
      expect(hit).toMatchObject({ caseId: b.caseId, reasons: ['same_child'] });
      expect(related.body.related.map((r: { reportId: string }) => r.reportId)).not.toContain(
        unrelated.reportId,
      );

      await request(server.url, `/api/cases/${a.caseId}/claim`, {
        method: 'POST',
        cookie: operator,
      });
      const merged = await post(`/api/cases/${a.caseId}/merge`, { reportId: b.reportId });
      expect(merged.status).toBe(200);
      const target = ZCaseDetail.parse(merged.body);
      expect(target.reports.map((r) => r.id)).toEqual([a.reportId, b.reportId]);
      expect(target.events.at(-1)).toMatchObject({
        type: 'report_merged',
        data: { reportId: b.reportId, fromCaseId: b.caseId },
      });

      const source = await read(b.caseId, supervisor);
      expect(source.reports).toHaveLength(0);
      expect(source.status).toBe('closed_no_action');
      expect(source.events.map((e) => e.type)).toEqual([
        'case_opened',
        'report_moved_out',
        'status_changed',
      ]);

      const again = await post(`/api/cases/${a.caseId}/merge`, { reportId: b.reportId });
      expect(again.status).toBe(409);

      // Split it out again: a new case of its own, the old one keeps its history.
      const split = await post(`/api/cases/${a.caseId}/split`, { reportId: b.reportId });
      expect(split.status).toBe(201);
      const fresh = await read(split.body.caseId, supervisor);
      expect(fresh.reports.map((r) => r.id)).toEqual([b.reportId]);
      expect(fresh.status).toBe('new');
      expect(fresh.claimDeadline).not.toBeNull();
      expect(fresh.events[0]).toMatchObject({
        type: 'case_opened',
        data: { splitFromCaseId: a.caseId },
      });
      // The report's own reference already names its first case, so the new case gets a fresh one.
      expect(fresh.reference).not.toBe(b.reference);
      expect(fresh.reference).toMatch(REFERENCE_PATTERN);
      const after = await read(a.caseId);
      expect(after.reports.map((r) => r.id)).toEqual([a.reportId]);
      expect(after.events.slice(-2).map((e) => e.type)).toEqual([
        'report_merged',
        'report_moved_out',
      ]);

      const only = await post(`/api/cases/${a.caseId}/split`, { reportId: a.reportId });
      expect(only.status).toBe(409);
      const notHere = await post(`/api/cases/${a.caseId}/split`, { reportId: b.reportId });
      expect(notHere.status).toBe(404);
    });

    it('survives two merges in opposite directions at once: never a 500, never a lost report', async () => {
      const a = await report();
      const b = await report({ location: { regionCode: '440232104201' } });
      const [intoA, intoB] = await Promise.all([
        post(`/api/cases/${a.caseId}/merge`, { reportId: b.reportId }, supervisor),
        post(`/api/cases/${b.caseId}/merge`, { reportId: a.reportId }, supervisor),
      ]);
      const statuses = [intoA.status, intoB.status];
      expect(statuses).toContain(200);
      for (const status of statuses) expect([200, 409]).toContain(status);
      const rows = await server.database.db
        .select({ id: reports.id, caseId: reports.caseId })
        .from(reports)
        .where(inArray(reports.id, [a.reportId, b.reportId]));
      // Both reports end in one open case.
      expect(new Set(rows.map((r) => r.caseId)).size).toBe(1);
      const survivor = await read(rows[0]!.caseId!, supervisor);
      expect(survivor.status).toBe('new');
      expect(survivor.reports).toHaveLength(2);
    });

    it('finds a report by the same reporter phone', async () => {
      const phone = `+86139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
      const a = await report({ reporter: { type: 'person', phone } });
      const b = await report({
        reporter: { type: 'person', phone: phone.replace('+86', '') },
        location: { regionCode: '440232104201', address: '别处2' },
      });
      const related = await request(server.url, `/api/cases/${a.caseId}/related`, {
        cookie: operator,
      });
      const hit = related.body.related.find((r: { reportId: string }) => r.reportId === b.reportId);
      expect(hit?.reasons).toContain('same_phone');
    });
  });

  describe('search', () => {
    const search = async (query: Record<string, string>, cookie = operator) => {
      const res = await request(
        server.url,
        `/api/cases/search?${new URLSearchParams(query).toString()}`,
        { cookie },
      );
      expect(res.status).toBe(200);
      return (res.body.cases as { id: string }[]).map((c) => c.id);
    };

    it('finds by reference, any part of a Chinese name, phone, region, status, priority and date', async () => {
      const tag = crypto.randomUUID().slice(0, 4);
      const phone = `+86137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
      const a = await report({
        children: [{ name: `欧阳${tag}娜`, age: 10 }],
        reporter: { type: 'person', phone },
        categories: ['bullying'],
        location: { regionCode: '440117101201' },
      });
      const b = await report({
        categories: ['self_harm_risk'],
        location: { regionCode: '440106001001' },
      });

      expect(await search({ q: `${tag}娜` })).toEqual([a.caseId]);
      expect(await search({ q: a.reference.toLowerCase() })).toEqual([a.caseId]);
      // A phone number tells who reported: supervisors search all cases by it (holder-scope.test).
      expect(await search({ phone: phone.replace('+86', '') }, supervisor)).toEqual([a.caseId]);
      expect(await search({ q: '%' })).not.toContain('x'); // wildcards are literal
      const inCounty = await search({ regionCode: '440117' });
      expect(inCounty).toContain(a.caseId);
      expect(inCounty).not.toContain(b.caseId);
      const p1 = await search({ priority: 'P1', status: 'new' });
      expect(p1).toContain(b.caseId);
      expect(p1).not.toContain(a.caseId);
      const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
      expect(await search({ from: today, to: today, q: `${tag}娜` })).toEqual([a.caseId]);
      expect(await search({ to: '2020-01-01', q: `${tag}娜` })).toEqual([]);

      const bad = await request(server.url, '/api/cases/search?priority=P9&from=yesterday', {
        cookie: operator,
      });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.error.data).sort()).toEqual(['from', 'priority']);
      const centre = await server.login('centre');
      expect((await request(server.url, '/api/cases/search?q=a', { cookie: centre })).status).toBe(
        403,
      );
    });

    it('finds a child by a name the operator entered in the assessment', async () => {
      const { caseId, version } = await claimed();
      const name = `司马${crypto.randomUUID().slice(0, 4)}`;
      await patch(caseId, { version, assessment: { children: [{ name }] } });
      expect(await search({ q: name.slice(1) })).toEqual([caseId]);
    });
  });
});
