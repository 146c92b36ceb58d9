import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { TwilioSimulator } from '@hutong/ivr/simulator';
import {
  JobName,
  ZCaseChanged,
  ZCaseDetail,
  ZChildFile,
  type TCaseChanged,
  ZWarningChanged,
  type TAssessment,
  type TCreateChild,
  type TWarningChanged,
} from '@hutong/shared';
import { childReportLinks, outbox, reports, smsConversations, warnings } from '../../db/schema.js';
import { deleteKeys, startTestServer, type TestServer } from '../../../test/server.js';
import { attachSimulator } from '../../../test/simulator.js';
import { fileReport } from '../../../test/cases.js';
import { eventually, request } from '../../../test/http.js';
import { connectSocket, connected, type TestSocket } from '../../../test/socket.js';
import { captureLogs } from '../../../test/logs.js';
import { createTestDatabase, TEST_DB_KIND } from '../../../test/db.js';
import type { Db } from '../../db/client.js';
import { phoneHash } from '../cases/phone-hash.js';

const AUTH_TOKEN = 'assessment-match-test-token';
const SHINAN = '440117101201'; // 石南村, the demo director's village
const LONGGANG = '440117101202'; // 龙岗村, the same township's other village

describe(`an assessment naming a child on file (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let sim: TwilioSimulator;
  let director: string;
  let township: string;
  let operator: string;
  const logs = captureLogs();
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    server = await startTestServer({ env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN }, log: logs.log });
    sim = await attachSimulator(server, { authToken: AUTH_TOKEN, timeScale: 0.02 });
    director = await server.login('director');
    township = await server.login('township');
    operator = await server.login('operator');
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await sim?.stop();
    await server?.stop();
  });

  async function register(overrides: Partial<TCreateChild>, cookie = director): Promise<string> {
    const res = await request(server.url, '/api/children', {
      cookie,
      body: {
        name: `评估${randomUUID().slice(0, 6)}`,
        sex: 'female',
        dateOfBirth: '2016-03-01',
        regionCode: SHINAN,
        categories: ['left_behind'],
        guardians: [{ relation: 'grandparent', name: '李奶奶', livesWithChild: true }],
        ...overrides,
      } satisfies TCreateChild,
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  /** An SMS report (it names no child), its case claimed by the operator. */
  async function smsCase(from: string) {
    await sim.sendSms({ from, body: 'A girl in our village is left alone at night' });
    const conversation = await eventually(async () => {
      const [row] = await server.database.db
        .select()
        .from(smsConversations)
        .where(eq(smsConversations.phoneHash, phoneHash(server.hutong.ctx, from)));
      return row;
    });
    const report = await eventually(async () => {
      const [row] = await server.database.db
        .select()
        .from(reports)
        .where(eq(reports.id, conversation.reportId));
      return row?.caseId ? row : undefined;
    });
    expect(report.channel).toBe('sms');
    const claim = await request(server.url, `/api/cases/${report.caseId}/claim`, {
      method: 'POST',
      cookie: operator,
    });
    expect(claim.status).toBe(200);
    return { report, caseId: report.caseId!, version: claim.body.version as number };
  }

  const save = (caseId: string, version: number, assessment: TAssessment) =>
    request(server.url, `/api/cases/${caseId}`, {
      method: 'PATCH',
      cookie: operator,
      body: { version, assessment },
    });

  const warningsOf = (childId: string) =>
    server.database.db.select().from(warnings).where(eq(warnings.childId, childId));
  const linksOf = (reportId: string) =>
    server.database.db
      .select()
      .from(childReportLinks)
      .where(eq(childReportLinks.reportId, reportId));

  it('links an SMS report to the file of the child its assessment names, warns once, and shows the operator the file', async () => {
    const name = `周${randomUUID().slice(0, 4)}`;
    const age = new Date().getUTCFullYear() - 2016 - 1;
    const onFile = await register({ name, categories: ['left_behind', 'disabled'] });
    // The same name in the township's other village, and in this village five years younger.
    const otherVillage = await register({ name, regionCode: LONGGANG }, township);
    const otherAge = await register({ name, dateOfBirth: '2021-03-01' });

    // A web report about the child earlier: triage links it, so the SMS makes two reports.
    const earlier = await fileReport(server, {
      children: [{ name, age }],
      location: { regionCode: SHINAN },
    });
    await eventually(async () => (await linksOf(earlier.reportId)).length > 0);

    const socket = connectSocket(server.url, director);
    sockets.push(socket);
    const live: TWarningChanged[] = [];
    socket.on('warning.created', (p) => live.push(ZWarningChanged.parse(p)));
    socket.on('warning.updated', (p) => live.push(ZWarningChanged.parse(p)));
    await connected(socket);

    // Another console on the case (a supervisor's): told live, so it re-reads the case.
    const watcher = connectSocket(server.url, await server.login('supervisor'));
    sockets.push(watcher);
    const changes: TCaseChanged[] = [];
    watcher.on('case.updated', (p) => changes.push(ZCaseChanged.parse(p)));
    await connected(watcher);

    const sms = await smsCase('+8613700000901');
    await server.hutong.relay.drain();
    expect(await linksOf(sms.report.id)).toEqual([]);

    const assessment: TAssessment = {
      children: [{ name: ` ${name}`, age }],
      location: { regionCode: SHINAN },
    };
    const saved = await save(sms.caseId, sms.version, assessment);
    expect(saved.status).toBe(200);
    // The save's answer already shows the file, as a case matched in triage shows it.
    const detail = ZCaseDetail.parse(saved.body);
    expect(detail.childrenOnFile?.map((c) => c.id)).toEqual([onFile]);
    expect(detail.childrenOnFile?.[0]).toMatchObject({
      name,
      categories: ['left_behind', 'disabled'],
      region: expect.objectContaining({ code: SHINAN }),
      director: expect.objectContaining({ displayName: expect.any(String) }),
    });

    expect(await linksOf(sms.report.id)).toEqual([
      expect.objectContaining({ childId: onFile, source: 'assessment' }),
    ]);
    // On the timeline (ids only), and live to the other console after the assessment's own event.
    const linkedEvents = (d: { events: { type: string; data: Record<string, unknown> }[] }) =>
      d.events.filter((e) => e.type === 'child_on_file_linked');
    expect(linkedEvents(detail).map((e) => e.data)).toEqual([
      { childIds: [onFile], source: 'assessment' },
    ]);
    await eventually(() =>
      changes.some((c) => c.case.id === sms.caseId && c.event.type === 'child_on_file_linked'),
    );
    const raised = await warningsOf(onFile);
    const onFileWarnings = raised.filter((w) => w.kind === 'report_on_file');
    expect(onFileWarnings.map((w) => w.reportId).sort()).toEqual(
      [earlier.reportId, sms.report.id].sort(),
    );
    const repeat = raised.find((w) => w.kind === 'repeat_reports');
    expect(repeat?.reasons[0]).toMatchObject({ rule: 'repeat_reports', count: 2 });
    const smsWarning = onFileWarnings.find((w) => w.reportId === sms.report.id)!;
    expect(smsWarning.reasons).toEqual([
      { rule: 'report_on_file', reference: sms.report.reference },
    ]);
    await eventually(() => live.some((e) => e.warning.id === smsWarning.id));

    // The match ran here, so the save's outbox row (the job that would retry it) is marked done.
    await server.hutong.relay.drain();
    const matchRows = await server.database.db
      .select({ publishedAt: outbox.publishedAt })
      .from(outbox).where(sql`${outbox.payload} -> 'data' ->> 'caseId' = ${sms.caseId}
        and ${outbox.payload} ->> 'name' = ${JobName.matchAssessment}`);
    expect(matchRows).toEqual([{ publishedAt: expect.any(Date) }]);

    // Neither the other village's child nor the younger one of the same name is this child.
    expect(await warningsOf(otherVillage)).toEqual([]);
    expect(await warningsOf(otherAge)).toEqual([]);

    // Saving again (a change elsewhere, then the children edited) links and warns nothing new.
    const events = live.length;
    const again = await save(sms.caseId, detail.version, {
      ...assessment,
      categories: ['guardianship_concern'],
    });
    expect(again.status).toBe(200);
    const third = await save(sms.caseId, again.body.version as number, {
      ...assessment,
      children: [{ name, age, sex: 'female' }],
      categories: ['guardianship_concern'],
    });
    expect(third.status).toBe(200);
    const thirdDetail = ZCaseDetail.parse(third.body);
    expect(thirdDetail.childrenOnFile?.map((c) => c.id)).toEqual([onFile]);
    expect(linkedEvents(thirdDetail)).toHaveLength(1);
    expect(await linksOf(sms.report.id)).toHaveLength(1);
    expect((await warningsOf(onFile)).map((w) => [w.id, w.kind, w.reasons]).sort()).toEqual(
      raised.map((w) => [w.id, w.kind, w.reasons]).sort(),
    );
    await server.hutong.relay.drain();
    expect(live.length).toBe(events);

    // The operator reads the file through the case; not a file the case is not linked to.
    const file = await request(server.url, `/api/children/${onFile}?caseId=${sms.caseId}`, {
      cookie: operator,
    });
    expect(file.status).toBe(200);
    expect(ZChildFile.parse(file.body).name).toBe(name);
    const other = await request(server.url, `/api/children/${otherVillage}?caseId=${sms.caseId}`, {
      cookie: operator,
    });
    expect(other.status).toBe(403);

    // Nothing personal reached the log.
    expect(logs.text()).not.toContain(name);
  });

  it('links a report merged into a case to every file its assessment names', async () => {
    const first = `冯${randomUUID().slice(0, 4)}`;
    const second = `陈${randomUUID().slice(0, 4)}`;
    const age = new Date().getUTCFullYear() - 2016 - 1;
    const files = [await register({ name: first }), await register({ name: second })];
    const sms = await smsCase('+8613700000903');
    const saved = await save(sms.caseId, sms.version, {
      children: [
        { name: first, age },
        { name: second, age },
      ],
      location: { regionCode: SHINAN },
    });
    expect(saved.status).toBe(200);
    expect(await linksOf(sms.report.id)).toHaveLength(2);

    // A report naming no child, opened as a case of its own, then merged into the SMS's case.
    const other = await fileReport(server, {
      children: [{ age }],
      location: { regionCode: SHINAN },
    });
    expect(other.caseId).not.toBe(sms.caseId);
    expect(await linksOf(other.reportId)).toEqual([]);
    const merged = await request(server.url, `/api/cases/${sms.caseId}/merge`, {
      method: 'POST',
      cookie: operator,
      body: { reportId: other.reportId },
    });
    expect(merged.status).toBe(200);
    // Linked before the answer, to both files, and warned once per file about it.
    expect((await linksOf(other.reportId)).map((l) => [l.childId, l.source]).sort()).toEqual(
      files.map((id) => [id, 'assessment']).sort(),
    );
    for (const file of files) {
      const onFile = (await warningsOf(file)).filter((w) => w.kind === 'report_on_file');
      expect(onFile.map((w) => w.reportId).sort()).toEqual([sms.report.id, other.reportId].sort());
    }
  });

  it('saves the assessment when matching fails, logs no name, and the job matches it once the failure has passed', async () => {
    const name = `吴${randomUUID().slice(0, 4)}`;
    const age = new Date().getUTCFullYear() - 2016 - 1;
    const onFile = await register({ name });
    // A real failure in the database: linking to this file is refused until the trigger goes.
    const db = server.database.db;
    await refuseLinks(db, onFile);
    const sms = await smsCase('+8613700000902');
    const assessment: TAssessment = {
      children: [{ name, age }],
      location: { regionCode: SHINAN },
    };
    const saved = await save(sms.caseId, sms.version, assessment);
    expect(saved.status).toBe(200);
    const detail = ZCaseDetail.parse(saved.body);
    expect(detail.assessment.children).toEqual([{ name, age }]);
    expect(detail.childrenOnFile).toBeUndefined();
    expect(await linksOf(sms.report.id)).toEqual([]);
    expect(await warningsOf(onFile)).toEqual([]);
    const failed = logs.lines().find((l) => String(l.msg).startsWith('assessment: matching'));
    expect(failed).toMatchObject({ caseId: sms.caseId, code: expect.any(String) });
    expect(logs.text()).not.toContain(name);

    // No second save: the save's outbox row queues the match as a job, retried until it links.
    await db.execute(sql.raw('drop trigger test_refuse_link on child_report_links'));
    await eventually(async () => (await linksOf(sms.report.id)).length > 0, 20_000);
    expect(await linksOf(sms.report.id)).toEqual([
      expect.objectContaining({ childId: onFile, source: 'assessment' }),
    ]);
    expect((await warningsOf(onFile)).map((w) => w.kind)).toEqual(['report_on_file']);
    const read = await request(server.url, `/api/cases/${sms.caseId}`, { cookie: operator });
    expect(ZCaseDetail.parse(read.body).childrenOnFile?.map((c) => c.id)).toEqual([onFile]);
  });

  it('matches an assessment whose process died between the save and its match', async () => {
    const name = `郑${randomUUID().slice(0, 4)}`;
    const age = new Date().getUTCFullYear() - 2016 - 1;
    const onFile = await register({ name });
    const database = await createTestDatabase();
    let redis = { url: '', prefix: '' };
    const cleanups: (() => Promise<void>)[] = [
      async () => {
        await database.close();
        await deleteKeys(redis.url, redis.prefix);
      },
    ];
    try {
      const first = await startTestServer({ database });
      redis = { url: first.redisUrl, prefix: first.prefix };
      const child = await request(first.url, '/api/children', {
        cookie: await first.login('director'),
        body: {
          name,
          sex: 'female',
          dateOfBirth: '2016-03-01',
          regionCode: SHINAN,
          categories: ['left_behind'],
          guardians: [],
        } satisfies TCreateChild,
      });
      expect(child.status).toBe(201);
      const report = await fileReport(first, {
        children: [{ age }],
        location: { regionCode: SHINAN },
      });
      const firstOperator = await first.login('operator');
      const claim = await request(first.url, `/api/cases/${report.caseId}/claim`, {
        method: 'POST',
        cookie: firstOperator,
      });
      expect(claim.status).toBe(200);
      // The process "dies" after the save commits and before its match links anything: the
      // match fails, and the process is gone before any relay of its own could queue the job.
      await refuseLinks(database.db, child.body.id as string);
      await first.hutong.relay.stop();
      const saved = await request(first.url, `/api/cases/${report.caseId}`, {
        method: 'PATCH',
        cookie: firstOperator,
        body: { version: claim.body.version, assessment: { children: [{ name, age }] } },
      });
      expect(saved.status).toBe(200);
      await first.stop({ keepDatabase: true });
      await database.db.execute(sql.raw('drop trigger test_refuse_link on child_report_links'));
      const links = () =>
        database.db
          .select()
          .from(childReportLinks)
          .where(eq(childReportLinks.reportId, report.reportId));
      expect(await links()).toEqual([]);

      // The next process's relay finds the save's outbox row and queues the match.
      const second = await startTestServer({ database, prefix: first.prefix });
      cleanups.push(() => second.stop({ keepDatabase: true }));
      await eventually(async () => (await links()).length > 0, 20_000);
      expect(await links()).toEqual([
        expect.objectContaining({ childId: child.body.id, source: 'assessment' }),
      ]);
    } finally {
      for (const c of cleanups.reverse()) await c();
    }
    // The shared server's file of the same name is another database's: untouched.
    expect(await warningsOf(onFile)).toEqual([]);
  });
});

/** A real failure in the database: linking a report to this file is refused until it is dropped. */
async function refuseLinks(db: Db, childId: string): Promise<void> {
  await db.execute(
    sql.raw(`create or replace function test_refuse_link() returns trigger
    language plpgsql as $$ begin raise exception 'link refused for the test'; end $$`),
  );
  await db.execute(
    sql.raw(`create trigger test_refuse_link before insert on child_report_links
    for each row when (new.child_id = '${childId}') execute function test_refuse_link()`),
  );
}
