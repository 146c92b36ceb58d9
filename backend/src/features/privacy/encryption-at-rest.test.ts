import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { ZCaseDetail, ZCaseExport, ZReferralDetail } from '@hutong/shared';
import type { Db } from '../../db/client.js';
import { cases, reports, settings } from '../../db/schema.js';
import { isEncryptedWith, keyId, keyedHash } from '../../lib/crypto.js';
import { RegionDirectory } from '../regions/region-directory.js';
import { linkKeys, normaliseName } from '../triage/link-keys.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { eventually, request } from '../../../test/http.js';
import { claimedCase, fileReport } from '../../../test/cases.js';
import { demoCentres } from '../../../test/fixtures.js';
import { createTestDatabase, TEST_DB_KIND } from '../../../test/db.js';
import { normalisePhone, phoneHash } from './reporter-identity.js';
import { DATA_FORMAT_KEY } from './data-format.js';
import { upgradeDataAtRest } from './commands/upgrade-data-at-rest.js';

/** The rows of a plain SQL query, whichever driver is behind the database. */
async function rawRows(db: Db, query: string): Promise<unknown[]> {
  const result: unknown = await db.execute(sql.raw(query));
  return (result as { rows: unknown[] }).rows;
}

/** Every row of the tables that hold case content, as one string, read with plain SQL. */
async function rawDump(db: Db): Promise<string> {
  const tables = ['reports', 'cases', 'contacts', 'case_events', 'audit_log', 'outbox'];
  const parts: unknown[] = [];
  for (const table of tables) {
    parts.push(await rawRows(db, `select * from ${table}`));
  }
  return JSON.stringify(parts);
}

const search = async (server: TestServer, cookie: string, q: string): Promise<string[]> => {
  const res = await request(
    server.url,
    `/api/cases/search?${new URLSearchParams({ q }).toString()}`,
    {
      cookie,
    },
  );
  expect(res.status).toBe(200);
  return (res.body.cases as { id: string }[]).map((c) => c.id);
};

