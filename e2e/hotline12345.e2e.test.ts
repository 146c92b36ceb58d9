import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { reports } from '../backend/src/db/schema.js';
import { ensure12345Key } from '../backend/src/features/hotline12345/simulator/demo.js';
import { Hotline12345Simulator } from '../backend/src/features/hotline12345/simulator/simulator.js';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../backend/test/server.js';
import { TEST_DB_KIND } from '../backend/test/db.js';
import { eventually, request } from '../backend/test/http.js';
import { launchBrowser, signIn } from './support/browser.js';

/**
 * The case's 12345 panel in Chromium, with a 12345 simulator on the other side that checks every
 * signature: what 12345 sends (urges, the caller's rating) reaches the open panel without a
 * reload, and what the holder sends from it (a progress reply, a return) reaches 12345.
 */
describe(`the 12345 work-order panel in Chromium (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let browser: Browser;
  let sim: Hotline12345Simulator;
  let operatorCookie: string;
  let n = 0;
  const orderNumber = () => `E${Date.now()}${++n}`;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    const { key } = await ensure12345Key(server.database.db);
    sim = await Hotline12345Simulator.start({
      hutongUrl: server.url,
      apiKey: key,
      secret: server.hutong.ctx.config.hotline12345.secret,
    });
    server.hutong.ctx.config.hotline12345.url = sim.feedbackUrl;
    operatorCookie = await server.login('operator');
  });
  afterAll(async () => {
    await browser?.close();
    await sim?.stop();
    await server?.stop();
  });

  /** An order sent by 12345, triaged into a case the operator holds. */
  async function claimedOrder(content: string) {
    const number = orderNumber();
    const sent = await sim.sendOrder({
      orderNumber: number,
      content,
      region: '广东省广州市天河区',
      caller: { name: '王女士', phone: '13800138000' },
    });
    expect(sent.status).toBe(201);
    const { reference } = sent.body as { reference: string };
    const caseId = await eventually(async () => {
      const [row] = await server.database.db
        .select({ caseId: reports.caseId })
        .from(reports)
        .where(eq(reports.reference, reference));
      return row?.caseId ?? undefined;
    });
    const claim = await request(server.url, `/api/cases/${caseId}/claim`, {
      method: 'POST',
      cookie: operatorCookie,
    });
    expect(claim.status).toBe(200);
    await eventually(() => sim.stepsOf(number).some((s) => s.step === 'signed'));
    return { number, reference, caseId };
  }

  async function openCase(caseId: string, reference: string) {
    const page = await (await browser.newContext({ locale: 'en' })).newPage();
    await signIn(page, server.url, 'operator', DEMO_PASSWORD);
    await page.goto(`${server.url}/cases/${caseId}`);
    await page.getByRole('heading', { name: `Case ${reference}` }).waitFor();
    const panel = page.getByTestId('hotline12345-panel');
    await panel.getByRole('heading', { name: '12345 work order' }).waitFor();
    let reloads = 0;
    page.on('load', () => reloads++);
    return { page, panel, reloads: () => reloads };
  }

  it('shows the order, takes urges and the rating live, and sends a progress reply to 12345', async () => {
    const { number, reference, caseId } = await claimedOrder('来电人反映邻居家孩子经常被打骂。');
    const { panel, reloads } = await openCase(caseId, reference);

    await panel.getByText(number).waitFor();
    const state = (name: string) => panel.getByRole('definition').filter({ hasText: name });
    await state('Signed for').waitFor();
    await state('Not urged').waitFor();
    // What the caller told 12345 about themselves is not shown in the panel.
    expect(await panel.textContent()).not.toContain('13800138000');

    // 12345 urges (督办): the open panel shows it, no reload.
    expect((await sim.urge(number, { comment: '请尽快办理' })).status).toBe(200);
    await panel.getByText('once').waitFor({ timeout: 15_000 });
    await panel.getByText(/请尽快办理/).waitFor();

    // The holder replies with progress from the panel; 12345 receives it, signed.
    await panel.getByLabel('Progress reply to 12345').fill('已联系社区网格员上门了解情况。');
    await panel.getByRole('button', { name: 'Send reply' }).click();
    await panel.getByRole('status').filter({ hasText: 'Reply queued for 12345.' }).waitFor();
    await eventually(() =>
      sim
        .stepsOf(number)
        .some((s) => s.step === 'progress' && s.text === '已联系社区网格员上门了解情况。'),
    );
    // …and the panel lists it as answered by 12345.
    await panel.getByText(/已联系社区网格员上门了解情况。.*answered/).waitFor({ timeout: 15_000 });

    // The caller's rating (回访评价) reaches the open panel.
    expect((await sim.rate(number, { satisfaction: 'satisfied', comment: '很及时' })).status).toBe(
      200,
    );
    await panel.getByText(/很及时/).waitFor({ timeout: 15_000 });
    expect(await panel.textContent()).not.toContain('Not rated yet');
    expect(reloads()).toBe(0);
  });

  it('returns an order that is not a child-protection matter, with its reason, and closes the case', async () => {
    const { number, reference, caseId } = await claimedOrder('来电人咨询孩子社保卡如何办理。');
    const { panel, page } = await openCase(caseId, reference);

    await panel.getByRole('button', { name: 'Return to 12345…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Return this order to 12345' });
    await dialog.waitFor();
    // Without a reason nothing is sent.
    await dialog.getByRole('button', { name: 'Return to 12345' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Write something first.' }).waitFor();
    expect(sim.stepsOf(number).map((s) => s.step)).toEqual(['signed']);

    await dialog.getByLabel('Reason for returning').fill('非儿童保护事项，请转社保部门');
    await dialog.getByRole('button', { name: 'Return to 12345' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await panel
      .getByRole('definition')
      .filter({ hasText: /^Returned$/ })
      .waitFor();
    await panel.getByText('非儿童保护事项，请转社保部门').first().waitFor();
    // No more actions on a returned order.
    expect(await panel.getByRole('button', { name: 'Send reply' }).count()).toBe(0);

    await eventually(() => sim.stepsOf(number).some((s) => s.step === 'returned'));
    const returned = sim.stepsOf(number).find((s) => s.step === 'returned')!;
    expect(returned.text).toBe('非儿童保护事项，请转社保部门');
    const detail = await request(server.url, `/api/cases/${caseId}`, { cookie: operatorCookie });
    expect(detail.body.status).toBe('closed_no_action');
  });
});
