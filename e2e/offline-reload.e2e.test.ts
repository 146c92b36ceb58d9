import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../backend/test/server.js';
import { TEST_DB_KIND } from '../backend/test/db.js';
import { eventually, request } from '../backend/test/http.js';
import { serverAndBrowser, signIn } from './support/browser.js';
import { phoneContext, registerChild } from './support/phone.js';

describe(`the console reloaded with no signal at all, on a phone in Chromium (${TEST_DB_KIND})`, () => {
  const env = serverAndBrowser();

  it('opens the visit form with its sealed draft from the service worker, and sends the visit when the signal returns', async () => {
    const director = await env.server.login('director');
    const child = await registerChild(env.server.url, director);

    // The worker script itself is checked on every visit, so a new build replaces it.
    const script = await fetch(`${env.server.url}/sw.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toBe('no-cache');
    expect(await script.text()).toContain('"/index.html"');

    const context = await phoneContext(env.browser);
    // When the page loaded and when it registered the worker, on every page of this context.
    // (A script in the page's own words: this project's e2e code has no DOM types.)
    await context.addInitScript(`{
      const times = { load: -1, register: [] };
      window.__sw = times;
      window.addEventListener('load', () => (times.load = performance.now()));
      const register = ServiceWorkerContainer.prototype.register;
      ServiceWorkerContainer.prototype.register = function (...args) {
        times.register.push(performance.now());
        return register.apply(this, args);
      };
    }`);
    const page = await context.newPage();
    await signIn(page, env.server.url, 'director', DEMO_PASSWORD);
    await page.goto(`${env.server.url}/children/${child.id}/visit`);
    await page.getByRole('heading', { name: 'Record a visit' }).waitFor();
    // The worker is installed (the shell and assets cached) and controls the page.
    await page.evaluate('navigator.serviceWorker.ready');
    await eventually(
      async () => await page.evaluate<boolean>('navigator.serviceWorker.controller !== null'),
      15_000,
    );
    // Registered once, seconds after the page loaded, so that installing (every built file
    // downloaded, each script compiled) never competes with the screen being opened.
    const sw = await page.evaluate<{ load: number; register: number[] }>('window.__sw');
    expect(sw.load).toBeGreaterThan(0);
    expect(sw.register).toHaveLength(1);
    expect(sw.register[0]! - sw.load).toBeGreaterThanOrEqual(3000);
    // A navigation's request starts while the worker starts (navigation preload).
    expect(
      await page.evaluate<boolean>(
        '(async () => (await (await navigator.serviceWorker.ready).navigationPreload.getState()).enabled)()',
      ),
    ).toBe(true);

    // Built files come straight from the worker's cache without running the worker (its static
    // routes), every one of them on a reload.
    const cdp = await context.newCDPSession(page);
    const assets: {
      url: string;
      router?: { matchedSourceType?: string; actualSourceType?: string };
    }[] = [];
    cdp.on('Network.responseReceived', ({ response }) => {
      if (new URL(response.url).pathname.startsWith('/assets/'))
        assets.push({ url: response.url, router: response.serviceWorkerRouterInfo });
    });
    await cdp.send('Network.enable');
    await page.reload();
    await page.getByRole('heading', { name: 'Record a visit' }).waitFor();
    await cdp.detach();
    expect(assets.length).toBeGreaterThan(5);
    expect(
      assets.filter(
        (a) => a.router?.matchedSourceType !== 'cache' || a.router.actualSourceType !== 'cache',
      ),
    ).toEqual([]);

    await page.getByLabel('Notes').fill('屋顶漏雨');
    const stored = () => page.evaluate<string>('JSON.stringify({ ...localStorage })');
    await eventually(async () => (await stored()).includes('hutong.visitDraft.'), 10_000);

    // What the worker keeps: the shell and built files, never an API answer.
    const cached = await page.evaluate<string[]>(`(async () => {
      const urls = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const req of await cache.keys()) urls.push(new URL(req.url).pathname);
      }
      return urls;
    })()`);
    expect(cached).toContain('/index.html');
    expect(cached.some((url) => /^\/assets\/.+\.js$/.test(url))).toBe(true);
    expect(cached.filter((url) => url.startsWith('/api/') || url.endsWith('.map'))).toEqual([]);

    // No signal, and a reload: the console opens from the phone as the director.
    await context.setOffline(true);
    // The API really is out of reach (network only: nothing answers from a cache).
    expect(
      await page.evaluate<string>(
        "fetch('/api/auth/me').then(() => 'answered', () => 'unreachable')",
      ),
    ).toBe('unreachable');
    // So is anything the worker did not cache: what opens next comes from the worker's cache.
    expect(
      await page.evaluate<string>(
        "fetch('/not-cached').then(() => 'answered', () => 'unreachable')",
      ),
    ).toBe('unreachable');
    await page.reload();
    await page.getByRole('heading', { name: 'Record a visit' }).waitFor();
    await page
      .getByTestId('offline-notice')
      .getByText('No connection: the console opened from this phone.', { exact: false })
      .waitFor();
    await page.getByText('Your unsaved draft of this visit is back.').waitFor();
    expect(await page.getByLabel('Notes').inputValue()).toBe('屋顶漏雨');

    // Saved offline, it waits on the phone; the signal returns and it is sent, once.
    await page.getByRole('button', { name: 'Save the visit' }).click();
    await page
      .getByTestId('visit-outbox-queued')
      .getByText('1 visit saved on this phone, will be sent when the connection returns.')
      .waitFor();
    await context.setOffline(false);
    await page
      .getByTestId('visit-outbox-sent')
      .getByText('The visit saved on this phone has been sent.')
      .waitFor();
    await eventually(async () => (await page.getByTestId('offline-notice').count()) === 0, 15_000);
    const file = await request(env.server.url, `/api/children/${child.id}`, { cookie: director });
    const visits = (file.body as { visits: { notes: string | null }[] }).visits;
    expect(visits.map((v) => v.notes)).toEqual(['屋顶漏雨']);

    // Signing out forgets the account on the phone: offline, the console no longer opens as it.
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login$/);
    expect(await stored()).not.toContain('hutong.offlineUser');
    await context.close();
  });
});
