import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../backend/test/server.js';
import { request } from '../backend/test/http.js';
import { buildReport } from '../backend/test/factories.js';
import { TEST_DB_KIND } from '../backend/test/db.js';
import { serverAndBrowser, signIn } from './support/browser.js';

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
});