describe(`children's data encrypted at rest (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let operator: string;
  let supervisor: string;
  let centre: string;

  beforeAll(async () => {
    server = await startTestServer();
    [operator, supervisor, centre] = await Promise.all([
      server.login('operator'),
      server.login('supervisor'),
      server.login('centre'),
    ]);
  });
  afterAll(() => server?.stop());

  const child = { name: '欧阳晓红', sex: 'female' as const, age: 8, school: '晨曦实验小学' };
  const address = '榕树巷17号';
  const narrative = '密文测试叙述：孩子晚上不敢回家';
  const assessment = {
    children: [
      { name: '司马青云', age: 8, school: '晨曦实验小学', idNumber: '44010620170101123X' },
    ],
    injuries: '手臂淤青（密文测试）',
    guardianshipNotes: '外婆照看（密文测试）',
    location: { regionCode: '440106001001', address: '榕树巷17号之二' },
  };
  const PLANTED = /欧阳|晓红|晨曦|榕树巷|密文测试|司马|青云|44010620170101123X/;
  let caseId: string;

  it('stores no child name, school, address, narrative or assessment text in the clear', async () => {
    const filed = await claimedCase(server, operator, {
      children: [child],
      location: { regionCode: '440106001001', address },
      narrative,
    });
    caseId = filed.caseId;
    const saved = await request(server.url, `/api/cases/${caseId}`, {
      method: 'PATCH',
      body: { version: filed.version, assessment },
      cookie: operator,
    });
    expect(saved.status).toBe(200);

    const raw = await rawDump(server.database.db);
    expect(raw).toContain(filed.reference); // the dump did read the rows
    expect(raw).not.toMatch(PLANTED);
    const [row] = await server.database.db.select().from(reports).where(eq(reports.caseId, caseId));
    const key = server.hutong.ctx.config.dataKey;
    expect(isEncryptedWith(row!.children[0]!.name!, key)).toBe(true);
    expect(isEncryptedWith(row!.narrative!, key)).toBe(true);
    expect(row!.children[0]).toMatchObject({ sex: 'female', age: 8 }); // triage reads these
  });

  it('serves them decrypted in the case view, the export and the centre’s referral', async () => {
    const detail = ZCaseDetail.parse(
      (await request(server.url, `/api/cases/${caseId}`, { cookie: supervisor })).body,
    );
    expect(detail.reports[0]!.children).toEqual([child]);
    expect(detail.reports[0]!.narrative).toBe(narrative);
    expect(detail.reports[0]!.location.address).toBe(address);
    expect(detail.assessment).toMatchObject(assessment);

    const exported = ZCaseExport.parse(
      (await request(server.url, `/api/cases/${caseId}/export`, { cookie: supervisor })).body,
    );
    expect(exported.reports[0]!.children).toEqual([child]);
    expect(exported.reports[0]!.narrative).toBe(narrative);
    expect(exported.case.assessment).toMatchObject(assessment);

    const { cityId } = await demoCentres(server);
    const referred = await request(server.url, `/api/cases/${caseId}/referrals`, {
      body: { centreId: cityId, note: '' },
      cookie: operator,
    });
    expect(referred.status).toBe(201);
    const referral = ZReferralDetail.parse(
      (await request(server.url, `/api/referrals/${referred.body.id}`, { cookie: centre })).body,
    );
    expect(referral.case.children).toEqual([{ ...child }]);
    expect(referral.case.addresses).toEqual([address]);
  });

  it('encrypts operators’ notes and the centre’s outcome notes, and shows them to those who may', async () => {
    const note = await request(server.url, `/api/cases/${caseId}/notes`, {
      body: { text: '笔记密文测试：已联系欧阳家长' },
      cookie: operator,
    });
    expect(note.status).toBe(201);
    const { cityId } = await demoCentres(server);
    const { body: referral } = await request(server.url, `/api/cases/${caseId}/referrals`, {
      body: { centreId: cityId, note: '' },
      cookie: operator,
    });
    const move = (body: object) =>
      request(server.url, `/api/referrals/${referral.id}`, {
        method: 'PATCH',
        body,
        cookie: centre,
      });
    await move({ status: 'acknowledged' });
    await move({ status: 'accepted' });
    const done = await move({
      status: 'completed',
      outcome: {
        actions: ['police_case_opened'],
        date: '2026-01-05',
        notes: '结果密文测试：交外婆照看',
      },
    });
    expect(done.status).toBe(200);

    const raw =
      (await rawDump(server.database.db)) +
      JSON.stringify(await rawRows(server.database.db, 'select * from referrals'));
    expect(raw).not.toMatch(/笔记密文测试|结果密文测试/);
    const detail = ZCaseDetail.parse(
      (await request(server.url, `/api/cases/${caseId}`, { cookie: operator })).body,
    );
    expect(detail.events.map((e) => e.data.text)).toContain('笔记密文测试：已联系欧阳家长');
    const readBack = ZReferralDetail.parse(
      (await request(server.url, `/api/referrals/${referral.id}`, { cookie: centre })).body,
    );
    expect(readBack.outcome?.notes).toBe('结果密文测试：交外婆照看');
  });

  it('stores text that only looks like a ciphertext as text, and reads it back', async () => {
    const lookalike = 'enc:v2:abcdefgh:AAAA:BBBB:CCCC';
    const filed = await fileReport(server, {
      reporter: { type: 'person', name: lookalike, relationship: 'neighbour' },
      children: [{ name: lookalike, age: 10 }],
      narrative: lookalike,
    });
    const res = await request(server.url, `/api/cases/${filed.caseId}`, { cookie: supervisor });
    expect(res.status).toBe(200);
    const detail = ZCaseDetail.parse(res.body);
    expect(detail.reports[0]!.children[0]!.name).toBe(lookalike);
    expect(detail.reports[0]!.narrative).toBe(lookalike);
    expect(detail.reports[0]!.reporter).toMatchObject({ name: lookalike });
  });

  it('finds the case by any part of a child’s name, and only by a real part', async () => {
    expect(await search(server, operator, '晓红')).toEqual([caseId]);
    expect(await search(server, operator, '晓')).toEqual([caseId]);
    expect(await search(server, operator, '欧阳晓红')).toEqual([caseId]);
    // The assessment's children are indexed too.
    expect(await search(server, operator, '青云')).toEqual([caseId]);
    expect(await search(server, operator, '红晓')).toEqual([]);

    // Every pair of 晓红梅 is in this report's index (晓红, 红梅), yet no name contains it: the
    // index only proposes, the decrypted names decide.
    const other = await fileReport(server, {
      children: [
        { name: '甄晓红', age: 5 },
        { name: '红梅', age: 6 },
      ],
    });
    expect(await search(server, operator, '红梅')).toEqual([other.caseId]);
    expect(await search(server, operator, '晓红梅')).toEqual([]);
  });

  it('still links a report about the same child, and relates those it does not link', async () => {
    const again = await fileReport(server, {
      children: [{ name: '欧阳 晓红', age: 8 }],
      location: { regionCode: '440106001001' },
    });
    expect(again.caseId).toBe(caseId);
    // Another county: not linked, but related by the child (name and age) and by the address.
    const elsewhere = await fileReport(server, {
      reporter: { type: 'anonymous' },
      children: [{ name: '欧阳晓红', age: 8 }],
      location: { regionCode: '440117101201', address },
    });
    expect(elsewhere.caseId).not.toBe(caseId);
    const related = await request(server.url, `/api/cases/${caseId}/related`, {
      cookie: operator,
    });
    expect(related.status).toBe(200);
    const found = (related.body.related as { reportId: string; reasons: string[] }[]).find(
      (r) => r.reportId === elsewhere.reportId,
    );
    expect(found?.reasons.sort()).toEqual(['same_address', 'same_child']);
  });
});

// ---- Upgrade of a database written by an older version ------------------------------------

/** How the previous version encrypted: AES-256-GCM under the bare data key, `enc:v1:`. */
function legacyEncrypt(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    'enc:v1',
    keyId(key),
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    ciphertext.toString('base64url'),
  ].join(':');
}
const legacyPhoneHash = (key: Buffer, phone: string) =>
  keyedHash(
    createHmac('sha256', key).update('hutong/phone-hash/v1').digest(),
    normalisePhone(phone),
  );
const legacyLinkKey = (key: Buffer, county: string, name: string, age: number) =>
  keyedHash(key, `child|${county}|${normaliseName(name)}|${age}`);

describe(`upgrading a database from before sub-keys and child encryption (${TEST_DB_KIND})`, () => {
  const key = randomBytes(32);
  const env = { HUTONG_DATA_KEY: key.toString('base64') };
  const phone = '+8613966667777';
  const oldChild = { name: '旧版林小雨', sex: 'female' as const, age: 7, school: '旧版小学' };
  const OLD = /旧版|林小雨|13966667777|老地址/;

  it('encrypts old plaintext, re-keys v1 values and hashes at start-up, once', async () => {
    const database = await createTestDatabase();
    let server = await startTestServer({ database, env });
    const filed = await fileReport(server, {
      reporter: { type: 'person', name: '旧版张老师', phone, relationship: 'teacher' },
      children: [oldChild],
      location: { regionCode: '440106001001', address: '老地址3号' },
      narrative: '旧版叙述',
    });
    await server.stop({ keepDatabase: true });

    // Rewrite the rows as the previous version left them.
    const db = database.db;
    await db
      .update(reports)
      .set({
        reporter: {
          type: 'person',
          name: legacyEncrypt(key, '旧版张老师'),
          phone: legacyEncrypt(key, phone),
          relationship: 'teacher',
        },
        reporterPhoneHash: legacyPhoneHash(key, phone),
        children: [oldChild],
        address: '老地址3号',
        narrative: '旧版叙述',
        searchTokens: [],
      })
      .where(eq(reports.id, filed.reportId));
    await db
      .update(cases)
      .set({
        linkKeys: [legacyLinkKey(key, '440106', oldChild.name, oldChild.age)],
        assessment: { children: [{ name: '旧版林小雨', birthDate: '2018-03-01' }] },
        searchTokens: [],
      })
      .where(eq(cases.id, filed.caseId));
    await db.delete(settings).where(eq(settings.key, DATA_FORMAT_KEY));
    expect(await rawDump(db)).toMatch(OLD);

    server = await startTestServer({ database, env });
    try {
      const raw = await rawDump(db);
      expect(raw).not.toMatch(OLD);
      expect(raw).not.toContain('enc:v1:');
      const [row] = await db.select().from(reports).where(eq(reports.id, filed.reportId));
      expect(row!.reporterPhoneHash).toBe(phoneHash(key, phone));
      const [caseRow] = await db.select().from(cases).where(eq(cases.id, filed.caseId));
      expect(caseRow!.linkKeys).toEqual(linkKeys(key, '440106', [oldChild]));

      const supervisor = await server.login('supervisor');
      const detail = ZCaseDetail.parse(
        (await request(server.url, `/api/cases/${filed.caseId}`, { cookie: supervisor })).body,
      );
      expect(detail.reports[0]!.children).toEqual([oldChild]);
      expect(detail.reports[0]!.narrative).toBe('旧版叙述');
      expect(detail.reports[0]!.reporter).toMatchObject({ name: '旧版张老师', phone });
      expect(detail.assessment.children).toEqual([{ name: '旧版林小雨', birthDate: '2018-03-01' }]);
      expect(await search(server, supervisor, '小雨')).toEqual([filed.caseId]);
      const byPhone = await request(server.url, `/api/cases/search?phone=13966667777`, {
        cookie: supervisor,
      });
      expect(byPhone.body.cases.map((c: { id: string }) => c.id)).toEqual([filed.caseId]);
      // A new report about the same child finds the upgraded case by its recomputed link key.
      const again = await fileReport(server, { children: [{ name: '旧版林小雨', age: 7 }] });
      expect(again.caseId).toBe(filed.caseId);

      // Recorded: the next start does not walk the tables again.
      const regions = new RegionDirectory(db);
      await regions.reload();
      expect(await upgradeDataAtRest(db, regions, { current: key, previous: [] })).toBeNull();
    } finally {
      await server.stop({ keepDatabase: true });
      await database.close();
    }
  });

  it('reads old plaintext rows as they are until they are upgraded', async () => {
    const database = await createTestDatabase();
    const server = await startTestServer({ database, env });
    try {
      const filed = await fileReport(server, { narrative: '尚未加密' });
      await database.db
        .update(reports)
        .set({ narrative: '尚未加密', children: [{ name: '明文小孩', age: 9 }] })
        .where(eq(reports.id, filed.reportId));
      const supervisor = await server.login('supervisor');
      const detail = await eventually(async () => {
        const res = await request(server.url, `/api/cases/${filed.caseId}`, { cookie: supervisor });
        return res.status === 200 ? ZCaseDetail.parse(res.body) : undefined;
      });
      expect(detail.reports[0]!.narrative).toBe('尚未加密');
      expect(detail.reports[0]!.children).toEqual([{ name: '明文小孩', age: 9 }]);
    } finally {
      await server.stop({ keepDatabase: true });
      await database.close();
    }
  });
});

describe(`starting under another data key (${TEST_DB_KIND})`, () => {
  it('refuses to start under a key the data was not written with, and re-keys from a previous one', async () => {
    const database = await createTestDatabase();
    const oldKey = randomBytes(32).toString('base64');
    const first = await startTestServer({ database, env: { HUTONG_DATA_KEY: oldKey } });
    const filed = await fileReport(first, {
      children: [{ name: '换钥匙小明', sex: 'male', age: 8 }],
      narrative: '换钥匙叙述',
    });
    await first.stop({ keepDatabase: true });
    try {
      // A misconfigured node would fail every triage it ran: reports would wait unseen.
      const wrong = randomBytes(32).toString('base64');
      await expect(startTestServer({ database, env: { HUTONG_DATA_KEY: wrong } })).rejects.toThrow(
        /written under the data key with id .* HUTONG_DATA_KEY_PREVIOUS/,
      );

      // The new key with the old one as previous re-keys the data at start and serves it.
      const newKey = randomBytes(32).toString('base64');
      const second = await startTestServer({
        database,
        env: { HUTONG_DATA_KEY: newKey, HUTONG_DATA_KEY_PREVIOUS: oldKey },
      });
      try {
        const supervisor = await second.login('supervisor');
        const res = await request(second.url, `/api/cases/${filed.caseId}`, { cookie: supervisor });
        expect(JSON.stringify(res.body)).toContain('换钥匙小明');
        const [stored] = await database.db
          .select({ value: settings.value })
          .from(settings)
          .where(eq(settings.key, DATA_FORMAT_KEY));
        expect(stored?.value.keyId).toBe(keyId(Buffer.from(newKey, 'base64')));
      } finally {
        await second.stop({ keepDatabase: true });
      }
    } finally {
      await database.close();
    }
  });
});
