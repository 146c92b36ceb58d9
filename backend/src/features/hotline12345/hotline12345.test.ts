import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { REFERENCE_PATTERN, ZCaseHotline12345, ZHotline12345Feedback } from '@hutong/shared';
import {
  caseEvents,
  hotline12345Messages,
  hotline12345Orders,
  orgApiKeys,
  reporterOrgs,
  reports,
} from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { eventually, request } from '../../../test/http.js';
import { TEST_DB_KIND } from '../../../test/db.js';
import { isEncryptedWith } from '../../lib/crypto.js';
import { newApiKey } from '../orgs/api-keys.js';
import { rotate12345Keys } from './commands/rotate-12345-keys.js';
import { ensure12345Key } from './simulator/demo.js';
import { Hotline12345Simulator } from './simulator/simulator.js';
import { fromPartnerFields, toPartnerErrors, toPartnerFields } from './wire.js';

/** The 12345 linkage end to end, through the 12345 simulator (issue 11, part 4). */
describe(`the 12345 linkage (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let sim: Hotline12345Simulator;
  let key: string;
  let operator: string;
  let n = 0;
  const number = () => `T${Date.now()}${++n}`;
  const partner = (path: string, body: unknown, auth = key) =>
    request(server.url, `/api/partners/12345${path}`, {
      body,
      headers: { authorization: `Bearer ${auth}` },
    });

  beforeAll(async () => {
    // Retries in milliseconds, so the test that fails deliveries sees them succeed.
    server = await startTestServer({
      env: { HUTONG_WEBHOOK_RETRY_BASE_MS: '50', HUTONG_WEBHOOK_ATTEMPTS: '6' },
    });
    ({ key } = await ensure12345Key(server.database.db));
    sim = await Hotline12345Simulator.start({
      hutongUrl: server.url,
      apiKey: key,
      secret: server.hutong.ctx.config.hotline12345.secret,
    });
    server.hutong.ctx.config.hotline12345.url = sim.feedbackUrl;
    operator = await server.login('operator');
  });
  afterAll(async () => {
    await sim?.stop();
    await server?.stop();
  });

  async function caseOf(reference: string): Promise<string> {
    return eventually(async () => {
      const [row] = await server.database.db
        .select({ caseId: reports.caseId, channel: reports.channel })
        .from(reports)
        .where(eq(reports.reference, reference));
      return row?.caseId ?? undefined;
    });
  }
  const steps = (orderNumber: string) => sim.stepsOf(orderNumber).map((s) => s.step);
  const panel = async (caseId: string) => {
    const res = await request(server.url, `/api/cases/${caseId}/12345`, { cookie: operator });
    expect(res.status).toBe(200);
    return ZCaseHotline12345.parse(res.body).orders;
  };
  const transition = async (caseId: string, to: string) => {
    const { version } = (await request(server.url, `/api/cases/${caseId}`, { cookie: operator }))
      .body as { version: number };
    const res = await request(server.url, `/api/cases/${caseId}/transition`, {
      body: { to, version },
      cookie: operator,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };

  it('takes an order in, signs for it, is urged, completes it with a caller-fit summary, and keeps the rating', async () => {
    const orderNumber = number();
    const sent = await sim.sendOrder({
      orderNumber,
      content: '来电人反映邻居家孩子经常被打骂，夜里哭喊。',
      region: '广东省广州市天河区',
      caller: { name: '王女士', phone: '13800138000' },
    });
    expect(sent.status).toBe(201);
    const { reference } = sent.body as { reference: string };
    expect(reference).toMatch(REFERENCE_PATTERN);

    // Received on channel 12345 through the normal intake, triaged into a case.
    const caseId = await caseOf(reference);
    const [report] = await server.database.db
      .select()
      .from(reports)
      .where(eq(reports.reference, reference));
    expect(report!.channel).toBe('12345');
    expect(report!.regionCode).toBe('440106');

    // Signed for as soon as it is on the queue.
    await eventually(() => steps(orderNumber).includes('signed'));

    const urged = await sim.urge(orderNumber, { comment: '请尽快办理' });
    expect(urged.status).toBe(200);
    expect(urged.body).toMatchObject({ orderNumber, reference, urges: 1 });
    // A retry of the same urge (same time) is not a second urge.
    const time = new Date().toISOString();
    await sim.urge(orderNumber, { time });
    expect((await sim.urge(orderNumber, { time })).body).toMatchObject({ urges: 2 });
    // The duty board counts the open orders 12345 has urged.
    const board = await request(server.url, '/api/board', {
      cookie: await server.login('supervisor'),
    });
    expect(board.status).toBe(200);
    expect(board.body.hotline12345.urged).toBeGreaterThanOrEqual(1);

    const claim = await request(server.url, `/api/cases/${caseId}/claim`, {
      method: 'POST',
      cookie: operator,
    });
    expect(claim.status).toBe(200);
    const reply = await request(server.url, `/api/cases/${caseId}/12345/reply`, {
      body: { text: '已联系社区网格员上门了解情况。' },
      cookie: operator,
    });
    expect(reply.status).toBe(200);
    await transition(caseId, 'dispatched');
    await transition(caseId, 'in_progress');
    const callback = await request(server.url, `/api/cases/${caseId}/callback`, {
      body: { outcome: 'done' },
      cookie: operator,
    });
    expect(callback.status, JSON.stringify(callback.body)).toBeLessThan(300);
    await transition(caseId, 'resolved');

    await eventually(() => steps(orderNumber).includes('completed'));
    const received = sim.stepsOf(orderNumber);
    expect(received.map((s) => s.step)).toEqual(['signed', 'progress', 'progress', 'completed']);
    expect(received[1]!.text).toBe('已联系社区网格员上门了解情况。');
    for (const step of received) {
      expect(step.reference).toBe(reference);
      // Nothing personal goes back unasked: no caller name or phone, no child's name.
      expect(JSON.stringify(step)).not.toMatch(/王女士|13800138000/);
    }

    const rated = await sim.rate(orderNumber, {
      satisfaction: 'very_satisfied',
      comment: '很及时',
    });
    expect(rated.status).toBe(200);
    expect(rated.body).toMatchObject({ rated: true, urges: 2 });

    const [order] = await panel(caseId);
    expect(order).toMatchObject({
      orderNumber,
      reference,
      status: 'completed',
      rating: { satisfaction: 'very_satisfied', comment: '很及时' },
    });
    expect(order!.urges.map((u) => u.comment)).toEqual(['请尽快办理', null]);
    await eventually(async () => {
      const types = (
        await server.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId))
      ).map((e) => e.type);
      const answered = types.filter((t) => t === 'hotline12345_answered').length;
      return (
        answered === 4 &&
        types.includes('hotline12345_urged') &&
        types.includes('hotline12345_rated')
      );
    });
  });

  it('is idempotent on the order number: the same order answers the same reference, another is 409', async () => {
    const order = {
      orderNumber: number(),
      orderTime: '2026-12-01T09:00:00+08:00',
      content: '学校附近有孩子长期无人照看',
      region: '440106',
      timeLimit: '2026-12-04T09:00:00+08:00',
    };
    const first = await partner('/orders', order);
    expect(first.status).toBe(201);
    const again = await partner('/orders', order);
    expect(again.status).toBe(200);
    expect(again.body.reference).toBe(first.body.reference);
    const other = await partner('/orders', { ...order, content: '另一件事' });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('CONFLICT');
    expect(other.body.error.data.orderNumber).toBeTypeOf('string');
    const rows = await server.database.db
      .select()
      .from(reports)
      .where(eq(reports.reference, first.body.reference as string));
    expect(rows).toHaveLength(1);
  });

  it('answers bad orders 400 naming the field, never 5xx, and stores nothing of them', async () => {
    const before = (await server.database.db.select().from(reports)).length;
    const good = {
      orderNumber: number(),
      orderTime: '2026-12-01T09:00:00+08:00',
      content: '内容',
      region: '440106',
      timeLimit: '2026-12-04T09:00:00+08:00',
    };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, content: undefined }, 'content'],
      [{ ...good, content: '孩子\u0000被打' }, 'content'],
      [{ ...good, orderTime: 'yesterday' }, 'orderTime'],
      [{ ...good, orderNumber: '带 空格' }, 'orderNumber'],
      [{ ...good, caller: { phone: 'call me' } }, 'caller.phone'],
      [{ ...good, region: '' }, 'region'],
      [{ ...good, extra: 1 }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await partner('/orders', body);
      expect(res.status, field).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      if (field) expect(res.body.error.data[field], field).toBeTypeOf('string');
    }
    const bad = await partner('/orders/NOPE-1/rating', { satisfaction: 'ecstatic' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.data.satisfaction).toBeTypeOf('string');
    expect((await partner('/orders/NOPE-1/urge', {})).status).toBe(404);
    expect((await server.database.db.select().from(reports)).length).toBe(before);
  });

  it('returns an order to 12345 with the reason, closing the case without action', async () => {
    const orderNumber = number();
    const sent = await sim.sendOrder({
      orderNumber,
      content: '咨询社保缴费问题',
      region: '韶关市',
    });
    expect(sent.status).toBe(201);
    const caseId = await caseOf((sent.body as { reference: string }).reference);
    await eventually(() => steps(orderNumber).includes('signed'));

    const path = `/api/cases/${caseId}/12345/return`;
    // Only the holder (or a supervisor) returns it; a reason is required.
    expect(
      (await request(server.url, path, { body: { reason: 'x' }, cookie: operator })).status,
    ).toBe(403);
    await request(server.url, `/api/cases/${caseId}/claim`, { method: 'POST', cookie: operator });
    const noReason = await request(server.url, path, { body: { reason: ' ' }, cookie: operator });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.data.reason).toBeTypeOf('string');
    const res = await request(server.url, path, {
      body: { reason: '非儿童保护事项，请转社保部门' },
      cookie: operator,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.orders[0]).toMatchObject({
      status: 'returned',
      returnedReason: '非儿童保护事项，请转社保部门',
    });
    const detail = await request(server.url, `/api/cases/${caseId}`, { cookie: operator });
    expect(detail.body.status).toBe('closed_no_action');

    await eventually(() => steps(orderNumber).includes('returned'));
    const returned = sim.stepsOf(orderNumber).find((s) => s.step === 'returned')!;
    expect(returned.text).toBe('非儿童保护事项，请转社保部门');
    // Returned is its end: no 办结 follows the closing, and a second return is refused.
    const again = await request(server.url, path, { body: { reason: '再退' }, cookie: operator });
    expect(again.status).toBe(409);
    const [order] = await panel(caseId);
    expect(order!.messages.map((m) => m.step)).toEqual(['signed', 'returned']);
    expect(steps(orderNumber)).not.toContain('completed');
  });

  it('signs every message the Standard Webhooks way, and retries until 12345 accepts', async () => {
    const orderNumber = number();
    sim.failNext(orderNumber, 2);
    const sent = await sim.sendOrder({
      orderNumber,
      content: '孩子独自在家多日',
      region: '440106',
    });
    expect(sent.status).toBe(201);
    await eventually(() => steps(orderNumber).includes('signed'), 15_000);
    // Twice refused (503), then accepted: three attempts, delivered, with 12345's answer code.
    // (12345 has it; Hutong records the answer just after.)
    const message = await eventually(async () => {
      const [row] = await server.database.db
        .select({ message: hotline12345Messages })
        .from(hotline12345Messages)
        .innerJoin(hotline12345Orders, eq(hotline12345Orders.id, hotline12345Messages.orderId))
        .where(eq(hotline12345Orders.orderNumber, orderNumber));
      return row?.message.status === 'delivered' ? row.message : undefined;
    });
    expect(message).toMatchObject({ step: 'signed', attempts: 3, responseCode: 204 });

    // The reference verifier from the standardwebhooks package agrees with our signature.
    const step = sim.stepsOf(orderNumber)[0]!;
    const body = JSON.stringify(step);
    const timestamp = Math.floor(Date.now() / 1000);
    const { WIRE } = await import('./wire.js');
    const headers = {
      'webhook-id': step.id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': WIRE.signature(
        server.hutong.ctx.config.hotline12345.secret,
        step.id,
        timestamp,
        body,
      ),
    };
    expect(
      ZHotline12345Feedback.parse(
        new Webhook(server.hutong.ctx.config.hotline12345.secret).verify(body, headers),
      ),
    ).toMatchObject({ orderNumber });
    // The simulator refuses a message signed with another secret.
    const forged = await fetch(sim.feedbackUrl, {
      method: 'POST',
      headers: {
        ...headers,
        'webhook-signature': WIRE.signature(
          `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
          step.id,
          timestamp,
          body,
        ),
      },
      body,
    });
    expect(forged.status).toBe(401);
  });

  it("lets only the 12345 line's key use its routes", async () => {
    const order = {
      orderNumber: number(),
      orderTime: '2026-12-01T09:00:00+08:00',
      content: '内容',
      region: '440106',
      timeLimit: '2026-12-04T09:00:00+08:00',
    };
    const none = await request(server.url, '/api/partners/12345/orders', { body: order });
    expect(none.status).toBe(401);
    const session = await request(server.url, '/api/partners/12345/orders', {
      body: order,
      cookie: operator,
    });
    expect(session.status).toBe(403);
    expect((await partner('/orders', order, 'hk_not-a-key')).status).toBe(401);
    // A school's partner key files reports, but is not 12345's.
    const [school] = await server.database.db
      .select()
      .from(reporterOrgs)
      .where(eq(reporterOrgs.kind, 'school'));
    const other = newApiKey();
    await server.database.db.insert(orgApiKeys).values({
      orgId: school!.id,
      label: 'school system',
      prefix: other.prefix,
      keyHash: other.keyHash,
    });
    for (const path of ['/orders', `/orders/${order.orderNumber}/urge`]) {
      const res = await partner(path, path === '/orders' ? order : {}, other.key);
      expect(res.status, path).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
  });

  it('re-keys what it keeps encrypted when the data key is rotated', async () => {
    const db = server.database.db;
    const current = server.hutong.ctx.config.dataKey;
    const next = randomBytes(32);
    const before = await db.select().from(hotline12345Messages);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((m) => isEncryptedWith(m.text, current))).toBe(true);
    expect(await rotate12345Keys(db, { current: next, previous: [current] })).toBeGreaterThan(0);
    const after = await db.select().from(hotline12345Messages);
    expect(after.every((m) => isEncryptedWith(m.text, next))).toBe(true);
    const orders = await db.select().from(hotline12345Orders);
    for (const order of orders) {
      for (const urge of order.urges)
        if (urge.comment) expect(isEncryptedWith(urge.comment, next)).toBe(true);
      if (order.returnedReason) expect(isEncryptedWith(order.returnedReason, next)).toBe(true);
    }
    // Back under the server's key, for anything after this test.
    await rotate12345Keys(db, { current, previous: [next] });
  });

  it("maps 12345's own field names in and out (HUTONG_12345_FIELD_MAP)", () => {
    const map = { orderNumber: 'gdbh', content: 'sqnr' };
    expect(fromPartnerFields({ gdbh: 'A1', sqnr: '内容', region: 'x' }, map)).toEqual({
      orderNumber: 'A1',
      content: '内容',
      region: 'x',
    });
    expect(toPartnerErrors({ content: 'Required', 'caller.phone': 'bad' }, map)).toEqual({
      sqnr: 'Required',
      'caller.phone': 'bad',
    });
    expect(
      toPartnerFields(
        {
          id: 'msg_1',
          orderNumber: 'A1',
          step: 'signed',
          time: '2026-12-01T00:00:00.000Z',
          reference: 'HT-0000-0000',
          text: '已签收',
        },
        map,
      ),
    ).toMatchObject({ gdbh: 'A1', step: 'signed' });
  });
});
