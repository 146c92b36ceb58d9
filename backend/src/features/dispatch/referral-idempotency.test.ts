import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { referrals } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { demoCentres } from '../../../test/fixtures.js';
import { claimedCase } from '../../../test/cases.js';
import { request } from '../../../test/http.js';
import { TEST_DB_KIND } from '../../../test/db.js';

// Found while giving the chaos run referrals to make (docs/RELIABILITY.md): an operator whose
// referral got no answer — its API process killed after the commit — sends it again, and the
// route had no key, so that made a second referral, texting and calling the centre again.
describe(`a referral sent again with its Idempotency-Key (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let operator: string;
  let operator2: string;
  let cityId: string;
  let conghuaId: string;

  beforeAll(async () => {
    server = await startTestServer();
    ({ cityId, conghuaId } = await demoCentres(server));
    [operator, operator2] = await Promise.all([
      server.login('operator'),
      server.login('operator2'),
    ]);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const refer = (caseId: string, key: string, centreId = cityId, cookie = operator) =>
    request(server.url, `/api/cases/${caseId}/referrals`, {
      method: 'POST',
      cookie,
      body: { centreId, note: 'please visit' },
      headers: { 'Idempotency-Key': key },
    });
  const stored = (caseId: string) =>
    server.database.db.select().from(referrals).where(eq(referrals.caseId, caseId));

  it('makes one referral and answers the same one again', async () => {
    const { caseId } = await claimedCase(server, operator);
    const first = await refer(caseId, 'referral-key-0001');
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await refer(caseId, 'referral-key-0001');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(await stored(caseId)).toHaveLength(1);
  });

  it('makes one referral when the same request arrives twice at once', async () => {
    const { caseId } = await claimedCase(server, operator);
    const both = await Promise.all([
      refer(caseId, 'referral-key-0002'),
      refer(caseId, 'referral-key-0002'),
    ]);
    expect(both.map((r) => r.status)).toEqual([201, 201]);
    expect(both[0].body.id).toBe(both[1].body.id);
    expect(await stored(caseId)).toHaveLength(1);
  });

  it('refuses the key with another centre (422) and keeps keys apart per person', async () => {
    const { caseId } = await claimedCase(server, operator);
    expect((await refer(caseId, 'referral-key-0003')).status).toBe(201);
    const other = await refer(caseId, 'referral-key-0003', conghuaId);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // Another operator's key is theirs: the same string is no replay of this one's referral.
    const notHolder = await refer(caseId, 'referral-key-0003', cityId, operator2);
    expect(notHolder.status).toBe(403);
    expect(notHolder.body.error.code).toBe('CASE_NOT_HELD');
    expect(await stored(caseId)).toHaveLength(1);
  });

  it('makes a new referral for each request without a key, as before', async () => {
    const { caseId } = await claimedCase(server, operator);
    for (const _ of [1, 2]) {
      const res = await request(server.url, `/api/cases/${caseId}/referrals`, {
        method: 'POST',
        cookie: operator,
        body: { centreId: cityId },
      });
      expect(res.status).toBe(201);
    }
    expect(await stored(caseId)).toHaveLength(2);
  });
});
