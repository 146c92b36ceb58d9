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

/** A dialog, menu or pop-up: the controls to tap in turn to open it, each with the box it opens. */
interface Popup {
  name: string;
  /** Where it is: the shell (every signed-in screen) or a path. */
  on: (path: string) => boolean;
  /** `close`: what to click to close it (Escape by default). */
  steps: { click: string; opens: string; close?: string }[];
}

const OPEN_SELECT = '.ant-select-dropdown:not(.ant-select-dropdown-hidden)';
const POPUPS: Popup[] = [
  {
    // The user menu on a phone: the navigation, the language, the account, sign out.
    name: 'the shell menu',
    on: () => true,
    steps: [{ click: '.console-header__menu', opens: '.ant-drawer-open .ant-drawer-section' }],
  },
  {
    name: 'a select on the audit page',
    on: (path) => path === '/audit',
    steps: [{ click: '#main .ant-select >> nth=0', opens: OPEN_SELECT }],
  },
  {
    name: 'the date picker on the audit page',
    on: (path) => path === '/audit',
    steps: [
      {
        click: '#main .ant-picker >> nth=0',
        opens: '.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)',
      },
    ],
  },
  {
    // A confirming dialog (closing a child's file) and the select inside it.
    name: 'the close-file dialog and its select',
    on: (path) => /^\/children\/[0-9a-f-]{36}$/.test(path),
    steps: [
      {
        click: '.children__file-actions .ant-btn-dangerous',
        opens: '.ant-modal-wrap .ant-modal',
        // Escape from the select inside stays with the select.
        close: '.ant-modal-wrap .ant-modal-close',
      },
      { click: '.ant-modal-wrap .ant-select', opens: OPEN_SELECT },
    ],
  },
  {
    // The check-in call: whom to call, then the call itself, from the file on the phone.
    name: 'the check-in call dialog',
    on: (path) => /^\/children\/[0-9a-f-]{36}$/.test(path),
    steps: [{ click: '.children__call-action button', opens: '.ant-modal-wrap .ant-modal' }],
  },
];

/** Waits for every opening or closing animation (antd's zoom and slide motions) to end. */
async function settled(page: Page): Promise<void> {
  // Polled with evaluate: waitForFunction evaluates a string, which the console's CSP refuses.
  await eventually(
    async () =>
      (await page.evaluate<boolean>(
        `!document.querySelector('[class*="-appear"], [class*="-enter"], [class*="-leave"]')`,
      )) || undefined,
    10_000,
  );
}

/**
 * Opens the popup step by step on the current screen and checks each box it opens; closes it
 * again with Escape. Returns its problems (one that does not open is one).
 */
async function popupProblems(page: Page, popup: Popup): Promise<string[]> {
  const problems: string[] = [];
  let opened = 0;
  try {
    for (const step of popup.steps) {
      await page.locator(step.click).click({ timeout: 10_000 });
      await page.locator(step.opens).last().waitFor({ timeout: 10_000 });
      opened++;
      await settled(page);
      // Something to tap in it, so the check below measured the pop-up and not an empty box.
      const controls = page
        .locator(step.opens)
        .last()
        .locator('button, a[href], input, select, .ant-select-item-option, .ant-picker-cell');
      if ((await controls.count()) === 0) problems.push(`${popup.name}: no controls found`);
      for (const problem of await tapTargetProblems(page, { within: step.opens })) {
        problems.push(`${popup.name} (${step.opens}): ${problem}`);
      }
    }
  } catch (error) {
    problems.push(`${popup.name}: did not open (${String(error).split('\n')[0]})`);
  }
  for (const step of popup.steps.slice(0, opened).reverse()) {
    if (step.close) await page.locator(step.close).click();
    else await page.keyboard.press('Escape');
    await settled(page);
  }
  for (const step of popup.steps) {
    await page.locator(step.opens).first().waitFor({ state: 'hidden', timeout: 10_000 });
  }
  return problems;
}

describe(`every screen fits a 390-px phone in both languages in Chromium (${TEST_DB_KIND})`, () => {
  const env = serverAndBrowser();

  it(
    'has nothing wider than the screen and no tap target under 44 px for any role, on every screen it can reach and in its dialogs, menus and pop-ups',
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
      const popupsOpened = new Set<string>();
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
            // The dialogs, menus and pop-ups this screen opens (the shell's menu once a user).
            for (const popup of POPUPS) {
              if (
                !popup.on(path) ||
                (popup.name === 'the shell menu' && (!user || path !== paths[0]))
              )
                continue;
              popupsOpened.add(popup.name);
              const problems = await popupProblems(page, popup);
              if (problems.length > 0) {
                badTargets.push(
                  `${language} ${user ?? 'public'} ${path}:\n  ${problems.join('\n  ')}`,
                );
              }
            }
          }
        }
        await context.close();
      }
      expect(visited).toBeGreaterThan(40);
      expect([...popupsOpened].sort()).toEqual(POPUPS.map((p) => p.name).sort());
      expect(tooWide, `screens wider than ${PHONE.width} px`).toEqual([]);
      expect(badTargets, 'controls under 44×44 px or overlapping another').toEqual([]);
      expect(clipped, 'placeholders cut off by their field').toEqual([]);
      expect(wrapped, "the queue's channel on two lines").toEqual([]);
    },
  );
});
