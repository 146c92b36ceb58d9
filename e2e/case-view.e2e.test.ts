import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { reports } from '../backend/src/db/schema.js';
import { DEMO_PASSWORD } from '../backend/test/server.js';
import { TEST_DB_KIND } from '../backend/test/db.js';
import { eventually, request } from '../backend/test/http.js';
import { buildReport } from '../backend/test/factories.js';
import { serverAndBrowser, signIn } from './support/browser.js';

describe(`the two-pane case view in Chromium (${TEST_DB_KIND})`, () => {
  const env = serverAndBrowser();

  /** Files a report and waits until triage has put it in a case. */
  async function caseOf(body: Parameters<typeof buildReport>[0]) {
    const created = await request(env.server.url, '/api/reports', { body: buildReport(body) });
    expect(created.status).toBe(201);
    const caseId = await eventually(async () => {
      const [row] = await env.server.database.db
        .select({ caseId: reports.caseId })
        .from(reports)
        .where(eq(reports.id, created.body.id as string));
      return row?.caseId ?? undefined;
    });
    return { caseId, reference: created.body.reference as string };
  }

  it('at 1440×900 shows what was reported beside the assessment, the children already filled in', async () => {
    const narrative = '孩子身上多处淤青，说是在家里被打的。今天放学后不敢回家。';
    const { caseId, reference } = await caseOf({
      children: [
        { name: '王小芳', sex: 'female', age: 7 },
        { name: '王小军', sex: 'male', age: 4 },
      ],
      immediateDanger: true,
      narrative,
    });
    const context = await env.browser.newContext({
      locale: 'en',
      viewport: { width: 1440, height: 900 },
    });
    const page = await context.newPage();
    await signIn(page, env.server.url, 'operator', DEMO_PASSWORD);
    await page.goto(`${env.server.url}/cases/${caseId}`);
    await page.getByRole('heading', { name: `Case ${reference}` }).waitFor();
    await page.getByRole('button', { name: 'Claim this case' }).click();
    await page.getByText('You hold this case.').waitFor();

    // Side by side: the narrative on the left, the assessment on the right, both on the first
    // screen without scrolling.
    const said = page.locator('.narrative').filter({ hasText: narrative });
    const assessment = page.getByRole('heading', { name: 'Assessment', exact: true });
    await said.waitFor();
    await assessment.waitFor();
    const left = (await said.boundingBox())!;
    const right = (await assessment.boundingBox())!;
    expect(left.x + left.width).toBeLessThanOrEqual(right.x);
    expect(left.y).toBeLessThan(900);
    expect(right.y).toBeLessThan(900);

    // The report's children and "in danger now" carried over, waiting to be confirmed.
    const names = page.getByLabel('Name', { exact: true });
    await expect.poll(() => names.count()).toBe(2);
    expect(await names.nth(0).inputValue()).toBe('王小芳');
    expect(await names.nth(1).inputValue()).toBe('王小军');
    expect(await page.getByLabel('Sex').nth(0).inputValue()).toBe('female');
    expect(await page.getByLabel('Age (years)').nth(1).inputValue()).toBe('4');
    expect(await page.getByLabel('The child is in danger right now').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Confirm and save' }).click();
    await page.getByText('All changes saved').waitFor({ timeout: 10_000 });
    const saved = await eventually(async () => {
      const res = await request(env.server.url, `/api/cases/${caseId}`, {
        cookie: await env.server.login('supervisor'),
      });
      return res.body.assessment?.children ? res.body : undefined;
    });
    expect(saved.assessment).toMatchObject({
      children: [
        { name: '王小芳', sex: 'female', age: 7 },
        { name: '王小军', sex: 'male', age: 4 },
      ],
      risks: ['immediate_danger'],
    });

    // The summary bar stays at the top while the page scrolls; its refer button goes to the
    // referral panel.
    await page.mouse.wheel(0, 2500);
    await expect
      .poll(async () => (await page.locator('.case-summary').boundingBox())?.y)
      .toBeLessThan(5);
    await page.getByRole('button', { name: 'Refer…' }).click();
    const focused = page.locator('#case-referrals :focus');
    await expect.poll(() => focused.count()).toBe(1);
    // …and shows it below the bar, not beneath it.
    const bar = (await page.locator('.case-summary').boundingBox())!;
    const focusedTop = (await focused.boundingBox())!.y;
    expect(focusedTop).toBeGreaterThanOrEqual(bar.y + bar.height);
    expect(focusedTop).toBeLessThan(900);
    await page
      .screenshot({ path: 'node_modules/.cache/hutong-e2e-case-view.png' })
      .catch(() => undefined);
    await context.close();
  });

  it('at 390×844 puts what was reported first, then the assessment, in one column', async () => {
    const { caseId, reference } = await caseOf({ narrative: '邻居说孩子一个人在家三天了。' });
    const context = await env.browser.newContext({
      locale: 'en',
      viewport: { width: 390, height: 844 },
    });
    const page = await context.newPage();
    await signIn(page, env.server.url, 'operator', DEMO_PASSWORD);
    await page.goto(`${env.server.url}/cases/${caseId}`);
    await page.getByRole('heading', { name: `Case ${reference}` }).waitFor();
    const said = (await page.locator('.narrative').first().boundingBox())!;
    const assessment = (await page
      .getByRole('heading', { name: 'Assessment', exact: true })
      .boundingBox())!;
    expect(said.y + said.height).toBeLessThanOrEqual(assessment.y);
    expect(said.x + said.width).toBeLessThanOrEqual(390);
    // Nothing runs off the side of the phone.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      390,
    );
    await context.close();
  });
});
