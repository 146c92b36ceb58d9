import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { TWILIO_PATHS, signTwilioRequest, webhookUrl } from '@hutong/ivr';
import { ZCaseDetail, ZSmsConversation, type TReporter } from '@hutong/shared';
import {
  calls,
  caseEvents,
  cases,
  centres,
  referralMessages,
  referrals,
  reports,
  smsConversations,
  smsMessages,
} from '../../db/schema.js';
import type { Database } from '../../db/client.js';
import { decryptText, encryptText, keyId } from '../../lib/crypto.js';
import { RegionDirectory } from '../regions/region-directory.js';
import { linkKeys } from '../triage/link-keys.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { eventually, request } from '../../../test/http.js';
import { buildReport } from '../../../test/factories.js';
import { createTestDatabase, TEST_DB_KIND } from '../../../test/db.js';
import { rotateDataKey } from './commands/rotate-data-key.js';
import { phoneHash } from './reporter-identity.js';
import {
  assessmentSearchTokens,
  nameTokens,
  openAssessment,
  openChildren,
  openText,
  sealAssessment,
} from './case-content.js';

const oldKey = randomBytes(32);
const newKey = randomBytes(32);
const b64 = (k: Buffer) => k.toString('base64');
const AUTH_TOKEN = 'rotation-test-token';
const CALLER = '+8613955556666';
const TEXTER = '+8613977778888';

/** A signed form POST to a Twilio webhook path, as Twilio sends it. */
async function postSigned(baseUrl: string, path: string, params: Record<string, string>) {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signTwilioRequest(AUTH_TOKEN, webhookUrl(baseUrl, path), params),
    },
    body: new URLSearchParams(params).toString(),
  });
  expect(res.status).toBe(200);
  return res.text();
}

