import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { TwilioSimulator } from '@hutong/ivr/simulator';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../backend/test/server.js';
import { TEST_DB_KIND } from '../backend/test/db.js';
import { launchBrowser, signIn } from './support/browser.js';

const AUTH_TOKEN = 'e2e-telephony-token';
const ACCOUNT_SID = `AC${'3'.repeat(32)}`;
// The simulated caller's pauses and the 30 s escalation run fifty times faster.
const TIME_SCALE = '0.02';

describe(`a simulated call answered in the operator's console, in Chromium (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let sim: TwilioSimulator;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer({
      env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN, HUTONG_TIME_SCALE: TIME_SCALE },
    });
    // The simulator plays Twilio: signed webhooks to the server, REST API for the dequeue.
    sim = await TwilioSimulator.start({
      authToken: AUTH_TOKEN,
      accountSid: ACCOUNT_SID,
      webhookBaseUrl: server.url,
      timeScale: Number(TIME_SCALE),
    });
    server.hutong.ctx.telephony.useSimulator({ apiBase: sim.url, accountSid: ACCOUNT_SID });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await sim?.stop();
    await server?.stop();
  });

  it('shows the waiting caller live, answers it, opens the voice case, and hangs up', async () => {
    const page = await (await browser.newContext({ locale: 'en' })).newPage();
    await signIn(page, server.url, 'operator', DEMO_PASSWORD);
    await page.getByText('No callers waiting').waitFor();
    let reloads = 0;
    page.on('load', () => reloads++);

    // A child calls: Chinese (1), "a child is in danger right now" (1).
    const call = sim.placeCall({ from: '+8613800000000', script: { digits: ['1', '1'] } });
    await call.waitFor('enqueued');

    const item = page.locator('.calls-list__item').filter({ hasText: '+86 138****0000' });
    await item.waitFor({ timeout: 10_000 });
    const text = await item.textContent();
    expect(text).toContain('Child in danger');
    expect(text).toContain('Chinese');
    expect(text).not.toContain('13800000000');
    expect(reloads).toBe(0);

    // Answer from the keyboard.
    const answer = item.getByRole('button', { name: /^Answer \+86 138\*\*\*\*0000/ });
    await answer.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/, { timeout: 10_000 });

    // The caller was bridged into the conference named after the case the page shows.
    await call.waitFor((c) => c.conference !== undefined, 10_000);
    const reference = call.call.conference!;
    expect(reference).toMatch(/^HT-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await page
      .getByRole('heading', { level: 1 })
      .filter({ hasText: reference })
      .waitFor({ timeout: 10_000 });

    // The simulated softphone follows the call over Socket.IO, and hangs it up.
    const bar = page.getByRole('complementary', { name: 'Current call' });
    await bar.getByText('In call').waitFor({ timeout: 10_000 });
    await bar.getByRole('button', { name: 'Hang up' }).click();
    await call.done;
    await bar.getByText('Call ended').waitFor({ timeout: 10_000 });
    await page
      .screenshot({ path: 'node_modules/.cache/hutong-e2e-telephony.png' })
      .catch(() => undefined);
  });

  it("puts a caller who asked to be called back on every operator's list live, and takes it off when done", async () => {
    const mine = await (await browser.newContext({ locale: 'en' })).newPage();
    const other = await (await browser.newContext({ locale: 'en' })).newPage();
    await signIn(mine, server.url, 'operator', DEMO_PASSWORD);
    await signIn(other, server.url, 'operator2', DEMO_PASSWORD);
    let reloads = 0;
    for (const page of [mine, other]) {
      // The panel has loaded: while nobody waits and nothing is due it is one line.
      await page
        .getByRole('heading', { name: 'Call back' })
        .or(page.getByText('No callbacks due.'))
        .first()
        .waitFor();
      page.on('load', () => reloads++);
    }

    // English (2), talk to someone (3), and after the voicemail offer: call me back (2).
    const call = sim.placeCall({ from: '+8613800000555', script: { digits: ['2', '3', '2'] } });
    await call.waitFor('completed', 20_000);

    const task = (page: typeof mine) =>
      page.locator('.callbacks .calls-list__item').filter({ hasText: '+86 138****0555' });
    for (const page of [mine, other]) {
      await task(page).waitFor({ timeout: 10_000 });
      expect(await task(page).textContent()).toContain('Asked to be called back');
    }
    await task(mine)
      .getByRole('button', { name: 'Mark the callback to +86 138****0555 done' })
      .click();
    // The other operator's list drops it too, without a reload.
    await task(other).waitFor({ state: 'detached', timeout: 10_000 });
    await task(mine).waitFor({ state: 'detached', timeout: 10_000 });
    expect(reloads).toBe(0);
  });
});
