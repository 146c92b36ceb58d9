import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import {
  CHILD_IMPORT_MAX_BYTES,
  ZChildFile,
  ZChildImportResult,
  decodeCsvBytes,
  UNSTORABLE_TEXT_MESSAGE,
  type TChildImportProblem,
} from '@hutong/shared';
import { auditLog, childChanges, childGuardians, children } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { TEST_DB_KIND } from '../../../test/db.js';
import { ChildImportError, parseChildFile } from './child-import.js';
import { childIdentityHash } from './child-content.js';
import { importChildren } from './commands/import-children.js';

const SHINAN = '440117101201'; // 石南村, the demo director's village
const LONGGANG = '440117101202'; // 龙岗村, the same township's other village
const TOWNSHIP = '440117101'; // 温泉镇: not a village

const EN_FILE = `name,sex,date_of_birth,age,village_code,categories,guardian1_relation,guardian1_name,guardian1_phone,guardian1_lives_with_child,guardian1_workplace,guardian2_relation,guardian2_name,guardian2_lives_with_child,school,notes
陈小明,male,2015-04-02,,${SHINAN},left_behind;in_difficulty,grandparent,陈奶奶,13800001111,yes,,father,陈大强,no,石南小学,父亲在深圳务工
林小芳,female,,9,${LONGGANG},orphan,institution,温泉镇福利院,,yes,,,,,,
`;

// The same columns as a province's spreadsheet names them, categories by their Chinese names.
const ZH_FILE = `\ufeff姓名,性别,出生日期,村/社区代码,类别,监护人1关系,监护人1姓名,监护人1电话,监护人1是否同住,监护人1务工地,学校
黄小丽,女,2014/9/1,${SHINAN},留守儿童、困境儿童,母亲,黄妈妈,13900002222,否,广州,石南小学
黄小军,男,2016年1月5日,${SHINAN},留守儿童,爷爷,黄爷爷,,是,,
`;

