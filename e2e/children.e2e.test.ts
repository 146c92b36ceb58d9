import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../backend/test/server.js';
import { TEST_DB_KIND } from '../backend/test/db.js';
import { serverAndBrowser, signIn } from './support/browser.js';

/** Nothing wider than the phone's screen (no sideways scrolling). */
async function fitsTheScreen(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');
}

describe(`a village director's register on a phone, in Chromium (${TEST_DB_KIND})`, () => {
  const env = serverAndBrowser();

  it('registers a child, records a visit, and sees the risk it gives with its reasons', async () => {
    const context = await env.browser.newContext({
      locale: 'en-GB',
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await signIn(page, env.server.url, 'director', DEMO_PASSWORD);
    // The register is a director's start page.
    await page.getByRole('heading', { name: 'Children register' }).waitFor();
    await page.getByText('Nobody is on the register yet').waitFor();
    expect(await fitsTheScreen(page)).toBe(true);

    await page.getByRole('link', { name: 'Register a child' }).click();
    await page.getByRole('heading', { name: 'Register a child' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('李小红');
    await page.getByText('Girl', { exact: true }).click();
    await page.getByLabel('Date of birth', { exact: true }).fill('2016-03-01');
    await page.getByLabel('Date of birth', { exact: true }).press('Enter');
    await page.getByLabel('Village or community').click();
    await page.getByLabel('Village or community').fill('石南');
    await page.locator('.ant-select-item-option', { hasText: '石南村' }).click();
    await page.getByLabel('Left-behind child').check();
    await page.getByLabel('Relation').click();
    await page.locator('.ant-select-item-option', { hasText: 'Grandparent' }).click();
    await page.getByLabel('Guardian’s name').fill('李奶奶');
    await page.getByLabel('Phone', { exact: true }).fill('13800000001');
    expect(await fitsTheScreen(page)).toBe(true);
    await page.getByRole('button', { name: 'Register', exact: true }).click();

    // The file: not yet visited, so medium, and why.
    await page.getByRole('heading', { name: /李小红/ }).waitFor();
    const risk = page.locator('.children__risk');
    await risk.getByText('Medium risk', { exact: true }).waitFor();
    await risk.getByText('Not yet visited (medium risk)').waitFor();
    await page.getByText('李奶奶').waitFor();
    expect(await fitsTheScreen(page)).toBe(true);

    await page.getByRole('link', { name: 'Record a visit' }).click();
    await page.getByRole('heading', { name: 'Record a visit' }).waitFor();
    await page.locator('[data-item="childSafe"]').getByLabel('Yes', { exact: true }).check();
    await page.locator('[data-item="noInjurySigns"]').getByLabel('No', { exact: true }).check();
    await page.getByLabel('Notes').fill('手臂有淤青');
    expect(await fitsTheScreen(page)).toBe(true);
    await page.getByRole('button', { name: 'Save the visit' }).click();

    // Back on the file: high, because of what the visit saw; the visit is listed.
    await risk.getByText('High risk', { exact: true }).waitFor();
    await risk.getByText('Signs of injury (high risk)').waitFor();
    await page.getByText('Concerns: Signs of injury').waitFor();
    await page.getByText('手臂有淤青').waitFor();

    // The register shows the child at the new level.
    await page.getByRole('link', { name: '‹ Register' }).click();
    const row = page.locator('[data-child]', { hasText: '李小红' });
    await row.locator('[data-risk="high"]').waitFor();
    await context.close();
  });

  it("sets the register's filters out in one row on a desk (1440×900), in one column on a phone", async () => {
    const tops = async (viewport: { width: number; height: number }) => {
      const context = await env.browser.newContext({ locale: 'en-GB', viewport });
      const page = await context.newPage();
      await signIn(page, env.server.url, 'director', DEMO_PASSWORD);
      await page.getByRole('heading', { name: 'Children register' }).waitFor();
      const filters = page.getByRole('form', { name: 'Search' });
      const boxes = await Promise.all(
        ['Full name', 'Category', 'Risk'].map(async (name) =>
          filters.getByText(name, { exact: true }).boundingBox(),
        ),
      );
      await context.close();
      return boxes.map((box) => Math.round(box!.y));
    };
    const desk = await tops({ width: 1440, height: 900 });
    expect(new Set(desk).size, `label tops ${desk.join(', ')}`).toBe(1);
    const phone = await tops({ width: 390, height: 844 });
    expect(phone[0]! < phone[1]! && phone[1]! < phone[2]!, `label tops ${phone.join(', ')}`).toBe(
      true,
    );
  });
});
