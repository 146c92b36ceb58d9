import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTwilioClient } from '../index.js';
import { TwilioSimulator } from './index.js';

const AUTH_TOKEN = 'list-auth-token';
const ACCOUNT_SID = 'AC' + '3'.repeat(32);

let sim: TwilioSimulator;

beforeAll(async () => {
  // No webhooks are needed: these messages carry no status callback.
  sim = await TwilioSimulator.start({
    port: 0,
    authToken: AUTH_TOKEN,
    accountSid: ACCOUNT_SID,
    webhookBaseUrl: 'http://127.0.0.1:9',
    timeScale: 0.01,
    webhookTimeoutMs: 2000,
  });
});

afterAll(async () => {
  await sim.stop();
});

const client = () =>
  createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBase: sim.url });

describe("the simulator's Messages list", () => {
  const TO = '+8613800000090';
  const FROM = '+861012355000';
  /** Sends one SMS to `to` per instant, oldest first, and dates each as sent then. */
  async function sentAt(to: string, instants: string[]): Promise<string[]> {
    const sids: string[] = [];
    for (const i of instants.keys()) {
      const message = await client().messages.create({ to, from: FROM, body: `list ${i}` });
      sids.push(message.sid);
    }
    await sim.messaging.settled();
    for (const [i, at] of instants.entries()) {
      sim.messages.find((m) => m.sid === sids[i])!.dateSent = new Date(at);
    }
    return sids;
  }
  const listed = async (query: string): Promise<Record<string, unknown>> => {
    const auth = Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64');
    const res = await fetch(
      `${sim.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json?${query}`,
      {
        headers: { Authorization: `Basic ${auth}` },
      },
    );
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, unknown>;
  };
  const sidsOf = (page: Record<string, unknown>) =>
    (page.messages as Array<{ sid: string }>).map((m) => m.sid);

  it('filters by To, From and DateSent (a day or an instant; >= and <=), newest first', async () => {
    const [a, b, c] = await sentAt(TO, [
      '2026-12-04T23:59:59Z',
      '2026-12-05T10:00:00Z',
      '2026-12-06T00:00:00Z',
    ]);
    const to = encodeURIComponent(TO);
    expect(sidsOf(await listed(`To=${to}`))).toEqual([c, b, a]);
    expect(sidsOf(await listed(`To=${to}&From=%2B10000000000`))).toEqual([]);
    expect(sidsOf(await listed(`To=${to}&DateSent=2026-12-05`))).toEqual([b]);
    expect(sidsOf(await listed(`To=${to}&DateSent>=2026-12-05`))).toEqual([c, b]);
    expect(sidsOf(await listed(`To=${to}&DateSent<=2026-12-05`))).toEqual([b, a]);
    expect(sidsOf(await listed(`To=${to}&DateSent>=2026-12-05T10:00:00Z`))).toEqual([c, b]);
    expect(sidsOf(await listed(`To=${to}&DateSent>=2026-12-05T10:00:01Z`))).toEqual([c]);
    expect(
      sidsOf(await listed(`To=${to}&DateSent>=2026-12-05&DateSent<=2026-12-05T09:59:59Z`)),
    ).toEqual([]);
    // twilio-node's names for the same filters: dateSentAfter is DateSent>, inclusive.
    const found = await client().messages.list({
      to: TO,
      dateSentAfter: new Date('2026-12-05T10:00:00Z'),
      dateSentBefore: new Date('2026-12-06T00:00:00Z'),
    });
    expect(found.map((m) => m.sid)).toEqual([c, b]);
  });

  it('leaves out a message not sent yet once DateSent is asked for', async () => {
    const to = '+8613800000091';
    const [sid] = await sentAt(to, ['2026-12-06T01:00:00Z']);
    delete sim.messages.find((m) => m.sid === sid)!.dateSent;
    expect(sidsOf(await listed(`To=${encodeURIComponent(to)}`))).toEqual([sid]);
    expect(sidsOf(await listed(`To=${encodeURIComponent(to)}&DateSent>=2026-12-01`))).toEqual([]);
  });

  it('answers a DateSent it cannot read with 400', async () => {
    const auth = Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64');
    const res = await fetch(
      `${sim.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json?DateSent>=yesterday`,
      { headers: { Authorization: `Basic ${auth}` } },
    );
    expect(res.status).toBe(400);
  });

  it('answers 503 while its REST API is failed for a path, then lists again', async () => {
    sim.setFaults({ failRest: [{ method: 'GET', path: '/Messages.json', times: 1 }] });
    await expect(client().messages.list({ to: '+8613800000093' })).rejects.toMatchObject({
      status: 503,
      code: 20503,
    });
    expect(await client().messages.list({ to: '+8613800000093' })).toEqual([]);
    sim.resetFaults();
  });

  it('pages by PageSize with a next_page_uri that keeps the filters, and twilio-node follows it', async () => {
    const to = '+8613800000092';
    const sids = await sentAt(to, [
      '2026-12-06T02:00:00Z',
      '2026-12-06T02:00:01Z',
      '2026-12-06T02:00:02Z',
      '2026-12-06T02:00:03Z',
      '2026-12-06T02:00:04Z',
    ]);
    const newest = [...sids].reverse();
    const first = await listed(`To=${encodeURIComponent(to)}&DateSent>=2026-12-06&PageSize=2`);
    expect(sidsOf(first)).toEqual(newest.slice(0, 2));
    expect(first.page_size).toBe(2);
    const next = new URL(first.next_page_uri as string, sim.url);
    expect(next.searchParams.get('To')).toBe(to);
    expect(next.searchParams.get('DateSent>')).toBe('2026-12-06');
    expect(next.searchParams.get('PageToken')).toBe(`PA${newest[1]}`);
    // A message arriving between pages does not shift the next one.
    await client().messages.create({ to, from: FROM, body: 'late' });
    await sim.messaging.settled();
    const second = await listed(next.search.slice(1));
    expect(sidsOf(second)).toEqual(newest.slice(2, 4));
    const third = await listed(new URL(second.next_page_uri as string, sim.url).search.slice(1));
    expect(sidsOf(third)).toEqual(newest.slice(4));
    expect(third.next_page_uri).toBeNull();
    const all = await client().messages.list({
      to,
      dateSentBefore: new Date('2026-12-06T02:00:04Z'),
      pageSize: 2,
    });
    expect(all.map((m) => m.sid)).toEqual(newest);
  });
});
