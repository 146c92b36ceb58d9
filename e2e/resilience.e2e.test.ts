import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../backend/test/server.js';
import { TEST_DB_KIND } from '../backend/test/db.js';
import { launchBrowser, signIn } from './support/browser.js';

describe(`the console through a server restart in Chromium (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows a banner while the server is down, and after it is back the banner and stale errors are gone', async () => {
    const page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
    await signIn(page, server.url, 'supervisor', DEMO_PASSWORD);
    await page.locator('.connection--connected').waitFor();
    const banner = page.getByRole('alert').filter({ hasText: 'Live updates are interrupted' });
    expect(await banner.count()).toBe(0);
    // Load the duty board's code once, so it can open while the server is away.
    await page.getByRole('link', { name: 'Duty board' }).click();
    await page.getByRole('heading', { name: 'Duty board' }).waitFor();
    await page.getByRole('link', { name: 'Queue', exact: true }).click();
    await page.getByRole('heading', { name: 'Open cases', level: 1 }).waitFor();

    // The server stops (a deploy, a crash): the banner says what it means and since when.
    const port = new URL(server.url).port;
    const { database, prefix } = server;
    await server.stop({ keepDatabase: true });
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.textContent()).toMatch(
      /Live updates are interrupted; reconnecting… New reports may not appear at once\. Since \d\d:\d\d\./,
    );
    // A page opened meanwhile cannot read its data.
    await page.getByRole('link', { name: 'Duty board' }).click();
    const stale = page
      .getByRole('alert')
      .filter({ hasText: 'The duty board could not be loaded.' });
    await stale.waitFor({ timeout: 15_000 });
    expect(await stale.textContent()).toContain('The server cannot be reached');

    // The same server comes back on the same address and data.
    server = await startTestServer({ database, prefix, env: { PORT: port } });
    await page.locator('.connection--connected').waitFor({ timeout: 30_000 });
    await banner.waitFor({ state: 'detached' });
    await stale.waitFor({ state: 'detached', timeout: 10_000 });
    await page.getByRole('region', { name: 'On duty now' }).waitFor();
  }, 120_000); // a whole server stop and restart, on a loaded two-core machine
});

describe(`the console shell on a phone and across reloads in Chromium (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('folds the navigation into a menu at 390×844 and remembers P1 alerts across a reload', async () => {
    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 390, height: 844 },
    });
    await context.grantPermissions(['notifications']);
    const page = await context.newPage();
    await signIn(page, server.url, 'operator', DEMO_PASSWORD);
    await page.locator('.connection--connected').waitFor();

    // Alerts are off after sign-in, and every page says so.
    const off = page.getByText('P1 提醒已关闭');
    await off.waitFor();
    expect(await page.getByRole('navigation', { name: '主导航' }).isVisible()).toBe(false);
    await page.getByRole('button', { name: '菜单' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByRole('link', { name: '查询工单' }).click();
    await page.getByRole('heading', { name: '查询工单', level: 1 }).waitFor();
    await off.waitFor();
    // Nothing is wider than the phone.
    const overflow = Number(
      await page.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      ),
    );
    expect(overflow).toBeLessThanOrEqual(0);

    await page.getByRole('button', { name: '开启 P1 提醒' }).click();
    await off.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('heading', { name: '查询工单', level: 1 }).waitFor();
    await page.locator('.connection--connected').waitFor();
    expect(await off.count()).toBe(0);
    // Whether the tone is muted after the reload is the browser's autoplay policy (headless
    // Chromium here lets it play): the one-click "重新开启提示音" is not asserted in this browser.
  });
});
