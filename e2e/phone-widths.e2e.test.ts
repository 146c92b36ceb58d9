import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../backend/test/server.js';
import { demoCentres } from '../backend/test/fixtures.js';
import { TEST_DB_KIND } from '../backend/test/db.js';
import { eventually, request } from '../backend/test/http.js';
import { buildReport } from '../backend/test/factories.js';
import { serverAndBrowser, signIn } from './support/browser.js';
import {
  clippedPlaceholders,
  fitsTheScreen,
  registerChild,
  tapTargetProblems,
} from './support/phone.js';

const PHONE = { width: 390, height: 844 };
const LANGUAGES = ['zh-CN', 'en'] as const;

/**
 * Opens a screen the way a link in the console does (the router, no reload: one sign-in and one
 * page load per user and language keep this quick), then waits for its heading and for every
 * loading state in it to be gone.
 */
async function open(page: Page, path: string): Promise<void> {
  await page.evaluate(`
    if (location.pathname !== ${JSON.stringify(path)}) {
      for (const h of document.querySelectorAll('h1')) h.dataset.left = '';
      history.pushState(null, '', ${JSON.stringify(path)});
      dispatchEvent(new PopStateEvent('popstate'));
    }
  `);
  await page.locator('h1:not([data-left])').first().waitFor();
  await page
    .locator('[aria-busy="true"], .page-loading, .ant-spin-spinning, .ant-skeleton, .loading')
    .first()
    .waitFor({ state: 'detached' });
}

/** The queue's channel cells whose text takes more than one line ("网页表单" split in two). */
async function wrappedChannels(page: Page, language: string): Promise<string[]> {
  await page.locator('td.queue__channel').first().waitFor();
  return page.evaluate<string[]>(`[...document.querySelectorAll('td.queue__channel')]
    .filter((cell) => {
      const range = document.createRange();
      range.selectNodeContents(cell);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1;
    })
    .map((cell) => '${language}: ' + cell.textContent)`);
}

/** The console's own navigation for the signed-in user, read from the page (hidden or not). */
async function navLinks(page: Page): Promise<string[]> {
  await page.locator('nav.console-nav--header a').first().waitFor({ state: 'attached' });
  return page.evaluate<string[]>(
    `[...document.querySelectorAll('nav.console-nav--header a')].map((a) => a.getAttribute('href'))`,
  );
}

describe(`every screen fits a 390-px phone in both languages in Chromium (${TEST_DB_KIND})`, () => {
  const env = serverAndBrowser();

  it(
    'has nothing wider than the screen and no tap target under 44 px for any role, on every screen it can reach',
    { timeout: 600_000 },
    async () => {
      // Something on every screen: cases (one referred to the city centre), a child, a sweep.
      const reports = await Promise.all(
        [true, false, false].map((immediateDanger, n) =>
          request(env.server.url, '/api/reports', {
            body: buildReport({
              immediateDanger,
              // Three children, so three cases (one child's reports would join one case).
              children: [{ name: `小明${n}`, sex: 'male', age: 6 + n }],
              location: { regionCode: '440106001001', address: '五山路1号' },
            }),
          }),
        ),
      );
      expect(reports.map((r) => r.status)).toEqual([201, 201, 201]);
      const operator = await env.server.login('operator');
      const cases = await eventually(async () => {
        const list = (await request(env.server.url, '/api/cases', { cookie: operator })).body
          .cases as { id: string }[];
        return list.length >= 3 ? list : undefined;
      }, 30_000);
      const caseId = cases[0]!.id;
      expect(
        (
          await request(env.server.url, `/api/cases/${caseId}/claim`, {
            method: 'POST',
            cookie: operator,
          })
        ).status,
      ).toBe(200);
      const { cityId } = await demoCentres(env.server);
      const referral = await request(env.server.url, `/api/cases/${caseId}/referrals`, {
        body: { centreId: cityId, note: '请尽快上门核实' },
        cookie: operator,
      });
      expect(referral.status).toBe(201);
      const child = await registerChild(env.server.url, await env.server.login('director'));
      const sweep = await request(env.server.url, '/api/sweeps', {
        body: { regionCode: '440117101', categories: ['left_behind'] },
        cookie: await env.server.login('township'),
      });
      expect(sweep.status).toBe(201);

      /** Each user's screens beyond the navigation: the ones opened from a list. */
      const journeys: { user: string | null; screens: string[] }[] = [
        { user: null, screens: ['/report', '/status', '/login'] },
        { user: 'operator', screens: [`/cases/${caseId}`, '/account/password'] },
        { user: 'supervisor', screens: [`/cases/${caseId}`] },
        { user: 'centre', screens: [`/inbox/${referral.body.id as string}`] },
        { user: 'reporter', screens: ['/report'] },
        { user: 'admin', screens: [] },
        {
          user: 'director',
          screens: ['/children/new', `/children/${child.id}`, `/children/${child.id}/visit`],
        },
        { user: 'township', screens: [`/sweeps/${sweep.body.id as string}`] },
        { user: 'analyst', screens: [] },
      ];

      const tooWide: string[] = [];
      const wrapped: string[] = [];
      const badTargets: string[] = [];
      const clipped: string[] = [];
      let visited = 0;
      for (const { user, screens } of journeys) {
        // Not `isMobile`: a mobile viewport would zoom out to fit a wide page, hiding the fault.
        const context = await env.browser.newContext({ viewport: PHONE, locale: 'zh-CN' });
        const page = await context.newPage();
        page.setDefaultTimeout(30_000);
        if (user) await signIn(page, env.server.url, user, DEMO_PASSWORD);
        else await page.goto(`${env.server.url}/login`);
        const paths = [...(user ? await navLinks(page) : []), ...screens];
        for (const language of LANGUAGES) {
          await page.evaluate(`localStorage.setItem('hutong.language', '${language}')`);
          await page.reload();
          for (const path of paths) {
            await open(page, path);
            visited++;
            if (!(await fitsTheScreen(page))) {
              const width = await page.evaluate<number>('document.documentElement.scrollWidth');
              tooWide.push(`${language} ${user ?? 'public'} ${path}: ${width} px`);
            }
            const targets = await tapTargetProblems(page);
            if (targets.length > 0) {
              badTargets.push(
                `${language} ${user ?? 'public'} ${path}:\n  ${targets.join('\n  ')}`,
              );
            }
            for (const placeholder of await clippedPlaceholders(page)) {
              clipped.push(`${language} ${user ?? 'public'} ${path}: ${placeholder}`);
            }
            if (path === '/') wrapped.push(...(await wrappedChannels(page, language)));
          }
        }
        await context.close();
      }
      expect(visited).toBeGreaterThan(40);
      expect(tooWide, `screens wider than ${PHONE.width} px`).toEqual([]);
      expect(badTargets, 'controls under 44×44 px or overlapping another').toEqual([]);
      expect(clipped, 'placeholders cut off by their field').toEqual([]);
      expect(wrapped, "the queue's channel on two lines").toEqual([]);
    },
  );
});
