import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../../backend/test/server.js';
import { resolveBrowser } from '../../scripts/browser.mjs';

const CONSOLE_INDEX = fileURLToPath(new URL('../../console/dist/index.html', import.meta.url));

/**
 * Headless Chromium with the flags this closed network needs (no background connections): the one
 * `npm test` chose (CHROMIUM_PATH), else the same search (system, @sparticuz/chromium, apt-get).
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CONSOLE_INDEX)) {
    throw new Error('The console is not built: run `npm run build` (npm test does it for you)');
  }
  return chromium.launch({
    executablePath: resolveBrowser().path,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Signs in through the console's login page and waits for the queue. */
export async function signIn(
  page: Page,
  baseUrl: string,
  username: string,
  password: string,
): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(password);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** An antd select's popup while it is open. */
const OPEN_SELECT_POPUP = '.ant-select-dropdown:not(.ant-select-dropdown-hidden)';

/**
 * Picks one entry of a searchable tree select (the region pickers) as a person does: types into
 * its search, clicks the entry in the open popup, and goes on once the field shows the entry and
 * its popup has closed. On a loaded machine a click can be lost while the filtered tree renders
 * under it, leaving the popup open over the form (CI, 2026-12-07): the person then clicks it
 * again, and so does this, up to three times, before it fails naming the entry.
 */
export async function pickInTreeSelect(field: Locator, search: string, title: string) {
  const page = field.page();
  for (let attempt = 1; attempt <= 3; attempt++) {
    if ((await field.getAttribute('aria-expanded')) !== 'true') await field.fill(search);
    await page.locator(OPEN_SELECT_POPUP).getByTitle(title, { exact: true }).click();
    const until = Date.now() + 5_000;
    while (Date.now() < until) {
      const picked =
        (await field.getAttribute('aria-expanded')) === 'false' &&
        (await field.locator('xpath=..').getAttribute('title')) === title;
      if (picked) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`the tree select did not take "${title}" after three clicks`);
}

/**
 * A whole Hutong and a headless Chromium for the file's tests, started before them and stopped
 * after: read `env.server` and `env.browser` inside a test.
 */
export function serverAndBrowser(): { server: TestServer; browser: Browser } {
  const env = {} as { server: TestServer; browser: Browser };
  beforeAll(async () => {
    env.server = await startTestServer();
    env.browser = await launchBrowser();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

/**
 * Every Socket.IO packet the page receives from now on, over long-polling (the first transport)
 * or the WebSocket it upgrades to: the array fills as they come.
 */
export function recordSocketFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (socket) =>
    socket.on('framereceived', (frame) => frames.push(String(frame.payload))),
  );
  page.on('response', (response) => {
    if (!response.url().includes('/socket.io/')) return;
    response.text().then(
      (text) => frames.push(text),
      () => undefined, // a poll cut short by the upgrade has no body
    );
  });
  return frames;
}
