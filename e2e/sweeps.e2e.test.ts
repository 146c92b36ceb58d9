import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../backend/test/server.js';
import { TEST_DB_KIND } from '../backend/test/db.js';
import { eventually, request } from '../backend/test/http.js';
import {
  pickInTreeSelect,
  recordSocketFrames,
  serverAndBrowser,
  signIn,
} from './support/browser.js';
import { phoneContext, registerChild } from './support/phone.js';

describe(`sweeps (摸底排查) in Chromium (${TEST_DB_KIND})`, () => {
  const env = serverAndBrowser();

  it("starts a sweep over a township, moves its progress live on a director's visit, and closes it with a reason", async () => {
    const director = await env.server.login('director');
    const child = await registerChild(env.server.url, director);

    // The township supervisor's console, at a desk, with its live connection watched.
    const context = await env.browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const frames = recordSocketFrames(page);
    await signIn(page, env.server.url, 'township', DEMO_PASSWORD);
    await page.goto(`${env.server.url}/sweeps`);
    await page.getByRole('heading', { name: 'Sweeps', exact: true }).waitFor();
    await page.getByText('No sweeps yet.').waitFor();

    // Start one over the township (温泉镇), left-behind children.
    const form = page.getByRole('form', { name: 'Start a sweep' });
    await pickInTreeSelect(form.getByLabel('Region'), '温泉', '温泉镇');
    await form.getByLabel('Left-behind child').check();
    await form.getByRole('button', { name: 'Start sweep' }).click();
    const started = await form.getByRole('status').innerText();
    const total = Number(/Sweep started: (\d+) visits to make\./.exec(started)?.[1]);
    expect(total).toBeGreaterThanOrEqual(1);
    const item = page.locator('[data-sweep]', { hasText: '从化区 › 温泉镇' });
    await item.getByText(`0 of ${total} visited`).waitFor();
    const sweepId = await item.getAttribute('data-sweep');
    await eventually(() => frames.some((f) => f.includes('sync.resumed')), 30_000);
    let reloads = 0;
    page.on('load', () => reloads++);

    // The director, on a phone in the village, records a visit to the child.
    const phone = await (await phoneContext(env.browser)).newPage();
    await signIn(phone, env.server.url, 'director', DEMO_PASSWORD);
    await phone.goto(`${env.server.url}/children/${child.id}/visit`);
    await phone.getByRole('heading', { name: 'Record a visit' }).waitFor();
    await phone.locator('[data-item="childSafe"]').getByLabel('Yes', { exact: true }).check();
    await phone.getByRole('button', { name: 'Save the visit' }).click();
    // Saved: the phone goes back to the child's file.
    await phone.waitForURL(new RegExp(`/children/${child.id}$`));

    // The supervisor's progress moves without a reload, carried by `sweep.updated`.
    await item.getByText(`1 of ${total} visited`).waitFor();
    expect(frames.some((f) => f.includes('sweep.updated'))).toBe(true);
    expect(reloads).toBe(0);

    // The sweep's page: its villages, then closing it, which needs a reason.
    await item.getByRole('link', { name: '从化区 › 温泉镇' }).click();
    await page.waitForURL(new RegExp(`/sweeps/${sweepId}$`));
    await page.getByRole('cell', { name: '石南村' }).waitFor();
    const end = page.getByRole('form', { name: 'End this sweep' });
    await end.getByRole('button', { name: 'Close sweep' }).click();
    await end.getByText('Give a reason.').waitFor();
    await end.getByLabel('Reason').fill('Every village reported');
    await end.getByRole('button', { name: 'Close sweep' }).click();
    await page.locator('[data-status="closed"]').waitFor();
    await page.locator('[data-ended]', { hasText: 'Every village reported' }).waitFor();
    expect(await end.count()).toBe(0);

    // The server holds the same: closed, with the figures it had.
    const held = await request(env.server.url, `/api/sweeps/${sweepId}`, {
      cookie: await env.server.login('supervisor'),
    });
    expect(held.status).toBe(200);
    expect(held.body).toMatchObject({ status: 'closed', total, done: 1 });
    await context.close();
    await phone.context().close();
  });
});
