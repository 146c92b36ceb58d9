import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZStatsSummary, type Satisfaction, type TStatsSummary } from '@hutong/shared';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { request } from '../../../test/http.js';
import { TEST_DB_KIND } from '../../../test/db.js';
import { ensure12345Key } from '../hotline12345/simulator/demo.js';
import { statsTables } from './commands/export-stats.js';

const MARCH = 'from=2026-03-01&to=2026-03-31';

/** 12345's callers' ratings (回访评价) in `GET /api/stats/summary` and the exports (issue 11). */
describe(`statistics: 12345 ratings (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let key: string;
  let supervisor: string;
  let analyst: string;
  let n = 0;

  const partner = (path: string, body: unknown) =>
    request(server.url, `/api/partners/12345${path}`, {
      body,
      headers: { authorization: `Bearer ${key}` },
    });

  /** An order handed over in `region`, rated `satisfaction` at `time` (Beijing). */
  async function ratedOrder(region: string, ...ratings: [Satisfaction, string][]) {
    const orderNumber = `R${Date.now()}${++n}`;
    const order = await partner('/orders', {
      orderNumber,
      orderTime: '2026-03-01T09:00:00+08:00',
      content: '来电人反映孩子放学后无人照看',
      region,
      timeLimit: '2026-03-04T09:00:00+08:00',
    });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    for (const [satisfaction, time] of ratings) {
      const rated = await partner(`/orders/${orderNumber}/rating`, {
        satisfaction,
        time: `${time}+08:00`,
      });
      expect(rated.status, JSON.stringify(rated.body)).toBe(200);
    }
  }

  async function summary(cookie: string, query = MARCH): Promise<TStatsSummary> {
    const res = await request(server.url, `/api/stats/summary?${query}`, { cookie });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return ZStatsSummary.parse(res.body);
  }

  beforeAll(async () => {
    server = await startTestServer();
    ({ key } = await ensure12345Key(server.database.db));
    supervisor = await server.login('supervisor');
    analyst = await server.login('analyst');
    // Tianhe (in the analyst's Guangzhou) and Shaoguan (outside it).
    await ratedOrder('440106', ['very_satisfied', '2026-03-02T10:00:00']);
    // Rated twice: the last rating is the one that counts, once.
    await ratedOrder(
      '440106',
      ['dissatisfied', '2026-03-05T10:00:00'],
      ['satisfied', '2026-03-06T10:00:00'],
    );
    // The last minutes of March in Beijing, which are still 31 March 15:30 UTC.
    await ratedOrder('440106', ['satisfied', '2026-03-31T23:30:00']);
    await ratedOrder('440232', ['dissatisfied', '2026-03-10T10:00:00']);
    // Rated just after March ended in Beijing; and an order never rated.
    await ratedOrder('440106', ['very_dissatisfied', '2026-04-01T00:10:00']);
    await ratedOrder('440106');
  });
  afterAll(() => server?.stop());

  it('counts the ratings of the period by level, each order once with its last rating', async () => {
    expect((await summary(supervisor)).hotline12345).toEqual({
      rated: 4,
      bySatisfaction: {
        very_satisfied: 1,
        satisfied: 2,
        neutral: 0,
        dissatisfied: 1,
        very_dissatisfied: 0,
      },
    });
    const april = await summary(supervisor, 'from=2026-04-01&to=2026-04-30');
    expect(april.hotline12345.rated).toBe(1);
    expect(april.hotline12345.bySatisfaction.very_dissatisfied).toBe(1);
  });

  it("counts by the region of the order's report, within an analyst's own region", async () => {
    const mine = await summary(analyst);
    expect(mine.hotline12345.rated).toBe(3);
    expect(mine.hotline12345.bySatisfaction.dissatisfied).toBe(0);
    const shaoguan = await summary(supervisor, `${MARCH}&regionCode=440232`);
    expect(shaoguan.hotline12345).toMatchObject({ rated: 1, bySatisfaction: { dissatisfied: 1 } });
  });

  it("shows exact figures to supervisors and suppresses small cells in analysts' exports", async () => {
    const lines = (s: TStatsSummary, suppress: boolean) =>
      statsTables(s, 'en', suppress)[0]!.rows.filter((row) => String(row[0]).startsWith('12345'));
    const exact = lines(await summary(supervisor), false);
    expect(exact.map((row) => row[1])).toEqual([4, 1, 2, 0, 1, 0]);
    const shown = lines(await summary(analyst), true);
    expect(shown[0]![1]).toBe('<5');
    // 1 and 2 of 3 would follow from each other: none of the levels is shown exactly.
    expect(shown.slice(1).map((row) => row[1])).not.toContain(1);
    expect(shown.slice(1).map((row) => row[1])).not.toContain(2);

    const csv = await fetch(`${server.url}/api/stats/export?format=csv&lang=en&${MARCH}`, {
      headers: { cookie: analyst },
    });
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text).toContain('12345 ratings');
    expect(text).toContain('12345 satisfaction · Very satisfied');
  });
});
