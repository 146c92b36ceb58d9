import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { request } from '../../../test/http.js';
import { TEST_DB_KIND } from '../../../test/db.js';
import { captureLogs } from '../../../test/logs.js';

const SHINAN = '440117101201'; // 石南村, the demo director's village

/** Planted in what the register's people type; none may reach a log or an error body. */
const MARKERS = {
  childName: '标记孩子司马',
  guardianName: '标记监护人欧阳',
  guardianPhone: '13987654321',
  school: '标记学校石南',
  notes: '标记备注：父亲酗酒',
  visitNotes: '标记走访：手臂淤青',
  sweepOrWarning: '标记预警理由',
};

const child = (overrides: Record<string, unknown> = {}) => ({
  name: MARKERS.childName,
  sex: 'female',
  dateOfBirth: '2016-03-01',
  regionCode: SHINAN,
  categories: ['left_behind'],
  guardians: [
    {
      relation: 'grandparent',
      name: MARKERS.guardianName,
      phone: MARKERS.guardianPhone,
      livesWithChild: true,
    },
  ],
  school: MARKERS.school,
  notes: MARKERS.notes,
  ...overrides,
});

const CSV_HEADER =
  'name,sex,date_of_birth,age,village_code,categories,guardian1_relation,guardian1_name,guardian1_phone,guardian1_lives_with_child,school,notes';
const csvRow = (sex = 'female') =>
  `${MARKERS.childName},${sex},2015-04-02,,${SHINAN},left_behind,grandparent,${MARKERS.guardianName},${MARKERS.guardianPhone},yes,${MARKERS.school},${MARKERS.notes}`;

/**
 * A trigger that refuses writes to `table` the way a real constraint does, quoting the whole row in
 * its message and DETAIL (as PostgreSQL's own violations quote values).
 */
const refuse = (table: string) => [
  sql.raw(`CREATE OR REPLACE FUNCTION test_refuse_row() RETURNS trigger AS $$
    BEGIN
      RAISE EXCEPTION 'refused row %', row_to_json(NEW)::text
        USING ERRCODE = 'check_violation', DETAIL = 'row: ' || row_to_json(NEW)::text,
              CONSTRAINT = 'test_refuse_row', TABLE = '${table}';
    END $$ LANGUAGE plpgsql`),
  sql.raw(`DROP TRIGGER IF EXISTS test_refuse_row ON ${table}`),
  sql.raw(
    `CREATE TRIGGER test_refuse_row BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION test_refuse_row()`,
  ),
];

describe(`no personal data from the register in logs or errors (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let director: string;
  let admin: string;
  const logs = captureLogs();

  beforeAll(async () => {
    // No redaction of our own: the logger the system wraps must be made safe by the system.
    server = await startTestServer({ log: logs.log });
    director = await server.login('director');
    admin = await server.login('admin');
  });
  afterAll(() => server?.stop());

  const expectClean = (what: string, text: string) => {
    for (const [field, value] of Object.entries(MARKERS)) {
      expect(text.includes(value), `${field} found in ${what}`).toBe(false);
    }
  };

  async function whileRefusing<T>(table: string, work: () => Promise<T>): Promise<T> {
    for (const statement of refuse(table)) await server.database.db.execute(statement);
    try {
      return await work();
    } finally {
      await server.database.db.execute(sql.raw(`DROP TRIGGER test_refuse_row ON ${table}`));
    }
  }

  const upload = (csv: string) =>
    fetch(`${server.url}/api/admin/children/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv; charset=utf-8', cookie: admin },
      body: csv,
    }).then(async (res) => ({ status: res.status, text: await res.text() }));

  it('a refused registration answers with an error id only and logs no field of the child', async () => {
    const res = await whileRefusing('children', () =>
      request(server.url, '/api/children', { body: child(), cookie: director }),
    );
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(res.body.error.data.errorId).toEqual(expect.any(String));
    expectClean('the response', JSON.stringify(res.body));
    const line = logs.lines().find((l) => l.errorId === res.body.error.data.errorId);
    expect(line, 'the failure is logged under its errorId').toBeDefined();
    expect(JSON.stringify(line)).toContain('23514');
    expectClean('the log', logs.text());
  });

  it('a refused visit and a refused import log nothing the director or the file said', async () => {
    const registered = await request(server.url, '/api/children', {
      body: child(),
      cookie: director,
    });
    expect(registered.status).toBe(201);
    const id = registered.body.id as string;

    const visit = await whileRefusing('child_visits', () =>
      request(server.url, `/api/children/${id}/visits`, {
        body: {
          kind: 'home',
          visitedAt: new Date().toISOString(),
          checklist: { noInjurySigns: false },
          notes: MARKERS.visitNotes,
        },
        cookie: director,
      }),
    );
    expect(visit.status).toBeGreaterThanOrEqual(500);
    expectClean('the visit response', JSON.stringify(visit.body));

    const imported = await whileRefusing('children', () => upload(`${CSV_HEADER}\n${csvRow()}\n`));
    expect(imported.status).toBeGreaterThanOrEqual(500);
    expectClean('the import response', imported.text);

    const raised = await whileRefusing('children', () =>
      request(server.url, `/api/children/${id}/risk`, {
        body: { level: 'high', reason: MARKERS.sweepOrWarning },
        cookie: director,
      }),
    );
    expect(raised.status).toBeGreaterThanOrEqual(500);
    expectClean('the raise response', JSON.stringify(raised.body));
    expectClean('the log', logs.text());
  });

  it('a rejected import row is named by line and column, without echoing its values', async () => {
    const res = await upload(`${CSV_HEADER}\n${csvRow()}\n${csvRow('dragon')}\n`);
    expect(res.status).toBe(400);
    const body = JSON.parse(res.text) as { error: { data: { problems: unknown[] } } };
    expect(body.error.data.problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ line: 3 })]),
    );
    expectClean('the problem body', res.text);
    expectClean('the log', logs.text());
  });
});
