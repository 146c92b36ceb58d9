import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../backend/test/server.js';
import { TEST_DB_KIND } from '../backend/test/db.js';
import { eventually, request } from '../backend/test/http.js';
import { serverAndBrowser, signIn, recordSocketFrames } from './support/browser.js';
import { fitsTheScreen, phoneContext, registerChild, tapTargetProblems } from './support/phone.js';

describe(`the early-warnings screen on a director's phone, in Chromium (${TEST_DB_KIND})`, () => {
  const env = serverAndBrowser();

  it('shows a danger signal live, acknowledges it and escalates it to the hotline with a reference', async () => {
    const director = await env.server.login('director');
    const child = await registerChild(env.server.url, director);

    const context = await phoneContext(env.browser);
    const page = await context.newPage();
    const frames = recordSocketFrames(page);
    await signIn(page, env.server.url, 'director', DEMO_PASSWORD);
    await page.goto(`${env.server.url}/warnings`);
    await page.getByRole('heading', { name: 'Early warnings' }).waitFor();
    await page.getByText('No open warnings.').waitFor();
    // The live connection has joined the village's room (the server says so with sync.resumed).
    await eventually(() => frames.some((f) => f.includes('sync.resumed')), 30_000);

    // A visit elsewhere (the director's other session) finds the child unsafe and hungry.
    const visit = await request(env.server.url, `/api/children/${child.id}/visits`, {
      cookie: director,
      headers: { 'Idempotency-Key': randomUUID() },
      body: {
        kind: 'home',
        visitedAt: new Date().toISOString(),
        seen: ['child'],
        checklist: { childSafe: false, enoughFood: false },
      },
    });
    expect(visit.status).toBe(201);

    // It arrives over the live connection and the list shows it with its reasons.
    const item = page.locator('[data-warning]', { hasText: child.name });
    await item.waitFor();
    expect(frames.some((f) => f.includes('warning.created'))).toBe(true);
    await item.getByText('Danger signal on a visit').waitFor();
    await item.locator('[data-status="open"]').waitFor();
    expect(await fitsTheScreen(page)).toBe(true);
    expect(await tapTargetProblems(page)).toEqual([]);

    await item.getByRole('button', { name: 'Acknowledge' }).click();
    await item.locator('[data-status="acknowledged"]').waitFor();
    await item.getByText(/Acknowledged by/).waitFor();

    await item.getByRole('button', { name: 'Escalate to the hotline' }).click();
    // Said above the list: the escalated warning leaves the open list as the list re-reads.
    const notice = page.locator('[data-escalation]');
    await notice.waitFor();
    expect(await notice.innerText()).toMatch(
      /^Escalated: report HT-[0-9A-Z-]+ is in the operators’ queue\.$/,
    );
    const reference = (await notice.getAttribute('data-escalation')) ?? undefined;
    expect(reference).toMatch(/^HT-/);
    await item.waitFor({ state: 'detached' });

    // The server holds the same: escalated, under that reference, and the report is in intake.
    const warnings = await request(env.server.url, `/api/warnings?status=all&childId=${child.id}`, {
      cookie: director,
    });
    expect(warnings.status).toBe(200);
    const [held] = (
      warnings.body as { warnings: { status: string; escalated: { reference: string } | null }[] }
    ).warnings;
    expect(held?.status).toBe('escalated');
    expect(held?.escalated?.reference).toBe(reference);
    const supervisor = await env.server.login('supervisor');
    await eventually(async () => {
      // The operators' queue (open cases): the escalation's report opened one.
      const found = await request(env.server.url, '/api/cases', { cookie: supervisor });
      return found.status === 200 && JSON.stringify(found.body).includes(reference ?? '');
    }, 30_000);
    await context.close();
  });
});
