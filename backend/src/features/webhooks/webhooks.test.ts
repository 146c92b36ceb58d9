import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZWebhookMessage, type TWebhookEndpointWithSecret } from '@hutong/shared';
import { auditLog, webhookDeliveries, webhookEndpoints } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { eventually, request } from '../../../test/http.js';
import { claimedCase, fileReport } from '../../../test/cases.js';
import { demoCentres } from '../../../test/fixtures.js';
import { TEST_DB_KIND } from '../../../test/db.js';
import { refusedAddress } from './address-guard.js';
import { postSigned } from './signing.js';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A partner's receiver on a random port: `/fail-<n>/…` fails n times per message, `/down` always. */
class Receiver {
  readonly received: Received[] = [];
  private readonly failures = new Map<string, number>();
  private server: Server | null = null;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        const path = req.url ?? '/';
        this.received.push({ path, headers: req.headers, body });
        const key = `${path} ${String(req.headers['webhook-id'])}`;
        const failed = this.failures.get(key) ?? 0;
        const failTimes = Number(/^\/fail-(\d+)\//.exec(path)?.[1] ?? 0);
        if (path === '/down' || failed < failTimes) {
          this.failures.set(key, failed + 1);
          res.writeHead(500).end('not now');
          return;
        }
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** What arrived at a path, each body checked against the shared message schema. */
  at(path: string): { message: { type: string; data: Record<string, unknown> }; raw: Received }[] {
    return this.received
      .filter((r) => r.path === path)
      .map((raw) => ({ message: ZWebhookMessage.parse(JSON.parse(raw.body)), raw }));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

describe(`signed webhooks (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  const receiver = new Receiver();
  let admin: string;
  let reporter: string;
  let operator: string;

  beforeAll(async () => {
    await receiver.start();
    server = await startTestServer({
      env: {
        HUTONG_WEBHOOK_RETRY_BASE_MS: '50',
        HUTONG_WEBHOOK_ATTEMPTS: '4',
        HUTONG_WEBHOOK_DISABLE_AFTER_FAILURES: '6',
      },
    });
    [admin, reporter, operator] = await Promise.all([
      server.login('admin'),
      server.login('reporter'),
      server.login('operator'),
    ]);
  });
  afterAll(async () => {
    await server.stop();
    await receiver.stop();
  });

  async function register(
    cookie: string,
    body: Record<string, unknown>,
  ): Promise<TWebhookEndpointWithSecret> {
    const res = await request(server.url, '/api/webhooks', { body, cookie });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as TWebhookEndpointWithSecret;
  }

  const deliveriesOf = (endpointId: string) =>
    server.database.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpointId));

  it('answers the Standard Webhooks secret once and keeps it only encrypted', async () => {
    const endpoint = await register(admin, {
      url: `${receiver.url}/once`,
      events: ['report.received'],
    });
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(endpoint.secret.slice(6), 'base64')).toHaveLength(32);
    expect(endpoint.owner).toEqual({ kind: 'line' });
    const list = await request(server.url, '/api/webhooks', { cookie: admin });
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(endpoint.secret.slice(6));
    const [row] = await server.database.db
      .select({ sealed: webhookEndpoints.secretSealed })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, endpoint.id));
    expect(row!.sealed).not.toContain(endpoint.secret.slice(6));
  });

  it('delivers report.received for every new report, signed as the reference verifier expects, with no personal data', async () => {
    const endpoint = await register(admin, {
      url: `${receiver.url}/signed`,
      events: ['report.received'],
    });
    const filed = await fileReport(server, {
      children: [{ name: '签名测试儿童', age: 7 }],
      narrative: '叙述不应外发',
    });
    const [got] = await eventually(() => {
      const hits = receiver
        .at('/signed')
        .filter((h) => h.message.data.reference === filed.reference);
      return hits.length > 0 && hits;
    });
    const { raw, message } = got!;
    expect(raw.headers['webhook-id']).toMatch(/^msg_/);
    expect(raw.headers['webhook-signature']).toMatch(/^v1,/);
    const verified = new Webhook(endpoint.secret).verify(raw.body, {
      'webhook-id': String(raw.headers['webhook-id']),
      'webhook-timestamp': String(raw.headers['webhook-timestamp']),
      'webhook-signature': String(raw.headers['webhook-signature']),
    });
    expect(verified).toMatchObject({ type: 'report.received' });
    expect(message).toMatchObject({
      type: 'report.received',
      data: { reportId: filed.reportId, channel: 'web', orgId: null },
    });
    // The same check with a wrong secret fails: the signature is really over this body.
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(raw.body, {
        'webhook-id': String(raw.headers['webhook-id']),
        'webhook-timestamp': String(raw.headers['webhook-timestamp']),
        'webhook-signature': String(raw.headers['webhook-signature']),
      }),
    ).toThrow();
    expect(raw.body).not.toContain('签名测试儿童');
    expect(raw.body).not.toContain('叙述不应外发');
  });

  it('retries a receiver that fails twice, with backoff, and delivers on the third attempt', async () => {
    const endpoint = await register(admin, {
      url: `${receiver.url}/fail-2/flaky`,
      events: ['report.received'],
    });
    const filed = await fileReport(server);
    const delivery = await eventually(async () => {
      const rows = await deliveriesOf(endpoint.id);
      const row = rows.find((r) => r.sourceKey === `report-${filed.reportId}`);
      return row?.status === 'delivered' && row;
    });
    expect(delivery.attempts).toBe(3);
    expect(delivery.responseCode).toBe(204);
    const hits = receiver
      .at('/fail-2/flaky')
      .filter((h) => h.message.data.reference === filed.reference);
    expect(hits).toHaveLength(3);
    expect(new Set(hits.map((h) => h.raw.headers['webhook-id'])).size).toBe(1);
    const log = await request(server.url, `/api/webhooks/${endpoint.id}/deliveries`, {
      cookie: admin,
    });
    expect(log.status).toBe(200);
    expect(log.body.deliveries).toContainEqual(
      expect.objectContaining({
        id: delivery.id,
        status: 'delivered',
        attempts: 3,
        responseCode: 204,
      }),
    );

    // Redelivered by hand: the same message again, with the same webhook-id.
    const again = await request(
      server.url,
      `/api/webhooks/${endpoint.id}/deliveries/${delivery.id}/redeliver`,
      { method: 'POST', cookie: admin },
    );
    expect(again.status).toBe(200);
    await eventually(async () => {
      const [row] = await server.database.db
        .select()
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.id, delivery.id));
      return row!.status === 'delivered' && row!.attempts === 4;
    });
    expect(
      receiver.at('/fail-2/flaky').filter((h) => h.raw.headers['webhook-id'] === delivery.id),
    ).toHaveLength(4);
  });

  it('disables an endpoint that keeps failing, with a notice in the list and the audit log', async () => {
    const endpoint = await register(admin, {
      url: `${receiver.url}/down`,
      events: ['report.received'],
    });
    const first = await fileReport(server);
    const second = await fileReport(server);
    const listed = await eventually(async () => {
      const res = await request(server.url, '/api/webhooks', { cookie: admin });
      const found = (res.body.endpoints as { id: string; active: boolean }[]).find(
        (e) => e.id === endpoint.id,
      );
      return found && !found.active && found;
    });
    expect(listed).toMatchObject({ active: false, disabledReason: expect.stringMatching(/fail/i) });
    const audit = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'webhook.disabled'), eq(auditLog.entityId, endpoint.id)));
    expect(audit).toHaveLength(1);
    const rows = await eventually(async () => {
      const all = await deliveriesOf(endpoint.id);
      return all.length === 2 && all.every((r) => r.status === 'failed') && all;
    });
    expect(rows.map((r) => r.sourceKey).sort()).toEqual(
      [`report-${first.reportId}`, `report-${second.reportId}`].sort(),
    );
    // Enabled again by an admin, it counts its failures afresh.
    const enabled = await request(server.url, `/api/webhooks/${endpoint.id}/enable`, {
      method: 'POST',
      cookie: admin,
    });
    expect(enabled.body).toMatchObject({ active: true, consecutiveFailures: 0 });
  });

  it("tells an organisation's endpoint of its own reports only, and a report's progress without names", async () => {
    const own = await register(reporter, {
      url: `${receiver.url}/school`,
      events: ['report.received', 'report.status_changed'],
    });
    expect(own.owner).toMatchObject({ kind: 'org' });
    const line = await register(admin, {
      url: `${receiver.url}/line-progress`,
      events: ['report.received', 'report.status_changed'],
    });
    const mine = await fileReport(server, {}, reporter);
    const publicReport = await fileReport(server);
    await eventually(() =>
      receiver.at('/school').find((h) => h.message.data.reportId === mine.reportId),
    );
    // The fan-out writes every endpoint's delivery of a report at once: once the line's has the
    // public report, the organisation's would too.
    await eventually(async () =>
      (await deliveriesOf(line.id)).find((d) => d.sourceKey === `report-${publicReport.reportId}`),
    );
    expect(
      (await deliveriesOf(own.id)).filter((d) => d.sourceKey === `report-${publicReport.reportId}`),
    ).toEqual([]);

    const claim = await request(server.url, `/api/cases/${mine.caseId}/claim`, {
      method: 'POST',
      cookie: operator,
    });
    expect(claim.status).toBe(200);
    const progress = await eventually(() =>
      receiver
        .at('/school')
        .find(
          (h) =>
            h.message.type === 'report.status_changed' && h.message.data.reportId === mine.reportId,
        ),
    );
    expect(progress.message.data).toMatchObject({
      reference: mine.reference,
      stage: 'in_progress',
      outcome: null,
    });
  });

  it("tells a centre's endpoint of referrals to that centre", async () => {
    const { cityId } = await demoCentres(server);
    const endpoint = await register(admin, {
      url: `${receiver.url}/centre`,
      events: ['referral.created', 'referral.updated'],
      centreId: cityId,
    });
    expect(endpoint.owner).toMatchObject({ kind: 'centre', id: cityId });
    const { caseId, reference } = await claimedCase(server, operator, {
      categories: ['bullying'],
      immediateDanger: false,
    });
    const referral = await request(server.url, `/api/cases/${caseId}/referrals`, {
      body: { centreId: cityId },
      cookie: operator,
    });
    expect(referral.status).toBe(201);
    const got = await eventually(() =>
      receiver.at('/centre').find((h) => h.message.data.caseReference === reference),
    );
    expect(got.message).toMatchObject({
      type: 'referral.created',
      data: { referralId: referral.body.id, centreId: cityId, status: 'pending' },
    });
  });

  it("keeps organisations' endpoints apart, and centres' to admins", async () => {
    const org = await request(server.url, '/api/admin/orgs', {
      body: { name: '另一所学校', kind: 'school', regionCode: '440106' },
      cookie: admin,
    });
    expect(org.status).toBe(201);
    const other = await register(admin, {
      url: `${receiver.url}/other-org`,
      events: ['report.received'],
      orgId: org.body.id,
    });
    const list = await request(server.url, '/api/webhooks', { cookie: reporter });
    expect(list.status).toBe(200);
    const ids = (list.body.endpoints as { id: string; owner: { kind: string } }[]).map((e) => e.id);
    expect(ids).not.toContain(other.id);
    expect(
      (list.body.endpoints as { owner: { kind: string } }[]).every((e) => e.owner.kind === 'org'),
    ).toBe(true);
    for (const [method, path] of [
      ['GET', `/api/webhooks/${other.id}/deliveries`],
      ['DELETE', `/api/webhooks/${other.id}`],
      ['POST', `/api/webhooks/${other.id}/enable`],
    ] as const) {
      const res = await request(server.url, path, { method, cookie: reporter });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    const forOther = await request(server.url, '/api/webhooks', {
      body: { url: `${receiver.url}/x`, events: ['report.received'], orgId: org.body.id },
      cookie: reporter,
    });
    expect(forOther.status).toBe(403);
    const forCentre = await request(server.url, '/api/webhooks', {
      body: {
        url: `${receiver.url}/x`,
        events: ['referral.created'],
        centreId: (await demoCentres(server)).cityId,
      },
      cookie: reporter,
    });
    expect(forCentre.status).toBe(403);
    const asOperator = await request(server.url, '/api/webhooks', { cookie: operator });
    expect(asOperator.status).toBe(403);
  });

  it('refuses private and link-local URLs at registration, naming the field', async () => {
    for (const url of [
      'http://10.0.0.8/hook',
      'http://169.254.169.254/latest',
      'http://[fe80::1]/',
    ]) {
      const res = await request(server.url, '/api/webhooks', {
        body: { url, events: ['report.received'] },
        cookie: admin,
      });
      expect(res.status, url).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.data.url).toMatch(/private|link-local/);
    }
    const bad = await request(server.url, '/api/webhooks', {
      body: { url: 'ftp://example.org/', events: [] },
      cookie: admin,
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.data as object).sort()).toEqual(['events', 'url']);
  });
});

describe('the webhook address guard (production: no loopback)', () => {
  it('refuses loopback, private, link-local and mapped addresses, and allows public ones', () => {
    for (const address of [
      '127.0.0.1',
      '::1',
      '10.1.2.3',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.169.254',
      'fe80::1',
      'fd00::1',
      '::ffff:10.0.0.1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
    ]) {
      expect(refusedAddress(address, false), address).not.toBeNull();
    }
    expect(refusedAddress('127.0.0.1', true)).toBeNull();
    expect(refusedAddress('10.1.2.3', true)).toBe('internal');
    expect(refusedAddress('93.184.216.34', false)).toBeNull();
    expect(refusedAddress('2606:4700::1111', false)).toBeNull();
  });

  it('does not connect to a loopback receiver, by address or by a name resolving to it', async () => {
    const hits: string[] = [];
    const local = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
    const { port } = local.address() as AddressInfo;
    try {
      for (const host of ['127.0.0.1', 'localhost']) {
        const result = await postSigned({
          url: `http://${host}:${port}/hook`,
          secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
          id: 'msg_test',
          body: '{}',
          timeoutMs: 2000,
          allowLoopback: false,
        });
        expect(result, host).toEqual({ ok: false, responseCode: null, error: 'refused_address' });
      }
      // The same request where loopback is allowed (demo mode) does arrive: the guard made the difference.
      const allowed = await postSigned({
        url: `http://127.0.0.1:${port}/hook`,
        secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
        id: 'msg_test',
        body: '{}',
        timeoutMs: 2000,
        allowLoopback: true,
      });
      expect(allowed.ok).toBe(true);
      expect(hits).toEqual(['/hook']);
    } finally {
      await new Promise<void>((resolve) => local.close(() => resolve()));
    }
  });
});