describe(`data key rotation (${TEST_DB_KIND})`, () => {
  let database: Database;
  let server: TestServer;
  let assessedCaseId: string;
  const ASSESSMENT = {
    children: [{ name: '轮换评估童', age: 9 }],
    injuries: '轮换伤情',
    location: { address: '轮换地址' },
  };
  const reporters: TReporter[] = [
    { type: 'person', name: '轮换甲', phone: '+8613911112222', relationship: 'neighbour' },
    { type: 'organisation', orgName: '轮换医院', name: '轮换乙', phone: '13933334444' },
    { type: 'anonymous' },
  ];

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startTestServer({
      database,
      env: { HUTONG_DATA_KEY: b64(oldKey), TWILIO_AUTH_TOKEN: AUTH_TOKEN },
    });
    for (const reporter of reporters) {
      await request(server.url, '/api/reports', { body: buildReport({ reporter }) });
    }
    // A caller in the voice menu, and a child's SMS (which opens a report of its own).
    await postSigned(server.url, TWILIO_PATHS.voice, {
      CallSid: 'CArotate0001',
      From: CALLER,
      To: '+861012355000',
    });
    await postSigned(server.url, TWILIO_PATHS.sms, {
      MessageSid: 'SMrotate0001',
      From: TEXTER,
      Body: '轮换短信：同学被打了',
    });
    await eventually(async () => {
      const rows = await database.db.select().from(reports);
      return rows.length === reporters.length + 1 && rows.every((r) => r.caseId);
    });
    await server.stop({ keepDatabase: true });
    // An operator's assessment, as the old key sealed it.
    const [first] = await database.db.select().from(cases).limit(1);
    assessedCaseId = first!.id;
    await database.db
      .update(cases)
      .set({
        assessment: sealAssessment(oldKey, ASSESSMENT),
        searchTokens: assessmentSearchTokens(oldKey, ASSESSMENT),
      })
      .where(eq(cases.id, assessedCaseId));
    // An operator's note and a centre's outcome notes, under the old key too.
    await database.db.insert(caseEvents).values({
      caseId: assessedCaseId,
      type: 'note_added',
      data: { text: encryptText(oldKey, '轮换笔记') },
    });
    const [centre] = await database.db.select().from(centres).limit(1);
    const [referred] = await database.db
      .insert(referrals)
      .values({
        caseId: assessedCaseId,
        centreId: centre!.id,
        priority: 'P3',
        status: 'completed',
        outcome: {
          actions: ['police_case_opened'],
          date: '2026-01-05',
          notes: encryptText(oldKey, '轮换结果'),
        },
      })
      .returning();
    // A message between the centre and the hotline on that referral.
    await database.db.insert(referralMessages).values({
      referralId: referred!.id,
      caseId: assessedCaseId,
      side: 'centre',
      body: encryptText(oldKey, '轮换留言'),
    });
  });
  afterAll(() => database.close());

  it('re-encrypts every row under the new key without loss, and can run again', async () => {
    const regions = new RegionDirectory(database.db);
    await regions.reload();
    const first = await rotateDataKey(database.db, regions, {
      current: newKey,
      previous: [oldKey],
    });
    // Every report has children, a narrative or an address to encrypt (the anonymous one too,
    // since children's data is encrypted); the SMS opened a report of its own.
    expect(first).toMatchObject({
      reports: 4,
      assessments: 1,
      notes: 1,
      referralOutcomes: 1,
      referralMessages: 1,
      calls: 1,
      smsConversations: 1,
      smsMessages: 1,
      lookupCodes: 1,
    });
    const again = await rotateDataKey(database.db, regions, { current: newKey, previous: [] });
    expect(again).toMatchObject({
      reports: 0,
      assessments: 0,
      notes: 0,
      referralOutcomes: 0,
      referralMessages: 0,
      calls: 0,
      smsConversations: 0,
      smsMessages: 0,
      lookupCodes: 0,
    });

    const rows = await database.db.select().from(reports);
    const raw = JSON.stringify(rows);
    expect(raw).not.toContain(`:${keyId(oldKey)}:`);
    expect(raw).not.toMatch(/轮换|1391111|1393333|小明|五山路|淤青/);
    // Children, narrative and address decrypt under the new key; the search index follows it.
    const web = rows.find((r) => r.channel === 'web')!;
    expect(openChildren(web.children, [newKey])[0]!.name).toBe('小明');
    expect(openText(web.address, [newKey])).toBe('五山路1号');
    expect(web.searchTokens).toEqual(expect.arrayContaining(nameTokens(newKey, ['小明'])));
    const [note] = await database.db
      .select()
      .from(caseEvents)
      .where(eq(caseEvents.type, 'note_added'));
    expect(decryptText([newKey], note!.data.text as string)).toBe('轮换笔记');
    const [referral] = await database.db.select().from(referrals);
    expect(decryptText([newKey], referral!.outcome!.notes)).toBe('轮换结果');
    const [message] = await database.db.select().from(referralMessages);
    expect(decryptText([newKey], message!.body)).toBe('轮换留言');
    const [assessed] = await database.db.select().from(cases).where(eq(cases.id, assessedCaseId));
    expect(JSON.stringify(assessed!.assessment)).not.toMatch(/轮换/);
    expect(openAssessment(assessed!.assessment, [newKey])).toEqual(ASSESSMENT);
    expect(assessed!.searchTokens.sort()).toEqual(
      assessmentSearchTokens(newKey, ASSESSMENT).sort(),
    );
    const hashes = rows.map((r) => r.reporterPhoneHash).filter(Boolean);
    expect(hashes.sort()).toEqual(
      [
        phoneHash(newKey, '13911112222'),
        phoneHash(newKey, '13933334444'),
        phoneHash(newKey, TEXTER),
      ].sort(),
    );

    // Telephony: numbers and bodies under the new key only, hashes recomputed with it.
    const [call] = await database.db.select().from(calls);
    const [conversation] = await database.db.select().from(smsConversations);
    const messages = await database.db.select().from(smsMessages);
    const telephonyRaw = JSON.stringify({ call, conversation, messages });
    expect(telephonyRaw).not.toContain(`:${keyId(oldKey)}:`);
    expect(telephonyRaw).not.toMatch(/轮换|1395555|1397777/);
    expect(call!.fromHash).toBe(phoneHash(newKey, CALLER));
    expect(decryptText([newKey], call!.fromEncrypted)).toBe(CALLER);
    expect(conversation!.phoneHash).toBe(phoneHash(newKey, TEXTER));
    expect(decryptText([newKey], conversation!.phoneEncrypted)).toBe(TEXTER);
    expect(decryptText([newKey], messages[0]!.bodyEncrypted)).toBe('轮换短信：同学被打了');
    expect(messages[0]!.replyEncrypted).not.toBeNull();
    expect(decryptText([newKey], messages[0]!.replyEncrypted!)).toContain('HT-');
    // Link keys follow the key too, so later reports still find these cases.
    const [someCase] = await database.db.select().from(cases).limit(1);
    const [itsReport] = await database.db
      .select()
      .from(reports)
      .where(eq(reports.caseId, someCase!.id));
    const county = regions.ancestorAt(itsReport!.regionCode!, 'county')?.code;
    expect(someCase!.linkKeys).toEqual(
      expect.arrayContaining(linkKeys(newKey, county, openChildren(itsReport!.children, [newKey]))),
    );
  });

  it('serves the identities intact from a server that holds only the new key', async () => {
    server = await startTestServer({
      database,
      env: { HUTONG_DATA_KEY: b64(newKey), TWILIO_AUTH_TOKEN: AUTH_TOKEN },
    });
    const supervisor = await server.login('supervisor');
    const list = await request(server.url, '/api/cases?scope=all', { cookie: supervisor });
    const seen: TReporter[] = [];
    for (const c of list.body.cases as { id: string }[]) {
      const detail = ZCaseDetail.parse(
        (await request(server.url, `/api/cases/${c.id}`, { cookie: supervisor })).body,
      );
      seen.push(...detail.reports.map((r) => r.reporter as TReporter));
    }
    expect(seen).toEqual(expect.arrayContaining(reporters));
    // Search by a part of a child's name works through the recomputed tokens.
    const byName = await request(server.url, `/api/cases/search?q=${encodeURIComponent('评估')}`, {
      cookie: supervisor,
    });
    expect(byName.body.cases.map((c: { id: string }) => c.id)).toEqual([assessedCaseId]);
    const byChild = await request(server.url, `/api/cases/search?q=${encodeURIComponent('明')}`, {
      cookie: supervisor,
    });
    expect(byChild.body.cases.length).toBeGreaterThan(0);

    // The SMS thread reads back, and the texter's next message finds the same conversation by
    // its recomputed hash instead of opening a second report.
    const [conversation] = await database.db.select().from(smsConversations);
    const [smsReport] = await database.db
      .select()
      .from(reports)
      .where(eq(reports.id, conversation!.reportId));
    await postSigned(server.url, TWILIO_PATHS.sms, {
      MessageSid: 'SMrotate0002',
      From: TEXTER,
      Body: '1',
    });
    expect(await database.db.select().from(smsConversations)).toHaveLength(1);
    const thread = ZSmsConversation.parse(
      (await request(server.url, `/api/cases/${smsReport!.caseId}/sms`, { cookie: supervisor }))
        .body,
    );
    expect(thread.messages.map((m) => m.body)).toEqual(
      expect.arrayContaining(['轮换短信：同学被打了', '1']),
    );
    await server.stop({ keepDatabase: true });
  });

  it('fails loudly, writing nothing, when the old key is not given', async () => {
    const fresh = await createTestDatabase();
    const s = await startTestServer({ database: fresh, env: { HUTONG_DATA_KEY: b64(oldKey) } });
    await request(s.url, '/api/reports', { body: buildReport() });
    await s.stop({ keepDatabase: true });
    const before = await fresh.db.select().from(reports);
    const regions = new RegionDirectory(fresh.db);
    await regions.reload();
    await expect(
      rotateDataKey(fresh.db, regions, { current: newKey, previous: [] }),
    ).rejects.toThrow(/No key/);
    expect(await fresh.db.select().from(reports)).toEqual(before);
    await fresh.close();
  });
});
