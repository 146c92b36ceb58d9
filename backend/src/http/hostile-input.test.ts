import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { TWILIO_PATHS, signTwilioRequest, webhookUrl, type TwilioParams } from '@hutong/ivr';
import { calls, reports } from '../db/schema.js';
import { startTestServer, type TestServer } from '../../test/server.js';
import { request } from '../../test/http.js';
import { TEST_DB_KIND } from '../../test/db.js';
import { buildReport } from '../../test/factories.js';

const AUTH_TOKEN = 'hostile-input-test-token';

describe(`hostile request bodies and webhooks (${TEST_DB_KIND})`, () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN } });
  });
  afterAll(() => server.stop());

  /** A form POST signed as Twilio signs it; a parameter given as an array is sent once per value. */
  async function postSigned(path: string, params: TwilioParams) {
    const signature = signTwilioRequest(AUTH_TOKEN, webhookUrl(server.url, path), params);
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
    }
    return fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature,
      },
      body: form.toString(),
    });
  }

  describe('a body that does not decompress as its Content-Encoding says', () => {
    for (const encoding of ['gzip', 'br', 'deflate']) {
      it(`answers 400 naming content-encoding for ${encoding} on the API`, async () => {
        const res = await fetch(`${server.url}/api/reports`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-encoding': encoding },
          body: Buffer.from('these bytes are not compressed at all'),
        });
        expect(res.status).toBe(400);
        const body = (await res.json()) as { error: { code: string; data: object } };
        expect(body.error.code).toBe('VALIDATION_FAILED');
        expect(body.error.data).toHaveProperty('content-encoding');
      });
    }

    it('answers 400 on a Twilio webhook too', async () => {
      const res = await fetch(`${server.url}${TWILIO_PATHS.sms}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-encoding': 'gzip',
          'x-twilio-signature': 'irrelevant',
        },
        body: Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x01]),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        'VALIDATION_FAILED',
      );
    });
  });

  describe('a Twilio parameter given twice', () => {
    it('passes the signature check and answers 400 naming the parameter, storing nothing', async () => {
      const res = await postSigned(TWILIO_PATHS.voice, {
        CallSid: 'CAdup00001',
        From: ['+8613800000001', '+8613800000002'],
        To: '+861012355000',
      });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; data: Record<string, string> } };
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(body.error.data.From).toBeDefined();
      const rows = await server.database.db
        .select()
        .from(calls)
        .where(eq(calls.callSid, 'CAdup00001'));
      expect(rows).toHaveLength(0);
    });

    it('answers 400 for an SMS with two bodies', async () => {
      const res = await postSigned(TWILIO_PATHS.sms, {
        MessageSid: 'SMdup00001',
        From: '+8613800000003',
        Body: ['救命', '在学校'],
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { data: object } }).error.data).toHaveProperty('Body');
    });

    it('still refuses a forged request with a duplicated parameter as 403', async () => {
      const res = await fetch(`${server.url}${TWILIO_PATHS.voice}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': 'forged',
        },
        body: 'CallSid=CAdup00002&From=a&From=b',
      });
      expect(res.status).toBe(403);
    });
  });

  it('answers 413 for a Twilio form with more parameters than the parser takes', async () => {
    const form = new URLSearchParams();
    for (let i = 0; i < 1001; i++) form.append(`P${i}`, 'x');
    const res = await fetch(`${server.url}${TWILIO_PATHS.sms}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'x' },
      body: form.toString(),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
  });

  describe('a NUL in a Twilio webhook', () => {
    it('answers a child whose SMS holds a NUL, and stores the text without it', async () => {
      const res = await postSigned(TWILIO_PATHS.sms, {
        MessageSid: 'SMnul00001',
        From: '+8613800000004',
        Body: '我被\u0000打了',
      });
      expect(res.status).toBe(200);
      const twiml = await res.text();
      const reference = /HT-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(twiml)?.[0];
      expect(reference, 'the reply carries the reference').toBeTruthy();
      const [row] = await server.database.db
        .select()
        .from(reports)
        .where(eq(reports.reference, reference!));
      expect(row?.channel).toBe('sms');
      expect(row?.narrative ?? '').not.toContain('\u0000');
    });

    it('answers an SMS and a call whose From holds a NUL', async () => {
      const sms = await postSigned(TWILIO_PATHS.sms, {
        MessageSid: 'SMnul00002',
        From: '+86138\u000000000005',
        Body: '救命',
      });
      expect(sms.status).toBe(200);
      expect(await sms.text()).toMatch(/<Message>.*HT-[0-9A-Z]{4}-[0-9A-Z]{4}/);

      const call = await postSigned(TWILIO_PATHS.voice, {
        CallSid: 'CAnul00001',
        From: '+86138\u000000000006',
        To: '+861012355000',
      });
      expect(call.status).toBe(200);
      const [row] = await server.database.db
        .select()
        .from(calls)
        .where(eq(calls.callSid, 'CAnul00001'));
      expect(row?.status).toBe('ivr');
    });
  });

  it('refuses a NUL in a JSON body the same way on every route (see unstorable-text.test.ts)', async () => {
    const res = await request(server.url, '/api/auth/login', {
      body: { username: 'oper\u0000ator', password: 'x' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.data.username).toBeDefined();
  });

  // Found by the fuzzer (fuzz.test.ts), shrunk to the smallest request that showed it.
  describe('found by the fuzzer', () => {
    async function reportCount() {
      return (await server.database.db.select({ id: reports.id }).from(reports)).length;
    }

    it('refuses a report whose JSON is not UTF-8, instead of storing U+FFFD in its narrative', async () => {
      const before = await reportCount();
      const body = Buffer.concat([
        Buffer.from(JSON.stringify(buildReport()).slice(0, -1) + ',"narrative":"ab'),
        Buffer.from([0xff]),
        Buffer.from('cd"}'),
      ]);
      const res = await fetch(`${server.url}/api/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(res.status).toBe(400);
      const envelope = (await res.json()) as { error: { code: string; data: object } };
      expect(envelope.error.code).toBe('VALIDATION_FAILED');
      expect(envelope.error.data).toHaveProperty('(body)');
      expect(await reportCount()).toBe(before);
    });

    it('refuses a report naming a key twice, naming the key', async () => {
      const before = await reportCount();
      const res = await request(server.url, '/api/reports', {
        raw: `${JSON.stringify(buildReport()).slice(0, -1)},"immediateDanger":true}`,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.data.immediateDanger).toBe('Given more than once');
      expect(await reportCount()).toBe(before);
    });

    it('answers a URL over the header limit with the error envelope, not a bare 431', async () => {
      const res = await request(
        server.url,
        `/api/reports/status?reference=${'%E5%AD%97'.repeat(2000)}`,
      );
      expect(res.status).toBe(431);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.body.error).toMatchObject({ code: 'HEADERS_TOO_LARGE', status: 431 });
    });
  });
});
