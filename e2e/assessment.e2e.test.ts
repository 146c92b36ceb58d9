import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../backend/test/server.js';
import { TEST_DB_KIND } from '../backend/test/db.js';
import { eventually, request } from '../backend/test/http.js';
import { buildReport } from '../backend/test/factories.js';
import { launchBrowser, signIn } from './support/browser.js';

describe(`assessing a case end to end in Chromium (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    // HUTONG_CONSOLE_DIR lets a developer test a console built elsewhere; npm test builds dist.
    const consoleDir = process.env.HUTONG_CONSOLE_DIR;
    server = await startTestServer(consoleDir ? { env: { HUTONG_CONSOLE_DIR: consoleDir } } : {});
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('claims, assesses (autosaved), raises the risk, notes, dispatches — and it all persists', async () => {
    const created = await request(server.url, '/api/reports', {
      body: buildReport({ categories: ['bullying'], children: [{ age: 9 }] }),
    });
    expect(created.status).toBe(201);
    const reference = created.body.reference as string;

    const page = await (await browser.newContext({ locale: 'en' })).newPage();
    await signIn(page, server.url, 'operator', DEMO_PASSWORD);
    // It reaches the live queue; the operator opens it (Enter on the row opens the case).
    const row = page.getByRole('row').filter({ hasText: reference });
    await row.waitFor({ timeout: 10_000 });
    await row.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Case ${reference}` }).waitFor();

    await page.getByRole('button', { name: 'Claim this case' }).click();
    await page.getByText('You hold this case.').waitFor();

    // The assessment, as the operator hears it on the phone: the report's child (aged 9) is
    // already there, taken from the report, and the operator adds her name.
    expect(await page.getByLabel('Age (years)').inputValue()).toBe('9');
    await page.getByLabel('Name', { exact: true }).fill('李小红');
    await page.getByLabel('Age (years)').fill('9');
    await page.getByLabel('Left-behind child').check();
    await page.getByLabel('The suspected person can reach the child now').check();
    await page
      .getByLabel('Guardianship', { exact: true })
      .selectOption('grandparents_or_relatives');
    await page.getByText('All changes saved').waitFor({ timeout: 10_000 });

    // Recomputed from the checklist: red, with the reason in plain words.
    await page
      .getByText('Risk noted: The suspected person can reach the child now')
      .first()
      .waitFor();
    const summary = page.locator('.case-summary');
    await expect.poll(() => summary.textContent()).toMatch(/P1/);

    await page.getByLabel('Note', { exact: true }).fill('已联系班主任，明早家访');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByText('Note: 已联系班主任，明早家访').waitFor();

    await page.getByRole('button', { name: 'Move to “Dispatched”' }).click();
    await page.locator('.timeline').getByText('Being assessed → Dispatched').waitFor();

    // A fresh load shows what the server kept.
    await page.reload();
    await page.getByRole('heading', { name: `Case ${reference}` }).waitFor();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('李小红');
    expect(await page.getByLabel('Left-behind child').isChecked()).toBe(true);
    const caseId = new URL(page.url()).pathname.split('/').at(-1)!;
    const detail = await eventually(async () => {
      const res = await request(server.url, `/api/cases/${caseId}`, {
        cookie: await server.login('supervisor'),
      });
      return res.body.status === 'dispatched' ? res.body : undefined;
    });
    expect(detail).toMatchObject({
      priority: 'P1',
      assessment: { circumstances: ['left_behind'], risks: ['suspect_has_access'] },
    });
    await page
      .screenshot({ path: 'node_modules/.cache/hutong-e2e-assessment.png', fullPage: true })
      .catch(() => undefined);
  });
});
