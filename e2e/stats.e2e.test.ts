import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../backend/test/server.js';
import { request } from '../backend/test/http.js';
import { buildReport } from '../backend/test/factories.js';
import { TEST_DB_KIND } from '../backend/test/db.js';
import type { Locator } from 'playwright-core';
import { serverAndBrowser, signIn } from './support/browser.js';

/** The part of a canvas element this test reads (the e2e project has no DOM types). */
interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d'): {
    getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
  } | null;
}

/** Pixels neither transparent nor near-white on the chart's canvas: what ECharts drew. */
function inkOf(chart: Locator): Promise<number> {
  return chart
    .locator('canvas')
    .first()
    .evaluate((element) => {
      const el = element as unknown as CanvasLike;
      const { data } = el.getContext('2d')?.getImageData(0, 0, el.width, el.height) ?? {
        data: [],
      };
      let inked = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b, a] = [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
        if (a > 0 && (r < 240 || g < 240 || b < 240)) inked += 1;
      }
      return inked;
    });
}

describe(`statistics in Chromium (${TEST_DB_KIND})`, () => {
  const env = serverAndBrowser();

  it("shows an analyst their city's figures with a chart actually drawn", async () => {
    // Three reports from 广州市 (the demo analyst's city) and one from 韶关市, outside it.
    for (const regionCode of ['440106001001', '440106002001', '440117101201', '440232104201']) {
      const res = await request(env.server.url, '/api/reports', {
        body: buildReport({ location: { regionCode, address: '某路1号' } }),
      });
      expect(res.status).toBe(201);
    }
    const page = await (await env.browser.newContext({ locale: 'en-GB' })).newPage();
    await signIn(page, env.server.url, 'analyst', DEMO_PASSWORD);
    await page.getByRole('link', { name: 'Statistics' }).click();
    await page.getByRole('heading', { name: 'Statistics', level: 1 }).waitFor();

    // Only the city's three reports count, each figure with its definition beside it.
    const contacts = page.locator('.stats-figure').first();
    await contacts
      .locator('.ant-statistic-content-value')
      .getByText('3', { exact: true })
      .waitFor();
    expect(await contacts.locator('.stats-definition').textContent()).not.toBe('');

    // ECharts drew on its canvases: some pixels are not blank, on the series and the situations.
    const series = page.getByTestId('stats-series-chart');
    await expect.poll(() => inkOf(series), { timeout: 15_000 }).toBeGreaterThan(200);
    await expect
      .poll(() => inkOf(page.getByTestId('stats-category-chart')), { timeout: 15_000 })
      .toBeGreaterThan(200);
    expect(await page.getByRole('img', { name: 'Situations' }).count()).toBe(1);

    // Another figure, by week: asked of the API and drawn again under its own title.
    const asked = page.waitForResponse(
      (r) =>
        r.url().includes('/api/stats/series') &&
        r.url().includes('metric=cases.opened') &&
        r.url().includes('interval=week'),
    );
    await page.getByRole('combobox', { name: 'Figure over time' }).click();
    await page.locator('.ant-select-item-option', { hasText: 'Cases opened' }).click();
    await page.getByText('week', { exact: true }).click();
    expect((await asked).status()).toBe(200);
    await page.getByRole('img', { name: 'Cases opened, by week' }).waitFor();
    await expect.poll(() => inkOf(series), { timeout: 15_000 }).toBeGreaterThan(200);
  });

  it("shows a supervisor the register's figures and, one click away, the contacts not answered", async () => {
    // A child on the register in 从化区 (the demo director's village), registered today.
    const director = await env.server.login('director');
    const registered = await request(env.server.url, '/api/children', {
      cookie: director,
      body: {
        name: '李小红',
        sex: 'female',
        dateOfBirth: '2016-03-01',
        regionCode: '440117101201',
        categories: ['left_behind'],
        guardians: [{ relation: 'grandparent', name: '李奶奶', livesWithChild: true }],
      },
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const filed = await request(env.server.url, '/api/reports', {
      body: buildReport({ location: { regionCode: '440106001001', address: '某路2号' } }),
    });
    expect(filed.status).toBe(201);
    const reference = filed.body.reference as string;

    const context = await env.browser.newContext({ locale: 'en-GB' });
    // When the page's heading first showed (ms since the navigation began), on every page.
    await context.addInitScript(`{
      new MutationObserver(() => {
        if (window.__headingAt === undefined && document.querySelector('h1')?.textContent === 'Statistics')
          window.__headingAt = performance.now();
      }).observe(document, { childList: true, subtree: true, characterData: true });
    }`);
    const page = await context.newPage();
    await signIn(page, env.server.url, 'supervisor', DEMO_PASSWORD);
    await page.goto(`${env.server.url}/stats`);
    await page.getByRole('heading', { name: 'Statistics', level: 1 }).waitFor();

    // The register's panel: one child on file, left behind, each figure with its definition.
    const panel = page.locator('.stats-register');
    await panel
      .locator('[data-figure="register.onFile"]')
      .getByText('1', { exact: true })
      .waitFor();
    const category = panel.getByRole('table', { name: 'Children on file by category' });
    const leftBehind = category.getByRole('row', { name: /Left-behind child/ });
    expect(await leftBehind.locator('td.num').textContent()).toBe('1');
    expect(await panel.locator('.stats-definition').count()).toBeGreaterThanOrEqual(5);

    // Opened by its address, the page's figures were asked for as its code ran, before it first
    // rendered (its heading), and each once: the session's answer, asked as the console started,
    // was not asked for again either.
    const load = await page.evaluate<{ headingAt: number; asked: [string, number][] }>(`({
      headingAt: window.__headingAt,
      asked: performance
        .getEntriesByType('resource')
        .filter((e) => e.name.includes('/api/'))
        .map((e) => [new URL(e.name).pathname, e.startTime]),
    })`);
    const asked = (path: string) => load.asked.filter(([p]) => p === path).map(([, at]) => at);
    expect(asked('/api/auth/me')).toHaveLength(1);
    expect(asked('/api/stats/series')).toHaveLength(1);
    expect(asked('/api/stats/summary')).toHaveLength(2);
    expect(load.headingAt).toBeGreaterThan(0);
    for (const at of [...asked('/api/stats/summary'), ...asked('/api/stats/series')]) {
      expect(at).toBeLessThan(load.headingAt);
    }

    // Nobody has taken the report up: the link opens the list, whose row leads to its case.
    await page.getByRole('button', { name: /not effectively answered: see the list/ }).click();
    const drawer = page.locator('.stats-unanswered');
    const link = drawer.getByRole('link', { name: reference });
    await link.waitFor();
    expect(await drawer.textContent()).not.toContain('某路2号');
    await link.click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
  });

  it('refuses an operator the figures', async () => {
    const cookie = await env.server.login('operator');
    const res = await request(env.server.url, '/api/stats/summary', { cookie });
    expect(res.status).toBe(403);
  });
});
