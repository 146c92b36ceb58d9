import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { cases } from '../backend/src/db/schema.js';
import { DEMO_PASSWORD } from '../backend/test/server.js';
import { claimedCase, fileReport } from '../backend/test/cases.js';
import { TEST_DB_KIND } from '../backend/test/db.js';
import { serverAndBrowser, signIn } from './support/browser.js';

describe(`the operator queue's triage order in Chromium (${TEST_DB_KIND})`, () => {
  const env = serverAndBrowser();

  it('shows an unclaimed P1 past its claim deadline above three claimed P1s, under a one-line calls panel', async () => {
    // Three P1s that colleagues claimed first, then one nobody has claimed, 74 s late.
    const colleague = await env.server.login('operator2');
    const claimed = [];
    for (let i = 0; i < 3; i++) {
      claimed.push(await claimedCase(env.server, colleague, { immediateDanger: true }));
    }
    const late = await fileReport(env.server, { immediateDanger: true });
    await env.server.database.db
      .update(cases)
      .set({ claimDeadline: new Date(Date.now() - 74_000) })
      .where(eq(cases.id, late.caseId));

    const context = await env.browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1440, height: 900 },
    });
    const page = await context.newPage();
    await signIn(page, env.server.url, 'operator', DEMO_PASSWORD);
    const rows = page.locator('table.queue tbody tr');
    await rows.filter({ hasText: late.reference }).waitFor();

    const order = await rows.locator('.queue__reference').allTextContents();
    expect(order).toEqual([late.reference, ...claimed.map((c) => c.reference)]);
    const first = rows.first();
    expect(await first.textContent()).toMatch(/已超时 \d\d:\d\d/);
    expect(await first.textContent()).toContain('报告人表示儿童正处于危险之中');
    expect(await first.getAttribute('class')).toContain('queue__row--overdue');
    await expect.poll(() => page.title()).toMatch(/^\(1\) /);
    expect(
      await page.getByRole('tab').allTextContents(),
      'Mine / Unclaimed / All with counts',
    ).toEqual(['我的 0', '未认领 1', '全部 4']);

    // Nobody is waiting: the calls panel is one line, and every case row is on the first screen.
    const panel = page.locator('section.calls-panel');
    await panel.getByText('无人等待').waitFor();
    const line = await panel.locator('h2').boundingBox();
    expect(line).not.toBeNull();
    // Settled height: under load a list read can still be in flight when the status shows.
    await expect
      .poll(async () => {
        const box = await panel.boundingBox();
        return box!.height < line!.height * 2 + 24 ? 'one line' : await panel.innerText();
      })
      .toBe('one line');
    const lastRow = await rows.last().boundingBox();
    expect(lastRow!.y + lastRow!.height).toBeLessThanOrEqual(900);
    await context.close();
  });
});
