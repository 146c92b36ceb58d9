import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, like } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { regions } from '../../db/schema.js';
import { createTestDatabase, TEST_DB_KIND } from '../../../test/db.js';
import {
  importRegions,
  parseRegionFile,
  RegionImportError,
  type RegionProblem,
} from './import-regions.js';

const BEIJING_CSV = `\ufeffcode,name,level,parent_code
110000,北京市,province,
110100,市辖区,city,110000
110101,东城区,county,110100
110101001,东华门街道,township,110101
110101001001,多福巷社区,village,110101001
`;

describe(`importing the region tree (${TEST_DB_KIND})`, () => {
  let database: Database;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  const stored = (prefix: string) =>
    database.db
      .select()
      .from(regions)
      .where(like(regions.code, `${prefix}%`))
      .orderBy(asc(regions.code));

  async function importText(text: string, format: 'csv' | 'json') {
    const { rows, problems } = parseRegionFile(text, format);
    expect(problems).toEqual([]);
    return database.db.transaction((tx) => importRegions(tx, rows));
  }

  async function problemsOf(text: string, format: 'csv' | 'json'): Promise<RegionProblem[]> {
    const parsed = parseRegionFile(text, format);
    if (parsed.problems.length > 0) return parsed.problems;
    try {
      await database.db.transaction((tx) => importRegions(tx, parsed.rows));
    } catch (err) {
      if (err instanceof RegionImportError) return err.problems;
      throw err;
    }
    return [];
  }

  it('loads a CSV file down to the village, and a second run only renames', async () => {
    expect(await importText(BEIJING_CSV, 'csv')).toEqual({ added: 5, updated: 0, unchanged: 0 });
    expect((await stored('11')).map((r) => [r.code, r.level, r.parentCode])).toEqual([
      ['110000', 'province', null],
      ['110100', 'city', '110000'],
      ['110101', 'county', '110100'],
      ['110101001', 'township', '110101'],
      ['110101001001', 'village', '110101001'],
    ]);
    const renamed = BEIJING_CSV.replace('多福巷社区', '多福巷社区居委会');
    expect(await importText(renamed, 'csv')).toEqual({ added: 0, updated: 1, unchanged: 4 });
    expect((await stored('110101001001'))[0]!.name).toBe('多福巷社区居委会');
  });

  it('loads a nested JSON tree under regions already stored', async () => {
    const tree = {
      code: '120000',
      name: '天津市',
      children: [
        { code: '120100', name: '市辖区', children: [{ code: '120101', name: '和平区' }] },
      ],
    };
    expect(await importText(JSON.stringify(tree), 'json')).toEqual({
      added: 3,
      updated: 0,
      unchanged: 0,
    });
    // Rows may also hang below what is stored already.
    const more = [
      { code: '120101001', name: '劝业场街道', level: 'township', parentCode: '120101' },
    ];
    expect(await importText(JSON.stringify(more), 'json')).toMatchObject({ added: 1 });
    expect((await stored('120101001'))[0]).toMatchObject({
      level: 'township',
      parentCode: '120101',
    });
  });

  it('lists every problem with its line and writes nothing', async () => {
    const bad = `code,name,level,parent_code
130000,河北省,province,
13x,石家庄,city,130000
130100,石家庄市,city,139999
130102,长安区,township,130000
130100,石家庄市,city,130000
130200,,city,130000
130300,秦皇岛市,county,130000
`;
    const problems = await problemsOf(bad, 'csv');
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 3, field: 'code' }),
        expect.objectContaining({ line: 7, field: 'name' }),
      ]),
    );
    // The rows that parse are then checked as a tree, all at once, before anything is written.
    const tree = await problemsOf(
      bad.replace('13x,石家庄,city,130000\n', '').replace('130200,,city,130000\n', ''),
      'csv',
    );
    expect(tree.map((p) => [p.line, p.field])).toEqual([
      [3, 'parentCode'],
      [4, 'level'],
      [5, 'code'],
      [6, 'level'],
    ]);
    expect(tree[0]!.message).toBe('No region 139999 in the file or stored');
    expect(await stored('13')).toEqual([]);
  });

  it('refuses to move a stored region to another level or parent', async () => {
    await importText(
      `code,name,level,parent_code\n140000,山西省,province,\n140100,太原市,city,140000\n`,
      'csv',
    );
    const problems = await problemsOf(
      `code,name,level,parent_code\n140100,太原市,province,\n`,
      'csv',
    );
    expect(problems).toEqual([
      expect.objectContaining({
        line: 2,
        field: 'level',
        message: expect.stringContaining('only its name may change'),
      }),
    ]);
  });

  it('says what is wrong with a file that is not CSV or JSON at all', () => {
    expect(parseRegionFile('{not json', 'json').problems).toEqual([
      { line: 1, field: 'file', message: 'This is not JSON' },
    ]);
    expect(parseRegionFile('code,name\n"unclosed,x\n', 'csv').problems[0]!.field).toBe('file');
    expect(parseRegionFile('code,name,level,parent_code\n', 'csv').problems).toEqual([
      { line: 1, field: 'file', message: 'No regions in it' },
    ]);
  });
});