describe(`importing the children's register (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let admin: string;
  let director: string;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.login('admin');
    director = await server.login('director');
  });
  afterAll(() => server?.stop());

  const upload = (csv: string | Uint8Array, cookie = admin, query = '') =>
    fetch(`${server.url}/api/admin/children/import${query}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv; charset=utf-8', cookie },
      body: csv,
    }).then(async (res) => ({ status: res.status, body: (await res.json()) as any }));

  const countChildren = async () =>
    (await server.database.db.select({ n: sql<number>`count(*)::int` }).from(children))[0]!.n;

  async function problemsOf(csv: string): Promise<TChildImportProblem[]> {
    const res = await upload(csv);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    return res.body.error.data.problems as TChildImportProblem[];
  }

  it('registers every child of a good file, as registering one by one would', async () => {
    const before = await countChildren();
    const res = await upload(EN_FILE);
    expect(res.status).toBe(200);
    expect(ZChildImportResult.parse(res.body)).toEqual({ created: 2, skipped: 0, dryRun: false });
    expect(await countChildren()).toBe(before + 2);

    const key = server.hutong.ctx.config.dataKey;
    const hash = childIdentityHash(key, {
      regionCode: SHINAN,
      name: '陈小明',
      dateOfBirth: '2015-04-02',
    });
    const [row] = await server.database.db
      .select()
      .from(children)
      .where(eq(children.identityHash, hash));
    expect(row).toBeDefined();
    // Encrypted at rest, like a registration through the form.
    expect(row!.name).not.toContain('陈小明');
    const guardians = await server.database.db
      .select()
      .from(childGuardians)
      .where(eq(childGuardians.childId, row!.id));
    expect(guardians.map((g) => g.phone ?? '').join()).not.toContain('13800001111');

    const fileRes = await fetch(`${server.url}/api/children/${row!.id}`, {
      headers: { cookie: director },
    });
    const file = ZChildFile.parse(await fileRes.json());
    expect(file).toMatchObject({
      name: '陈小明',
      sex: 'male',
      dateOfBirth: '2015-04-02',
      categories: ['left_behind', 'in_difficulty'],
      school: '石南小学',
      notes: '父亲在深圳务工',
    });
    expect(file.guardians).toEqual([
      { relation: 'grandparent', name: '陈奶奶', phone: '13800001111', livesWithChild: true },
      { relation: 'father', name: '陈大强', livesWithChild: false },
    ]);
    expect(file.risk.reasons.length).toBeGreaterThan(0);
    expect(file.timeline[0]).toMatchObject({ action: 'registered' });

    const [change] = await server.database.db
      .select()
      .from(childChanges)
      .where(eq(childChanges.childId, row!.id));
    expect(change!.details).toMatchObject({ imported: true });
    const audit = await server.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'children.imported'));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.data).toMatchObject({ created: 2, skipped: 0, via: 'upload' });
    expect((audit[0]!.data as { childIds: string[] }).childIds).toContain(row!.id);
    expect(JSON.stringify(audit[0]!.data)).not.toContain('陈');
  });

  it('skips every child already on the register when the same file is imported again', async () => {
    const before = await countChildren();
    const res = await upload(EN_FILE);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ created: 0, skipped: 2, dryRun: false });
    expect(await countChildren()).toBe(before);
  });

  it('reads Chinese headers, Chinese values and dates as spreadsheets write them, in GBK too', async () => {
    const trial = await upload(ZH_FILE, admin, '?dryRun=true');
    expect(trial.body).toEqual({ created: 2, skipped: 0, dryRun: true });
    const before = await countChildren();
    // A spreadsheet in China saves CSV as GBK: the same file in those bytes.
    const gbk = encodeGbk(ZH_FILE);
    expect(decodeCsvBytes(gbk)).toBe(ZH_FILE.replace(/^\ufeff/, ''));
    const res = await upload(gbk);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ created: 2, skipped: 0, dryRun: false });
    expect(await countChildren()).toBe(before + 2);
    const { rows } = parseChildFile(ZH_FILE);
    expect(rows.map((r) => r.child)).toEqual([
      expect.objectContaining({
        name: '黄小丽',
        sex: 'female',
        dateOfBirth: '2014-09-01',
        categories: ['left_behind', 'in_difficulty'],
        guardians: [
          {
            relation: 'mother',
            name: '黄妈妈',
            phone: '13900002222',
            livesWithChild: false,
            workPlace: '广州',
          },
        ],
      }),
      expect.objectContaining({
        name: '黄小军',
        sex: 'male',
        dateOfBirth: '2016-01-05',
        guardians: [{ relation: 'grandparent', name: '黄爷爷', livesWithChild: true }],
      }),
    ]);
  });

  it('names every problem with its line and column, and stores nothing', async () => {
    const before = await countChildren();
    const bad = `name,sex,date_of_birth,village_code,categories,guardian1_relation,guardian1_name,guardian1_lives_with_child
王小一,male,2015-01-01,${SHINAN},left_behind,father,王父,no
,male,2015-01-01,${SHINAN},left_behind,,,
王小三,boy,2015-01-01,${SHINAN},left_behind,,,
王小四,female,2015-13-40,${SHINAN},left_behind,,,
王小五,female,2015-01-01,${TOWNSHIP},left_behind,,,
王小六,female,2015-01-01,999999999999,left_behind,,,
王小七,female,2015-01-01,${SHINAN},sad,,,
王小八,female,2015-01-01,${SHINAN},left_behind,uncle-ish,王叔,maybe
王小一,male,2015-01-01,${SHINAN},left_behind,,,
王小十,female,2001-01-01,${SHINAN},left_behind,,,
`;
    // One pass: every line's problems, the villages and the child twice in the file included.
    const problems = await problemsOf(bad);
    expect(problems.map((p) => [p.line, p.field])).toEqual([
      [3, 'name'],
      [4, 'sex'],
      [5, 'date_of_birth'],
      [6, 'village_code'],
      [7, 'village_code'],
      [8, 'categories'],
      [9, 'guardian1_relation'],
      [9, 'guardian1_lives_with_child'],
      [10, 'name'],
      [11, 'date_of_birth'],
    ]);
    expect(problems.find((p) => p.line === 8)!.message).toContain('sad');
    expect(problems.filter((p) => p.line === 6 || p.line === 7 || p.line === 10)).toEqual([
      {
        line: 6,
        field: 'village_code',
        message: 'Choose the village or community the child lives in',
      },
      { line: 7, field: 'village_code', message: 'Unknown region code' },
      {
        line: 10,
        field: 'name',
        message: 'The same child (name, birth date or age, village) as on line 2',
      },
    ]);
    expect(await countChildren()).toBe(before);
  });

  it('takes the child’s own phone (child_phone, 儿童联系电话), encrypted like a registration’s, and names a bad one', async () => {
    const problems = await problemsOf(
      `name,sex,age,village_code,categories,child_phone
罗一,male,15,${SHINAN},left_behind,13800005555
罗二,male,15,${SHINAN},left_behind,not a number
`,
    );
    expect(problems).toEqual([{ line: 3, field: 'child_phone', message: expect.any(String) }]);

    for (const [csv, name] of [
      [
        `name,sex,age,village_code,categories,child_phone
罗三,male,15,${SHINAN},left_behind,13800005555
`,
        '罗三',
      ],
      [
        `姓名,性别,年龄,村代码,类别,儿童联系电话
罗四,女,14,${SHINAN},留守儿童,0751-5326666
`,
        '罗四',
      ],
    ] as const) {
      const res = await upload(csv);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ created: 1 });
      const hash = childIdentityHash(server.hutong.ctx.config.dataKey, {
        regionCode: SHINAN,
        name,
        age: name === '罗三' ? 15 : 14,
      });
      const [row] = await server.database.db
        .select()
        .from(children)
        .where(eq(children.identityHash, hash));
      expect(row!.phone).toMatch(/^enc:v2:/);
      expect(row!.phoneHash).not.toBeNull();
      const file = ZChildFile.parse(
        await (
          await fetch(`${server.url}/api/children/${row!.id}`, { headers: { cookie: director } })
        ).json(),
      );
      expect(file.phone).toBe(name === '罗三' ? '13800005555' : '0751-5326666');
    }
    const audits = await server.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'children.imported'));
    // The whole numbers: four digits alone turn up by chance in ids, hashes and times.
    expect(JSON.stringify(audits)).not.toMatch(/13800005555|5326666/);
  });

  it('reports an unknown village with the other problems of the same line, at once', async () => {
    const before = await countChildren();
    const problems = await problemsOf(
      `name,sex,age,village_code,categories
王一,boy,9,999999999999,sad
王二,female,9,${TOWNSHIP},orphan
王三,male,9,${SHINAN},orphan
`,
    );
    expect(problems).toEqual([
      { line: 2, field: 'sex', message: expect.any(String) },
      { line: 2, field: 'categories', message: expect.stringContaining('sad') },
      { line: 2, field: 'village_code', message: 'Unknown region code' },
      {
        line: 3,
        field: 'village_code',
        message: 'Choose the village or community the child lives in',
      },
    ]);
    expect(await countChildren()).toBe(before);
  });

  it('refuses cells that a spreadsheet would run as formulas', async () => {
    const problems = await problemsOf(
      `name,sex,age,village_code,categories,guardian1_relation,guardian1_name,guardian1_phone,guardian1_lives_with_child,notes
"=HYPERLINK(""http://x"")",female,8,${SHINAN},orphan,other,@SUM(A1),+8613800003333,yes,-2+3
`,
    );
    expect(problems.map((p) => p.field).sort()).toEqual(['guardian1_name', 'name', 'notes']);
    expect(problems.every((p) => p.line === 2)).toBe(true);
  });

  it('refuses a character the database cannot store, naming its line, instead of failing', async () => {
    const problems = await problemsOf(
      `name,sex,age,village_code,categories\n张\u0000三,male,9,${SHINAN},orphan\n`,
    );
    expect(problems).toEqual([{ line: 2, field: 'name', message: UNSTORABLE_TEXT_MESSAGE }]);
  });

  it('names unknown and missing columns on line 1', async () => {
    const problems = await problemsOf(`姓名,性别,colour,类别\n张三,男,red,孤儿\n`);
    expect(problems).toEqual(
      expect.arrayContaining([
        { line: 1, field: 'colour', message: 'Unknown column' },
        { line: 1, field: 'village_code', message: 'This column is missing' },
        { line: 1, field: 'date_of_birth', message: 'Give date_of_birth or age' },
      ]),
    );
  });

  it('lets only administrators import: 403 for a director, 415 for JSON, 413 for a huge file', async () => {
    const res = await upload(EN_FILE, director);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');

    const json = await fetch(`${server.url}/api/admin/children/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin },
      body: JSON.stringify({ csv: EN_FILE }),
    });
    expect(json.status).toBe(415);

    const huge = EN_FILE + `x,male,,9,${SHINAN},orphan\n`.repeat(CHILD_IMPORT_MAX_BYTES / 20);
    const tooLarge = await upload(huge);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.code).toBe('PAYLOAD_TOO_LARGE');

    const query = await upload(EN_FILE, admin, '?dryRun=maybe');
    expect(query.status).toBe(400);
    expect(query.body.error.data).toHaveProperty('dryRun');
  });

  it('imports from the command line as nobody, refusing the whole file on one bad line', async () => {
    const ctx = server.hutong.ctx;
    const good = `name,sex,age,village_code,categories\n赵小北,male,7,${LONGGANG},migrant\n`;
    const { rows } = parseChildFile(good);
    expect(await importChildren(ctx, { via: 'cli', actorId: null }, rows)).toEqual({
      created: 1,
      skipped: 0,
      dryRun: false,
    });
    const twice = parseChildFile(good + `赵小南,male,7,${TOWNSHIP},migrant\n`);
    const refused = await importChildren(ctx, { via: 'cli', actorId: null }, twice.rows).catch(
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(ChildImportError);
    expect((refused as ChildImportError).problems).toEqual([
      {
        line: 3,
        field: 'village_code',
        message: 'Choose the village or community the child lives in',
      },
    ]);
    const hashes = ['赵小北', '赵小南'].map((name) =>
      childIdentityHash(ctx.config.dataKey, { regionCode: LONGGANG, name, age: 7 }),
    );
    const stored = await server.database.db
      .select({ id: children.id })
      .from(children)
      .where(inArray(children.identityHash, hashes));
    expect(stored).toHaveLength(1);
  });
});

/** The text in GBK bytes (GB18030 covers it), through the platform's own decoder tables. */
function encodeGbk(text: string): Uint8Array {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (!table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const bytes: number[] = [];
  for (const ch of text.replace(/^\ufeff/, '')) {
    if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
    else {
      const pair = table.get(ch);
      if (!pair) throw new Error(`no GBK code for ${ch}`);
      bytes.push(...pair);
    }
  }
  return new Uint8Array(bytes);
}
