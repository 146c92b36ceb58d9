import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { TCentreSuggestions, TReferral } from '@hutong/shared';
import { reports } from '../backend/src/db/schema.js';
import { DEMO_PASSWORD } from '../backend/test/server.js';
import { TEST_DB_KIND } from '../backend/test/db.js';
import { eventually, request } from '../backend/test/http.js';
import { buildReport } from '../backend/test/factories.js';
import { serverAndBrowser, signIn } from './support/browser.js';

describe(`dispatch to a rescue centre's inbox in Chromium (${TEST_DB_KIND})`, () => {
  const env = serverAndBrowser();

  it('a referral reaches the centre inbox live, and its acknowledgement the operator live', async () => {
    // A case in Tianhe district, Guangzhou (under 440100), claimed by the operator.
    const created = await request(env.server.url, '/api/reports', {
      body: buildReport({ location: { regionCode: '440106001001', address: '五山路1号' } }),
    });
    expect(created.status).toBe(201);
    const reference = created.body.reference as string;
    const caseId = await eventually(async () => {
      const [row] = await env.server.database.db
        .select({ caseId: reports.caseId })
        .from(reports)
        .where(eq(reports.id, created.body.id as string));
      return row?.caseId ?? undefined;
    });
    const operatorCookie = await env.server.login('operator');
    const claim = await request(env.server.url, `/api/cases/${caseId}/claim`, {
      method: 'POST',
      cookie: operatorCookie,
    });
    expect(claim.status).toBe(200);

    // The centre's duty officer has the inbox open; signing in lands there.
    const centre = await (await env.browser.newContext({ locale: 'en' })).newPage();
    await signIn(centre, env.server.url, 'centre', DEMO_PASSWORD);
    await centre.getByRole('heading', { name: 'Referrals to your centre' }).waitFor();
    expect(new URL(centre.url()).pathname).toBe('/inbox');
    let centreReloads = 0;
    centre.on('load', () => centreReloads++);

    // The operator has the case open.
    const operator = await (await env.browser.newContext({ locale: 'en' })).newPage();
    await signIn(operator, env.server.url, 'operator', DEMO_PASSWORD);
    await operator.goto(`${env.server.url}/cases/${caseId}`);
    await operator.getByRole('heading', { name: `Case ${reference}` }).waitFor();
    let operatorReloads = 0;
    operator.on('load', () => operatorReloads++);

    // The case view has no referral panel yet (CasePage belongs to another engineer), so the
    // referral is made through the API, to the centre the suggestions put first.
    const suggestions = await request(env.server.url, `/api/cases/${caseId}/centre-suggestions`, {
      cookie: operatorCookie,
    });
    const first = (suggestions.body as TCentreSuggestions).suggestions[0]!;
    expect(first.reason).toBe('jurisdiction');
    expect(first.centre.name).toBe('广州市未成年人救助保护中心');
    const referral = await request(env.server.url, `/api/cases/${caseId}/referrals`, {
      body: { centreId: first.centre.id, note: '请尽快上门核实' },
      cookie: operatorCookie,
    });
    expect(referral.status).toBe(201);

    // It reaches the open inbox by itself, waiting for acknowledgement with a countdown.
    const row = centre.getByRole('row').filter({ hasText: reference });
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toMatch(/Waiting for acknowledgement.*left/);
    expect(centreReloads).toBe(0);

    // The centre opens it, sees where to go (never the reporter), and acknowledges.
    await row.getByRole('link', { name: reference }).click();
    await centre.getByRole('heading', { name: `Referral for case ${reference}` }).waitFor();
    await centre.getByText('五山路1号').waitFor();
    expect(await centre.locator('main').textContent()).not.toContain('张老师');
    await centre.getByRole('button', { name: 'Acknowledge' }).click();
    await centre.getByRole('button', { name: 'Accept' }).waitFor();

    // The acknowledgement reaches the operator's open case view: its timeline, live.
    await operator
      .locator('.timeline')
      .getByText('Referral status changed')
      .waitFor({ timeout: 10_000 });
    expect(operatorReloads).toBe(0);
    const list = await request(env.server.url, `/api/cases/${caseId}/referrals`, {
      cookie: operatorCookie,
    });
    const [only] = (list.body as { referrals: TReferral[] }).referrals;
    expect(only?.status).toBe('acknowledged');
    expect(only?.acknowledgedVia).toBe('console');
  });
});
