import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../backend/test/server.js';
import { TEST_DB_KIND } from '../backend/test/db.js';
import { request } from '../backend/test/http.js';
import { claimedCase } from '../backend/test/cases.js';
import { serverAndBrowser, signIn } from './support/browser.js';

describe(`the printable record for police in Chromium (${TEST_DB_KIND})`, () => {
  const env = serverAndBrowser();

  it('opens from the case in Chinese: local times, labels, no JSON and no codes', async () => {
    // A claimed case with an assessment: guardianship, a suspect, and the police told at a
    // known moment, 2026-12-02 00:55 UTC, which is 08:55 the same day in Shanghai.
    const operator = await env.server.login('operator');
    const filed = await claimedCase(env.server, operator, { categories: ['violence_injury'] });
    const saved = await request(env.server.url, `/api/cases/${filed.caseId}`, {
      method: 'PATCH',
      cookie: operator,
      body: {
        version: filed.version,
        assessment: {
          categories: ['violence_injury'],
          guardianship: 'grandparents_or_relatives',
          suspects: [{ relationship: 'step_parent', livesWithChild: true }],
          police: { notified: true, at: '2026-12-02T00:55:00.000Z' },
        },
      },
    });
    expect(saved.status).toBe(200);

    const context = await env.browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await signIn(page, env.server.url, 'supervisor', DEMO_PASSWORD);
    await page.goto(`${env.server.url}/cases/${filed.caseId}`);
    const [printable] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('link', { name: '打印版页面（在新标签页打开）' }).click(),
    ]);
    await printable.waitForLoadState();
    expect(new URL(printable.url()).searchParams.get('lang')).toBe('zh-CN');
    const text = await printable.locator('body').innerText();

    expect(text).toContain('2026年12月2日 08:55');
    expect(text).toContain('祖辈或其他亲属');
    expect(text).toContain('继父母');
    expect(text).toContain('评估中');
    expect(text).not.toMatch(/[{}]/);
    for (const code of [
      'grandparents_or_relatives',
      'step_parent',
      'triaging',
      'violence_injury',
      'case_opened',
    ]) {
      expect(text).not.toContain(code);
    }
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
    await context.close();
  });
});
