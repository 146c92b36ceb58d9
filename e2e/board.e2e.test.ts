import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../backend/test/server.js';
import { eventually, request } from '../backend/test/http.js';
import { buildReport } from '../backend/test/factories.js';
import { TEST_DB_KIND } from '../backend/test/db.js';
import { recordSocketFrames, serverAndBrowser, signIn } from './support/browser.js';
import { registerChild } from './support/phone.js';

describe(`the supervisors' duty board in Chromium (${TEST_DB_KIND})`, () => {
  const env = serverAndBrowser();

  it('shows who comes on duty and each new case by itself, without a reload', async () => {
    const supervisor = await (await env.browser.newContext({ locale: 'en-GB' })).newPage();
    await signIn(supervisor, env.server.url, 'supervisor', DEMO_PASSWORD);
    await supervisor.getByRole('link', { name: 'Duty board' }).click();
    await supervisor.getByRole('heading', { name: 'Duty board' }).waitFor();
    const duty = supervisor.getByRole('region', { name: 'On duty now' });
    await duty.getByRole('row', { name: /值班主任 陈静/ }).waitFor();
    let reloads = 0;
    supervisor.on('load', () => reloads++);
    const openCases = supervisor.getByRole('region', { name: 'Open cases' });
    const before = Number(/(\d+) open/.exec((await openCases.textContent()) ?? '')?.[1]);

    // An operator opens a console: the board lists them.
    const operator = await (await env.browser.newContext({ locale: 'en-GB' })).newPage();
    await signIn(operator, env.server.url, 'operator', DEMO_PASSWORD);
    await operator.locator('.connection--connected').waitFor();
    const operatorRow = duty.getByRole('row', { name: /接线员 王芳/ });
    await operatorRow.waitFor({ timeout: 10_000 });

    // A report arrives: the open count goes up by itself.
    const res = await request(env.server.url, '/api/reports', {
      body: buildReport({ immediateDanger: true }),
    });
    expect(res.status).toBe(201);
    await openCases.getByText(`${before + 1} open`).waitFor({ timeout: 10_000 });

    // The operator signs out: they leave the board.
    await operator.getByRole('button', { name: 'Sign out' }).click();
    await operator.waitForURL(/\/login$/);
    await operatorRow.waitFor({ state: 'detached', timeout: 10_000 });
    expect(reloads).toBe(0);
  });

  it('counts a warning raised while the board is open, without a reload', async () => {
    const director = await env.server.login('director');
    const child = await registerChild(env.server.url, director);
    const supervisor = await (await env.browser.newContext({ locale: 'en-GB' })).newPage();
    const frames = recordSocketFrames(supervisor);
    await signIn(supervisor, env.server.url, 'supervisor', DEMO_PASSWORD);
    await supervisor.getByRole('link', { name: 'Duty board' }).click();
    await supervisor.getByRole('heading', { name: 'Duty board' }).waitFor();
    const line = supervisor.getByRole('link', {
      name: /open warnings? on the children’s register/,
    });
    await line.waitFor();
    const before = Number(/^(\d+) open/.exec((await line.textContent()) ?? '')?.[1]);
    expect(Number.isInteger(before)).toBe(true);
    await eventually(() => frames.some((f) => f.includes('sync.resumed')), 30_000);
    let reloads = 0;
    supervisor.on('load', () => reloads++);

    // A director's visit finds the child unsafe: a warning, sent to the hotline's supervisors.
    const visit = await request(env.server.url, `/api/children/${child.id}/visits`, {
      cookie: director,
      headers: { 'Idempotency-Key': randomUUID() },
      body: {
        kind: 'home',
        visitedAt: new Date().toISOString(),
        seen: ['child'],
        checklist: { childSafe: false },
      },
    });
    expect(visit.status).toBe(201);
    await supervisor
      .getByRole('link', {
        name:
          before + 1 === 1
            ? '1 open warning on the children’s register'
            : `${before + 1} open warnings on the children’s register`,
      })
      .waitFor({ timeout: 10_000 });
    expect(frames.some((f) => f.includes('warning.created'))).toBe(true);
    expect(reloads).toBe(0);
  });
});
