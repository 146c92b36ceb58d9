import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { ZDispatchSettingsView, ZReferral } from '@hutong/shared';
import { auditLog, reports } from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { demoCentres } from '../../../test/fixtures.js';
import { eventually, request } from '../../../test/http.js';
import { buildReport } from '../../../test/factories.js';
import { TEST_DB_KIND } from '../../../test/db.js';

const PATH = '/api/admin/settings/dispatch';

describe(`dispatch settings (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let admin: string;
  let operator: string;
  let centreId: string;

  beforeAll(async () => {
    // Time scale 1: the deadlines below are the configured minutes exactly.
    server = await startTestServer({ env: { HUTONG_TIME_SCALE: '1' } });
    [admin, operator] = await Promise.all([server.login('admin'), server.login('operator')]);
    centreId = (await demoCentres(server)).cityId;
  });
  afterAll(() => server?.stop());

  let child = 0;
  /** A claimed P3 case (bullying, no danger) referred to the city centre; returns the referral. */
  async function referP3Case() {
    const res = await request(server.url, '/api/reports', {
      body: buildReport({
        categories: ['bullying'],
        immediateDanger: false,
        children: [{ name: `小红${++child}`, age: 12 }],
      }),
    });
    const caseId = await eventually(async () => {
      const [row] = await server.database.db
        .select({ caseId: reports.caseId })
        .from(reports)
        .where(eq(reports.id, res.body.id));
      return row?.caseId ?? undefined;
    });
    expect(
      (
        await request(server.url, `/api/cases/${caseId}/claim`, {
          method: 'POST',
          cookie: operator,
        })
      ).status,
    ).toBe(200);
    const referral = await request(server.url, `/api/cases/${caseId}/referrals`, {
      body: { centreId },
      cookie: operator,
    });
    expect(referral.status).toBe(201);
    const parsed = ZReferral.parse(referral.body);
    expect(parsed.priority).toBe('P3');
    return parsed;
  }
  const windowMinutes = (r: { ackDeadline: string | null; createdAt: string }) =>
    (Date.parse(r.ackDeadline!) - Date.parse(r.createdAt)) / 60_000;

  it('shows the defaults from DESIGN.md until an administrator changes them', async () => {
    const res = await request(server.url, PATH, { cookie: admin });
    expect(res.status).toBe(200);
    const view = ZDispatchSettingsView.parse(res.body);
    expect(view.ackMinutes).toEqual({ P1: 10, P2: 60, P3: 1440 });
    expect(view.defaults.ackMinutes).toEqual({ P1: 10, P2: 60, P3: 1440 });
    expect(view.updatedBy).toBeNull();
  });

  it('is for administrators only', async () => {
    expect((await request(server.url, PATH, { cookie: operator })).status).toBe(403);
    const put = await request(server.url, PATH, {
      method: 'PUT',
      body: { ackMinutes: { P1: 5, P2: 30, P3: 600 } },
      cookie: operator,
    });
    expect(put.status).toBe(403);
    expect(put.body.error.code).toBe('FORBIDDEN');
  });

  it('names the field of a deadline that is not a positive number of minutes, or too long', async () => {
    for (const [ackMinutes, field] of [
      [{ P1: 0, P2: 60, P3: 1440 }, 'ackMinutes.P1'],
      [{ P1: 10, P2: 2.5, P3: 1440 }, 'ackMinutes.P2'],
      [{ P1: 10, P2: 60, P3: 7 * 24 * 60 + 1 }, 'ackMinutes.P3'],
      [{ P1: 10, P2: 60, P3: '1440' }, 'ackMinutes.P3'],
      [{ P1: 120, P2: 60, P3: 1440 }, 'ackMinutes.P2'],
      [{ P1: 10, P2: 60 }, 'ackMinutes.P3'],
    ] as const) {
      const res = await request(server.url, PATH, {
        method: 'PUT',
        body: { ackMinutes },
        cookie: admin,
      });
      expect(res.status, JSON.stringify(ackMinutes)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.body.error.data)).toContain(field);
    }
  });

  it('applies new deadlines to new referrals only, and audits the change with before and after', async () => {
    const before = await referP3Case();
    expect(windowMinutes(before)).toBeCloseTo(1440, 3);

    const put = await request(server.url, PATH, {
      method: 'PUT',
      body: { ackMinutes: { P1: 5, P2: 45, P3: 90 } },
      cookie: admin,
    });
    expect(put.status).toBe(200);
    const view = ZDispatchSettingsView.parse(put.body);
    expect(view.ackMinutes).toEqual({ P1: 5, P2: 45, P3: 90 });
    expect(view.updatedBy?.displayName).toBeTruthy();
    expect(
      ZDispatchSettingsView.parse((await request(server.url, PATH, { cookie: admin })).body),
    ).toMatchObject({ ackMinutes: { P1: 5, P2: 45, P3: 90 } });

    const after = await referP3Case();
    expect(windowMinutes(after)).toBeCloseTo(90, 3);
    // The referral made before the change keeps its deadline.
    const earlier = await request(server.url, `/api/referrals/${before.id}`, { cookie: operator });
    expect(earlier.body.ackDeadline).toBe(before.ackDeadline);

    const [audit] = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'settings.updated')));
    expect(audit!.data).toEqual({
      key: 'dispatch',
      before: { ackMinutes: { P1: 10, P2: 60, P3: 1440 } },
      after: { ackMinutes: { P1: 5, P2: 45, P3: 90 } },
    });
  });
});
