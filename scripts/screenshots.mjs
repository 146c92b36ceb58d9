// `npm run screenshots`: every console screen as each kind of user sees it, in both languages, at
// a desktop (1440×900) and a phone (390×844) viewport, for review by people — saved as PNGs under
// screenshots/<language>-<width>x<height>/. Run against a running Hutong (`npm start`):
//   HUTONG_URL=http://127.0.0.1:8080 HUTONG_DEMO_PASSWORD=… npm run screenshots
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { resolveBrowser } from './browser.mjs';
import { root } from './lib.mjs';

const base = process.env.HUTONG_URL ?? 'http://127.0.0.1:8080';
const password = process.env.HUTONG_DEMO_PASSWORD;
if (!password) {
  console.error('Set HUTONG_DEMO_PASSWORD to the demo password `npm start` printed.');
  process.exit(2);
}
const out = join(root, 'screenshots');
const languages = ['zh-CN', 'en'];
const viewports = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
];

/** Each user's screens: a path, or a step that opens the screen from the previous one. */
const journeys = [
  {
    user: null,
    screens: [
      ['report', '/report'],
      ['status', '/status'],
      ['login', '/login'],
    ],
  },
  {
    user: 'operator',
    screens: [
      ['queue', '/'],
      ['case', async (page) => openFirst(page)],
      ['search', '/cases/search'],
    ],
  },
  {
    user: 'supervisor',
    screens: [
      ['board', '/board'],
      ['audit', '/audit'],
    ],
  },
  {
    user: 'centre',
    screens: [
      ['inbox', '/inbox'],
      ['referral', async (page) => openFirst(page)],
    ],
  },
  {
    user: 'reporter',
    screens: [
      ['our-reports', '/our-reports'],
      ['report-signed-in', '/report'],
    ],
  },
  {
    user: 'admin',
    screens: [
      ['users', '/admin/users'],
      ['centres', '/admin/centres'],
      ['orgs', '/admin/orgs'],
      ['replies', '/admin/replies'],
      ['directory', '/admin/directory'],
    ],
  },
  {
    user: 'director',
    screens: [
      ['register', '/children'],
      ['register-child', '/children/new'],
    ],
  },
  {
    user: 'analyst',
    screens: [['stats', '/stats']],
  },
];

/** Opens the first row of the page's table: its link or button, else the row itself. */
async function openFirst(page) {
  const row = page.locator('main table tbody tr:not([aria-hidden])').first();
  await row.waitFor({ timeout: 15_000 });
  const target = row.locator('a, button').first();
  if ((await target.count()) > 0) await target.click();
  else await row.click();
}

/** Waits for the screen's heading and for its loading states (spinners, busy regions) to go. */
async function settle(page) {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page
    .locator('h1')
    .first()
    .waitFor({ timeout: 15_000 })
    .catch(() => undefined);
  await page
    .locator('[aria-busy="true"], .page-loading, .ant-spin-spinning, .ant-skeleton, .loading')
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 })
    .catch(() => undefined);
  await page.waitForTimeout(500);
}

const browser = await chromium.launch({
  executablePath: resolveBrowser().path,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
/**
 * Something to look at: three web reports (one with a child in danger now) and, for the centre's
 * screens, the first case claimed by `operator` and referred to the first suggested centre.
 */
async function seed() {
  const context = await browser.newContext({ extraHTTPHeaders: { origin: base } });
  const api = context.request;
  const report = (narrative, immediateDanger, age) => ({
    reporter: { type: 'person', name: '张老师', phone: '0751-5321110', relationship: 'teacher' },
    children: [{ name: `小明${age}`, sex: 'male', age }],
    categories: ['violence_injury'],
    immediateDanger,
    location: { regionCode: '440106001001', address: '五山路1号' },
    narrative,
    language: 'zh-CN',
  });
  for (const [narrative, danger, age] of [
    ['孩子身上多处淤青，说是在家里被打的。', true, 9],
    ['邻居家的孩子经常一个人在家，晚上也没有大人。', false, 6],
    ['学生说继父不让他吃饭，已经两天没来上学。', false, 12],
  ]) {
    const res = await api.post(`${base}/api/reports`, { data: report(narrative, danger, age) });
    if (res.status() !== 201)
      throw new Error(`filing a report: ${res.status()} ${await res.text()}`);
  }
  const login = await api.post(`${base}/api/auth/login`, {
    data: { username: 'operator', password },
  });
  if (!login.ok()) throw new Error(`operator login: ${login.status()}`);
  let cases = [];
  for (let i = 0; i < 40 && cases.length < 3; i++) {
    cases = (await (await api.get(`${base}/api/cases`)).json()).cases ?? [];
    if (cases.length < 3) await new Promise((r) => setTimeout(r, 250));
  }
  const first = cases[0];
  if (!first) throw new Error('no case appeared after filing reports');
  await api.post(`${base}/api/cases/${first.id}/claim`);
  const suggestions = await (
    await api.get(`${base}/api/cases/${first.id}/centre-suggestions`)
  ).json();
  const list = suggestions.suggestions ?? [];
  const centre = (list.find((s) => s.reason === 'jurisdiction') ?? list[0])?.centre;
  if (centre) {
    const referral = await api.post(`${base}/api/cases/${first.id}/referrals`, {
      data: { centreId: centre.id, note: '' },
    });
    if (!referral.ok()) console.error(`referral: ${referral.status()} ${await referral.text()}`);
  }
  await context.close();
}

if (!process.argv.includes('--no-seed')) await seed();

let saved = 0;
const failures = [];
try {
  for (const language of languages) {
    for (const viewport of viewports) {
      const dir = join(out, `${language}-${viewport.width}x${viewport.height}`);
      mkdirSync(dir, { recursive: true });
      for (const journey of journeys) {
        const context = await browser.newContext({ viewport, locale: language });
        await context.addInitScript((lang) => {
          localStorage.setItem('hutong.language', lang);
        }, language);
        const page = await context.newPage();
        try {
          if (journey.user) {
            await page.goto(`${base}/login`);
            await page.locator('#login-username').fill(journey.user);
            await page.locator('#login-password').fill(password);
            await page.locator('button[type=submit]').click();
            await page.waitForURL((url) => !url.pathname.startsWith('/login'));
          }
          for (const [name, step] of journey.screens) {
            const file = join(dir, `${journey.user ?? 'public'}-${name}.png`);
            try {
              if (typeof step === 'string') await page.goto(`${base}${step}`);
              else await step(page);
              await settle(page);
              await page.screenshot({ path: file, fullPage: true });
              saved++;
            } catch (error) {
              failures.push(
                `${language} ${viewport.width}: ${journey.user ?? 'public'} ${name}: ${error.message.split('\n')[0]}`,
              );
            }
          }
        } finally {
          await context.close();
        }
      }
    }
  }
} finally {
  await browser.close();
}
console.log(`${saved} screenshots in ${out}`);
for (const failure of failures) console.error(`✖ ${failure}`);
process.exit(failures.length > 0 ? 1 : 0);
