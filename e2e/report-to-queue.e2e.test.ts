import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../backend/test/server.js';
import { TEST_DB_KIND } from '../backend/test/db.js';
import { serverAndBrowser, signIn } from './support/browser.js';

describe(`report to operator queue in Chromium (${TEST_DB_KIND})`, () => {
  const env = serverAndBrowser();

  it('shows a report submitted on /report in an open operator queue, without a reload', async () => {
    // The operator's console, open and live before the report exists.
    const operator = await (await env.browser.newContext({ locale: 'zh-CN' })).newPage();
    await signIn(operator, env.server.url, 'operator', DEMO_PASSWORD);
    await operator
      .getByRole('table')
      .or(operator.getByText(/暂无|没有/))
      .first()
      .waitFor();
    let reloads = 0;
    operator.on('load', () => reloads++);

    // A teacher, in another browser context, on the public form.
    const reporter = await (await env.browser.newContext({ locale: 'zh-CN' })).newPage();
    await reporter.goto(`${env.server.url}/report`);
    // The form says first what to do when a child is in danger now.
    await reporter.getByText(/110/).first().waitFor();
    await reporter.locator('input[name=categories][value=violence_injury]').check();
    await reporter.locator('input[name=immediateDanger][value=yes]').check();
    await reporter.locator('#report-children-0-age').fill('7');
    await reporter.locator('#report-narrative').fill('孩子手臂上有多处淤青，今天没来上学。');
    await reporter.locator('button[type=submit]').click();
    const reference = (await reporter.getByTestId('report-reference').textContent())?.trim();
    expect(reference).toMatch(/^HT-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    // It appears in the operator's queue by itself, as P1 (immediate danger).
    const row = operator.getByRole('row').filter({ hasText: reference! });
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toMatch(/P1|红/);
    expect(reloads).toBe(0);
    await operator
      .screenshot({ path: 'node_modules/.cache/hutong-e2e-queue.png' })
      .catch(() => undefined);
  });
});
