import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../backend/test/server.js';
import { TEST_DB_KIND } from '../backend/test/db.js';
import { eventually, request } from '../backend/test/http.js';
import { serverAndBrowser, signIn } from './support/browser.js';
import { fitsTheScreen, phoneContext, registerChild, tapTargetProblems } from './support/phone.js';

describe(`a director's visit form with no signal, on a phone in Chromium (${TEST_DB_KIND})`, () => {
  const env = serverAndBrowser();

  it('keeps the draft, queues the visit offline, and sends it once with its key when the connection returns', async () => {
    const director = await env.server.login('director');
    const child = await registerChild(env.server.url, director);
    const visitsOnServer = async () => {
      const res = await request(env.server.url, `/api/children/${child.id}`, { cookie: director });
      expect(res.status).toBe(200);
      return (res.body as { visits: { notes: string | null }[] }).visits;
    };

    const context = await phoneContext(env.browser);
    const page = await context.newPage();
    await signIn(page, env.server.url, 'director', DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'Children register' }).waitFor();
    await page.locator('[data-child]', { hasText: child.name }).waitFor();
    expect(await fitsTheScreen(page)).toBe(true);
    expect(await tapTargetProblems(page)).toEqual([]);

    await page.goto(`${env.server.url}/children/${child.id}`);
    await page.getByRole('heading', { name: new RegExp(child.name) }).waitFor();
    expect(await fitsTheScreen(page)).toBe(true);
    expect(await tapTargetProblems(page)).toEqual([]);
    await page.getByRole('link', { name: 'Record a visit' }).click();
    await page.getByRole('heading', { name: 'Record a visit' }).waitFor();
    expect(await fitsTheScreen(page)).toBe(true);
    expect(await tapTargetProblems(page)).toEqual([]);

    // What is typed is kept on the phone: a reload brings it back.
    await page.locator('[data-item="childSafe"]').getByLabel('Yes', { exact: true }).check();
    await page.locator('[data-item="enoughFood"]').getByLabel('No', { exact: true }).check();
    await page.getByLabel('Notes').fill('冰箱是空的');
    // On the phone the draft is sealed (AES-GCM under a key kept in IndexedDB), never plain.
    const stored = () => page.evaluate<string>('JSON.stringify({ ...localStorage })');
    await eventually(async () => (await stored()).includes('hutong.visitDraft.'), 10_000);
    expect(await stored()).not.toContain('冰箱是空的');
    expect(await stored()).toMatch(/hutong-aesgcm-v1:/);
    await page.reload();
    await page.getByText('Your unsaved draft of this visit is back.').waitFor();
    expect(await page.getByLabel('Notes').inputValue()).toBe('冰箱是空的');
    expect(
      await page.locator('[data-item="enoughFood"]').getByLabel('No', { exact: true }).isChecked(),
    ).toBe(true);

    // No signal: the visit waits on the phone, and the page says so plainly.
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Save the visit' }).click();
    await page
      .getByText(
        'No connection: the visit is saved on this phone and will be sent when the connection returns.',
      )
      .waitFor();
    const queued = page.getByTestId('visit-outbox-queued');
    await queued
      .getByText('1 visit saved on this phone, will be sent when the connection returns.')
      .waitFor();
    expect(await page.getByLabel('Notes').inputValue()).toBe('');
    expect(await fitsTheScreen(page)).toBe(true);
    expect(await visitsOnServer()).toHaveLength(0);
    expect(await stored()).toContain('hutong.visitQueue.');
    expect(await stored()).not.toContain('冰箱是空的');

    // The signal comes back but drops every answer: the visit reaches the server, the phone
    // never hears so, and keeps it queued with the same key — across a reload too.
    const keys: string[] = [];
    let answersLost = 0;
    const session = (await context.cookies())
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
    await page.route('**/api/children/*/visits', async (route) => {
      const sent = route.request();
      const key = sent.headers()['idempotency-key'] ?? '';
      keys.push(key);
      // The request as the phone sent it reaches the server; its answer is lost on the way back.
      const reached = await request(env.server.url, new URL(sent.url()).pathname, {
        method: 'POST',
        cookie: session,
        headers: { 'Idempotency-Key': key, 'content-type': 'application/json' },
        raw: sent.postData() ?? '',
      });
      expect(reached.status).toBeLessThan(300);
      await route.abort('connectionreset');
      answersLost += 1;
    });
    await context.setOffline(false);
    await eventually(() => answersLost >= 1, 30_000);
    expect(await visitsOnServer()).toHaveLength(1);
    await page.reload();
    await page.getByRole('heading', { name: 'Record a visit' }).waitFor();
    // The draft went into the queue with the visit: the form opens fresh, not as a second copy.
    await queued
      .getByText('1 visit saved on this phone, will be sent when the connection returns.')
      .waitFor();
    await eventually(() => answersLost >= 2, 30_000); // sent again at the app's start
    expect(await page.getByText('Your unsaved draft of this visit is back.').count()).toBe(0);
    expect(await page.getByLabel('Notes').inputValue()).toBe('');

    // A good connection: the browser says "online" and the queue goes, with the same key.
    await page.unroute('**/api/children/*/visits');
    await context.setOffline(true);
    await context.setOffline(false);
    await page
      .getByTestId('visit-outbox-sent')
      .getByText('The visit saved on this phone has been sent.')
      .waitFor();
    expect(await queued.count()).toBe(0);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);

    // Exactly one visit recorded, the one typed offline; the file shows it.
    const visits = await visitsOnServer();
    expect(visits).toHaveLength(1);
    expect(visits[0]?.notes).toBe('冰箱是空的');
    await page.goto(`${env.server.url}/children/${child.id}`);
    await page.getByText('冰箱是空的').waitFor();
    await page.getByText('Concerns: Not enough food').waitFor();
    expect(await page.getByText(/saved on this phone and not sent yet/).count()).toBe(0);

    // Signing out leaves nothing of the director's visits on the phone: a new draft is wiped.
    await page.getByRole('link', { name: 'Record a visit' }).click();
    await page.getByLabel('Notes').fill('下一次的草稿');
    await eventually(async () => (await stored()).includes('hutong.visitDraft.'), 10_000);
    // On a phone the account's controls are in the menu.
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login$/);
    expect(await stored()).not.toMatch(/hutong\.visit(Draft|Queue)\./);
    await context.close();
  });

  it('shows a visit the server refuses after the phone kept it as needing attention, to take back into the form', async () => {
    const director = await env.server.login('director');
    const child = await registerChild(env.server.url, director);
    const context = await phoneContext(env.browser);
    const page = await context.newPage();
    await signIn(page, env.server.url, 'director', DEMO_PASSWORD);
    await page.goto(`${env.server.url}/children/${child.id}/visit`);
    await page.getByRole('heading', { name: 'Record a visit' }).waitFor();
    await page.getByLabel('Notes').fill('关门了');
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Save the visit' }).click();
    await page
      .getByTestId('visit-outbox-queued')
      .getByText('1 visit saved on this phone, will be sent when the connection returns.')
      .waitFor();

    // Meanwhile, someone closes the file: the server will never take a visit to it.
    const closed = await request(env.server.url, `/api/children/${child.id}/close`, {
      cookie: director,
      body: { reason: 'moved_away' },
    });
    expect(closed.status).toBe(200);
    await context.setOffline(false);
    const attention = page.getByTestId('visit-outbox-attention');
    await attention.getByText('1 visit could not be sent and needs your attention.').waitFor();
    expect(await page.getByTestId('visit-outbox-queued').count()).toBe(0);
    expect(await fitsTheScreen(page)).toBe(true);

    // Back into the form: the draft is what was typed; the queue is empty.
    await attention.getByRole('button', { name: 'Back into the form' }).click();
    await page.getByText('Your unsaved draft of this visit is back.').waitFor();
    expect(await page.getByLabel('Notes').inputValue()).toBe('关门了');
    expect(await attention.count()).toBe(0);
    const file = await request(env.server.url, `/api/children/${child.id}`, { cookie: director });
    expect((file.body as { visits: unknown[] }).visits).toHaveLength(0);
    await context.close();
  });
});
