import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../backend/test/server.js';
import { TEST_DB_KIND } from '../backend/test/db.js';
import { eventually } from '../backend/test/http.js';
import { launchBrowser, signIn } from './support/browser.js';

const DIST = fileURLToPath(new URL('../console/dist', import.meta.url));

/** What the page's worker caches hold: cache name → the paths in it. */
const cachesOf = (page: Page) =>
  page.evaluate<Record<string, string[]>>(`(async () => {
    const out = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      out[name] = (await cache.keys()).map((r) => new URL(r.url).pathname);
    }
    return out;
  })()`);

/** The stylesheet the open page links, and the build marker B's stylesheet sets. */
const shellOf = (page: Page) =>
  page.evaluate<{ css: string | null; marker: string }>(`({
    css: document.querySelector('link[rel=stylesheet][href^="/assets/index-"]')?.getAttribute('href') ?? null,
    marker: getComputedStyle(document.documentElement).getPropertyValue('--hutong-test-build').trim(),
  })`);

/**
 * Build B from the built console (build A): its entry stylesheet changed — so renamed, as Vite
 * names files by their content — index.html pointing at it, and sw.js with B's build id and file
 * list, as the build's plugin writes them. A's stylesheet is not in B (deleted on deploy).
 */
async function makeBuildB(
  dir: string,
): Promise<{ cssA: string; cssB: string; build: string; warningsA: string }> {
  await cp(DIST, dir, { recursive: true });
  // The warnings screen changed too: its chunk is renamed, and every file naming it follows.
  const assets = await readdir(join(dir, 'assets'));
  const warningsA = `/assets/${assets.find((f) => /^WarningsPage-.*\.js$/.test(f))!}`;
  const warningsB = warningsA.replace(/\.js$/, 'B2.js');
  await writeFile(join(dir, warningsB), await readFile(join(dir, warningsA)));
  await rm(join(dir, warningsA));
  await rm(join(dir, `${warningsA}.map`), { force: true });
  const chunkName = warningsA.slice('/assets/'.length);
  for (const file of assets.filter((f) => f.endsWith('.js'))) {
    const path = join(dir, 'assets', file);
    if (file === chunkName) continue;
    const text = await readFile(path, 'utf8');
    if (text.includes(chunkName)) {
      await writeFile(path, text.replaceAll(chunkName, chunkName.replace(/\.js$/, 'B2.js')));
    }
  }
  const index = await readFile(join(dir, 'index.html'), 'utf8');
  const cssA = /\/assets\/index-[^"]+\.css/.exec(index)![0];
  const cssB = cssA.replace(/\.css$/, 'B2.css');
  const css = await readFile(join(dir, cssA), 'utf8');
  await writeFile(join(dir, cssB), `${css}\n:root{--hutong-test-build:B}\n`);
  await rm(join(dir, cssA));
  await writeFile(join(dir, 'index.html'), index.replace(cssA, cssB));
  const sw = await readFile(join(dir, 'sw.js'), 'utf8');
  const build = 'b0b0b0b0b0b0b0b0';
  expect(sw).toContain(`"${cssA}"`);
  await writeFile(
    join(dir, 'sw.js'),
    sw
      .replace(/const BUILD = "[0-9a-f]+";/, `const BUILD = "${build}";`)
      .replace(cssA, cssB)
      .replace(warningsA, warningsB),
  );
  return { cssA, cssB, build, warningsA };
}

/** Deploys a build into the directory the server serves the console from (as a deploy does). */
async function deploy(from: string, to: string): Promise<void> {
  for (const entry of await readdir(to)) await rm(join(to, entry), { recursive: true });
  for (const entry of await readdir(from))
    await cp(join(from, entry), join(to, entry), { recursive: true });
}

/**
 * How long B's worker may take to be found, install and take over (its update check, every file
 * of the shell fetched): over 20 s once in CI on a loaded machine.
 */
const TAKEOVER_MS = 45_000;

describe(`the service worker across builds, in Chromium (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let browser: Browser;
  let root: string;
  let served: string;
  let buildB: string;
  let b: Awaited<ReturnType<typeof makeBuildB>>;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'hutong-sw-'));
    served = join(root, 'served');
    buildB = join(root, 'b');
    await cp(DIST, served, { recursive: true });
    await cp(DIST, join(root, 'a'), { recursive: true });
    b = await makeBuildB(buildB);
    server = await startTestServer({ env: { HUTONG_CONSOLE_DIR: served } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('replaces build A with build B: B’s shell and assets, online and offline, and A’s cache dropped', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server.url, 'director', DEMO_PASSWORD);
    await page.goto(`${server.url}/children`);
    await page.evaluate('navigator.serviceWorker.ready');
    await eventually(
      async () => await page.evaluate<boolean>('navigator.serviceWorker.controller !== null'),
      15_000,
    );
    const cachedA = await cachesOf(page);
    const [nameA] = Object.keys(cachedA);
    expect(Object.keys(cachedA)).toHaveLength(1);
    expect(cachedA[nameA!]).toContain(b.cssA);
    expect(await shellOf(page)).toEqual({ css: b.cssA, marker: '' });

    // Build B is deployed; the director opens the console again.
    await deploy(buildB, served);
    await page.reload();
    await page.getByRole('heading').first().waitFor();
    // The new worker installs, takes over and drops A's cache: only B's is left, with B's files.
    await eventually(async () => {
      const names = Object.keys(await cachesOf(page));
      return names.length === 1 && names[0] === `hutong-shell-${b.build}`;
    }, TAKEOVER_MS);
    const cachedB = (await cachesOf(page))[`hutong-shell-${b.build}`]!;
    expect(cachedB).toContain(b.cssB);
    expect(cachedB).toContain('/index.html');
    expect(cachedB).not.toContain(b.cssA);
    expect(await page.evaluate<string>('navigator.serviceWorker.controller.scriptURL')).toContain(
      '/sw.js',
    );
    await page.reload();
    expect(await shellOf(page)).toEqual({ css: b.cssB, marker: 'B' });

    // No signal: the shell that opens is B's, pointing at B's stylesheet, which is on the phone.
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading').first().waitFor();
    expect(await shellOf(page)).toEqual({ css: b.cssB, marker: 'B' });
    await context.setOffline(false);
    await context.close();
  });

  it('reloads a page of build A, left open across the deploy, into B when it opens a screen whose chunk B removed', async () => {
    await deploy(join(root, 'a'), served);
    const context = await browser.newContext();
    const page = await context.newPage();
    const chunkRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith(b.warningsA)) chunkRequests.push(request.url());
    });
    await signIn(page, server.url, 'director', DEMO_PASSWORD);
    await page.goto(`${server.url}/children`);
    await eventually(
      async () => await page.evaluate<boolean>('navigator.serviceWorker.controller !== null'),
      15_000,
    );
    expect(await shellOf(page)).toEqual({ css: b.cssA, marker: '' });

    // B is deployed while the page stays open. The director comes back to the tab: the page
    // checks for a new build as it comes into view, and B's worker takes over, dropping A's cache
    // with the chunk of A's warnings screen in it. (Headless, the page never leaves view, so the
    // event is sent as the browser sends it; the page itself reads that it is visible.)
    await deploy(buildB, served);
    await page.evaluate(`document.dispatchEvent(new Event('visibilitychange'))`);
    await eventually(async () => {
      const names = Object.keys(await cachesOf(page));
      return names.length === 1 && names[0] === `hutong-shell-${b.build}`;
    }, TAKEOVER_MS);

    // The browser's own HTTP cache may still hold A's chunk (the worker's install fetched every
    // file); on a phone it is small and evicted. Empty it so the chunk can only come from the server.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');
    // The director opens the warnings screen: A's chunk is gone, so the page reloads into B.
    await page.getByRole('link', { name: 'Warnings' }).first().click();
    await page.getByRole('heading', { name: 'Early warnings' }).first().waitFor();
    expect(page.url()).toBe(`${server.url}/warnings`);
    expect(await shellOf(page)).toEqual({ css: b.cssB, marker: 'B' });
    expect(chunkRequests.length).toBeGreaterThan(0);
    await context.close();
  });
});
