import { describe, expect, it } from 'vitest';
import { childReportLinks } from '../backend/src/db/schema.js';
import { DEMO_PASSWORD } from '../backend/test/server.js';
import { TEST_DB_KIND } from '../backend/test/db.js';
import { fileReport } from '../backend/test/cases.js';
import { request } from '../backend/test/http.js';
import { serverAndBrowser, signIn } from './support/browser.js';
import { registerChild, SHINAN } from './support/phone.js';

describe(`an operator opens a child's file from a case, in Chromium (${TEST_DB_KIND})`, () => {
  const env = serverAndBrowser();

  it('follows the case panel’s link to the file, read only, and back to the case', async () => {
    const director = await env.server.login('director');
    const child = await registerChild(env.server.url, director);
    const filed = await fileReport(env.server);
    await env.server.database.db
      .insert(childReportLinks)
      .values({ childId: child.id, reportId: filed.reportId, source: 'match' });

    const page = await (await env.browser.newContext({ locale: 'en-GB' })).newPage();
    await signIn(page, env.server.url, 'operator', DEMO_PASSWORD);
    await page.goto(`${env.server.url}/cases/${filed.caseId}`);
    const panel = page.getByRole('region', { name: 'Child on the register' });
    await panel.getByRole('link', { name: `Open ${child.name}’s file` }).click();

    await page.waitForURL(new RegExp(`/children/${child.id}\\?case=${filed.caseId}$`));
    await page.getByRole('heading', { name: new RegExp(child.name) }).waitFor();
    await page.getByText('Opened from a case: read only').waitFor();
    expect(await page.getByRole('button', { name: 'Edit' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Record a visit' }).count()).toBe(0);
    // Nobody holds the case yet: no call through it (the API would refuse one).
    expect(await page.getByRole('button', { name: 'Call' }).count()).toBe(0);

    // The operator claims it: now the call is theirs to make, through the case.
    const claim = await request(env.server.url, `/api/cases/${filed.caseId}/claim`, {
      method: 'POST',
      cookie: await env.server.login('operator'),
    });
    expect(claim.status).toBe(200);
    await page.reload();
    await page.getByRole('button', { name: 'Call' }).waitFor();
    expect(await page.getByRole('button', { name: 'Call' }).count()).toBe(1);

    await page.getByRole('link', { name: '‹ Back to the case' }).click();
    await page.waitForURL(new RegExp(`/cases/${filed.caseId}$`));
    await panel.waitFor();
  });

  it('shows the file once the assessment names the child a report without a name was about, live on another console too', async () => {
    const director = await env.server.login('director');
    const child = await registerChild(env.server.url, director);
    const age = new Date().getUTCFullYear() - 2016 - 1;
    // Like a call or an SMS: the report gives the child's age and village, not the name.
    const filed = await fileReport(env.server, {
      children: [{ sex: 'female', age }],
      location: { regionCode: SHINAN },
    });
    const claim = await request(env.server.url, `/api/cases/${filed.caseId}/claim`, {
      method: 'POST',
      cookie: await env.server.login('operator'),
    });
    expect(claim.status).toBe(200);

    // A supervisor has the case open on another console.
    const watcher = await (await env.browser.newContext({ locale: 'en-GB' })).newPage();
    await signIn(watcher, env.server.url, 'supervisor', DEMO_PASSWORD);
    await watcher.goto(`${env.server.url}/cases/${filed.caseId}`);
    await watcher.getByRole('heading', { name: 'Assessment' }).waitFor();

    const page = await (await env.browser.newContext({ locale: 'en-GB' })).newPage();
    await signIn(page, env.server.url, 'operator', DEMO_PASSWORD);
    await page.goto(`${env.server.url}/cases/${filed.caseId}`);
    await page.getByRole('heading', { name: 'Assessment' }).waitFor();
    const panel = page.getByRole('region', { name: 'Child on the register' });
    expect(await panel.count()).toBe(0);
    // The form starts from the report's child; the operator adds the name they were told.
    await page.getByLabel('Name', { exact: true }).fill(child.name);
    await page.getByText('All changes saved').waitFor({ timeout: 15_000 });
    await panel.getByRole('link', { name: `Open ${child.name}’s file` }).waitFor();
    await watcher
      .getByRole('region', { name: 'Child on the register' })
      .getByRole('link', { name: `Open ${child.name}’s file` })
      .waitFor();

    await panel.getByRole('link', { name: `Open ${child.name}’s file` }).click();
    await page.waitForURL(new RegExp(`/children/${child.id}\\?case=${filed.caseId}$`));
    await page.getByText('Opened from a case: read only').waitFor();
  });
});
