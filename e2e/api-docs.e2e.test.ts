import { describe, expect, it } from 'vitest';
import { serverAndBrowser } from './support/browser.js';

describe('the partners’ API reference in a real browser', () => {
  const env = serverAndBrowser();

  it('renders /api/docs from the package under the content security policy', async () => {
    const page = await env.browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    const external: string[] = [];
    page.on('request', (req) => {
      if (!req.url().startsWith(env.server.url) && !req.url().startsWith('data:')) {
        external.push(req.url());
      }
    });
    await page.goto(`${env.server.url}/api/docs`);
    await page.getByRole('heading', { name: /Hutong \(护童\) API/ }).waitFor();
    await page.getByText('File a report (报告)', { exact: false }).first().waitFor();
    expect(problems).toEqual([]);
    expect(external).toEqual([]);
    await page.close();
  });
});
