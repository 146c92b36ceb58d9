import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { reports } from '../backend/src/db/schema.js';
import { DEMO_PASSWORD } from '../backend/test/server.js';
import { demoCentres } from '../backend/test/fixtures.js';
import { TEST_DB_KIND } from '../backend/test/db.js';
import { eventually, request } from '../backend/test/http.js';
import { buildReport } from '../backend/test/factories.js';
import { serverAndBrowser, signIn } from './support/browser.js';

describe(`the centre and the hotline work a referral together in Chromium (${TEST_DB_KIND})`, () => {
  const env = serverAndBrowser();

  // A long walk through two consoles; each step waits at most 30 s so a failure names its step.
  it(
    'messages go both ways and the outcome reaches the operator’s open case, all without a reload',
    { timeout: 300_000 },
    async () => {
      // A case in Tianhe district, claimed by the operator and referred to the city centre.
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
      const { cityId } = await demoCentres(env.server);
      const referred = await request(env.server.url, `/api/cases/${caseId}/referrals`, {
        body: { centreId: cityId, note: '请尽快上门核实' },
        cookie: operatorCookie,
      });
      expect(referred.status).toBe(201);
      const referralId = referred.body.id as string;

      // The duty officer sees who they are and for which centre, and the referral with its facts.
      const centre = await (await env.browser.newContext({ locale: 'en' })).newPage();
      centre.setDefaultTimeout(30_000);
      await signIn(centre, env.server.url, 'centre', DEMO_PASSWORD);
      await centre.getByRole('heading', { name: 'Referrals to your centre' }).waitFor();
      await centre.getByText('救助中心 赵强 · 广州市未成年人救助保护中心').waitFor();
      const row = centre.getByRole('row').filter({ hasText: reference });
      await row.waitFor();
      expect(await row.textContent()).toMatch(/Waiting for acknowledgement/);
      await row.getByRole('link', { name: reference }).click();
      await centre.getByRole('heading', { name: `Referral for case ${reference}` }).waitFor();
      await centre.getByRole('button', { name: 'Acknowledge' }).click();
      await centre.getByRole('button', { name: 'Accept' }).click();
      await centre.getByRole('button', { name: 'On our way' }).waitFor();
      // The workspace's timeline says each move in words.
      await centre.getByText('Status: Acknowledged → Accepted').waitFor();
      let centreReloads = 0;
      centre.on('load', () => centreReloads++);

      // The operator has the case open.
      const operator = await (await env.browser.newContext({ locale: 'en' })).newPage();
      operator.setDefaultTimeout(30_000);
      await signIn(operator, env.server.url, 'operator', DEMO_PASSWORD);
      await operator.goto(`${env.server.url}/cases/${caseId}`);
      await operator.getByRole('heading', { name: `Case ${reference}` }).waitFor();
      const panel = operator.getByTestId('referral');
      await panel.getByText('No messages yet.').waitFor();
      let operatorReloads = 0;
      operator.on('load', () => operatorReloads++);

      // The centre writes; the operator's open case shows it.
      await centre.getByLabel('Message to the hotline').fill('已到达现场，孩子由姑姑照看');
      await centre.getByRole('button', { name: 'Send message' }).click();
      await panel
        .getByRole('log')
        .getByText('已到达现场，孩子由姑姑照看')
        .waitFor({ timeout: 30_000 });

      // The operator replies; the centre's open referral shows it.
      await panel.getByLabel('Message to 广州市未成年人救助保护中心').fill('收到，请拍下安置记录');
      await panel.getByRole('button', { name: 'Send message' }).click();
      await centre.getByRole('log').getByText('收到，请拍下安置记录').waitFor({ timeout: 30_000 });

      // The centre records the outcome; the operator's case shows it with its notes.
      await centre.getByRole('button', { name: 'Record outcome…' }).click();
      const form = centre.getByRole('form', { name: 'What was done' });
      await form.getByLabel('Child seen').check();
      await form.getByLabel('Placed with relatives').check();
      await form.getByLabel('Notes').fill('姑姑接走并签字');
      await form.getByRole('button', { name: 'Complete referral' }).click();
      await centre.getByText('Completed', { exact: true }).first().waitFor();
      await panel.getByText(/姑姑接走并签字/).waitFor({ timeout: 30_000 });
      expect(await panel.textContent()).toMatch(/Completed/);
      // The conversation closes with the referral, on both sides.
      await panel
        .getByText('This referral has ended; no more messages can be sent on it.')
        .waitFor();

      expect(operatorReloads).toBe(0);
      expect(centreReloads).toBe(0);
      const conversation = await request(env.server.url, `/api/referrals/${referralId}/messages`, {
        cookie: operatorCookie,
      });
      expect(conversation.body.messages.map((m: { side: string }) => m.side)).toEqual([
        'centre',
        'hotline',
      ]);
    },
  );
});
