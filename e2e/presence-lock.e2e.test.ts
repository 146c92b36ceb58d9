import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../backend/test/server.js';
import { TEST_DB_KIND } from '../backend/test/db.js';
import { claimedCase } from '../backend/test/cases.js';
import { launchBrowser, signIn } from './support/browser.js';

describe(`two people in one case: the presence lock in Chromium (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    const consoleDir = process.env.HUTONG_CONSOLE_DIR;
    server = await startTestServer(consoleDir ? { env: { HUTONG_CONSOLE_DIR: consoleDir } } : {});
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the supervisor who is editing, live, and keeps the form read-only until they stop', async () => {
    const { caseId, reference } = await claimedCase(server, await server.login('operator'), {
      categories: ['bullying'],
      children: [{ age: 9 }],
    });

    const holder = await (await browser.newContext({ locale: 'en' })).newPage();
    await signIn(holder, server.url, 'operator', DEMO_PASSWORD);
    await holder.goto(`${server.url}/cases/${caseId}`);
    await holder.getByRole('heading', { name: `Case ${reference}` }).waitFor();

    const boss = await (await browser.newContext({ locale: 'en' })).newPage();
    await signIn(boss, server.url, 'supervisor', DEMO_PASSWORD);
    await boss.goto(`${server.url}/cases/${caseId}`);
    await boss.getByRole('heading', { name: `Case ${reference}` }).waitFor();
    // Both see the other, live.
    await boss
      .getByRole('status', { name: 'Also in this case' })
      .getByText('接线员 王芳')
      .waitFor();
    await holder
      .getByRole('status', { name: 'Also in this case' })
      .getByText('值班主任 陈静')
      .waitFor();

    // The holder starts typing: the supervisor's form closes, saying who is in it.
    await holder.getByLabel('Guardianship', { exact: true }).selectOption('one_parent');
    await boss.getByText('接线员 王芳 (editing)').waitFor();
    await boss.getByText(/接线员 王芳 is changing this assessment now/).waitFor();
    expect(await boss.getByLabel('Guardianship', { exact: true }).isDisabled()).toBe(true);
    // The holder's form stays open, and saves.
    await holder.getByText('All changes saved').waitFor({ timeout: 10_000 });
    expect(await holder.getByLabel('Guardianship', { exact: true }).isDisabled()).toBe(false);

    // The holder leaves the case: the supervisor may edit again.
    await holder.close();
    await boss.getByText(/is changing this assessment now/).waitFor({ state: 'detached' });
    expect(await boss.getByLabel('Guardianship', { exact: true }).isDisabled()).toBe(false);
  });
});
