import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TwilioSimulator } from '@hutong/ivr/simulator';
import { ZReferralDetail, type TReferralChanged, type TReferralDetail } from '@hutong/shared';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { demoCentres } from '../../../test/fixtures.js';
import { claimedCase, fileReport } from '../../../test/cases.js';
import { attachSimulator } from '../../../test/simulator.js';
import { eventually, request } from '../../../test/http.js';
import { connectSocket, connected, type TestSocket } from '../../../test/socket.js';
import { TEST_DB_KIND } from '../../../test/db.js';
import { appendCaseEvent } from '../cases/case-events.js';

const AUTH_TOKEN = 'ended-referral-test-token';

function referralEvents(socket: TestSocket): TReferralChanged[] {
  const seen: TReferralChanged[] = [];
  socket.on('referral.created', (p) => seen.push(p));
  socket.on('referral.updated', (p) => seen.push(p));
  return seen;
}

describe(`a centre whose referral ended without it sees no more of the case (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let sim: TwilioSimulator;
  let operator: string;
  let supervisor: string;
  let centre: string;
  let cityCentreId: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { TWILIO_AUTH_TOKEN: AUTH_TOKEN } });
    sim = await attachSimulator(server, { authToken: AUTH_TOKEN, timeScale: 0.02 });
    ({ cityId: cityCentreId } = await demoCentres(server));
    [operator, supervisor, centre] = await Promise.all([
      server.login('operator'),
      server.login('supervisor'),
      server.login('centre'),
    ]);
  });
  afterAll(async () => {
    await sim?.stop();
    await server?.stop();
  });

  let n = 0;
  const tag = () => `${++n}${crypto.randomUUID().slice(0, 6)}`;
  const child = (name: string) => ({ children: [{ name, sex: 'female' as const, age: 8 }] });

  const detail = async (id: string, cookie = centre): Promise<TReferralDetail> => {
    const res = await request(server.url, `/api/referrals/${id}`, { cookie });
    expect(res.status).toBe(200);
    return ZReferralDetail.parse(res.body);
  };
  const names = (d: TReferralDetail) => d.case.children.map((c) => c.name);

  /** Files a report about `name` at `address` and merges it into `caseId` as its holder. */
  async function mergeIn(caseId: string, name: string, address: string) {
    const other = await fileReport(server, {
      ...child(name),
      location: { regionCode: '440106001001', address },
    });
    const merged = await request(server.url, `/api/cases/${caseId}/merge`, {
      body: { reportId: other.reportId },
      cookie: operator,
    });
    expect(merged.status).toBe(200);
    return merged.body as { version: number };
  }

  /** A case held by the operator, referred to the city centre. */
  async function referred(first: string) {
    const filed = await claimedCase(server, operator, child(first));
    const res = await request(server.url, `/api/cases/${filed.caseId}/referrals`, {
      body: { centreId: cityCentreId, note: '请尽快上门核实' },
      cookie: operator,
    });
    expect(res.status).toBe(201);
    return { caseId: filed.caseId, referralId: res.body.id as string };
  }

  async function endsThenGrows(end: { status: string; reason?: string }, cookie: string) {
    const first = `甲${tag()}`;
    const before = `乙${tag()}`;
    const after = `丙${tag()}`;
    const { caseId, referralId } = await referred(first);
    // While the referral is live, the centre sees what is merged in.
    await mergeIn(caseId, before, `五山路${tag()}`);
    expect(names(await detail(referralId))).toEqual(expect.arrayContaining([first, before]));

    const ended = await request(server.url, `/api/referrals/${referralId}`, {
      method: 'PATCH',
      body: end,
      cookie,
    });
    expect(ended.status).toBe(200);
    const atEnd = await detail(referralId);

    // Afterwards: a new child merged in, and the operator re-assesses the case.
    const laterAddress = `天河北路${tag()}`;
    const { version } = await mergeIn(caseId, after, laterAddress);
    const reassessed = await request(server.url, `/api/cases/${caseId}`, {
      method: 'PATCH',
      body: { version, assessment: { categories: ['bullying'] } },
      cookie: operator,
    });
    expect(reassessed.status).toBe(200);

    const centreView = await detail(referralId);
    expect(names(centreView)).toEqual(expect.arrayContaining([first, before]));
    expect(names(centreView)).not.toContain(after);
    expect(centreView.case.addresses).not.toContain(laterAddress);
    expect(JSON.stringify(centreView)).not.toContain(after);
    expect(centreView.case).toEqual(atEnd.case);
    expect(centreView.status).toBe(end.status);

    // The hotline still sees the whole case through the same referral.
    const operatorView = await detail(referralId, operator);
    expect(names(operatorView)).toContain(after);
    return { caseId, referralId };
  }

  it('freezes the centre’s view when it declines: a child merged in later is not shown', async () => {
    await endsThenGrows({ status: 'declined', reason: '不属本中心辖区' }, centre);
  });

  it('freezes the centre’s view when the operator cancels the referral', async () => {
    await endsThenGrows({ status: 'cancelled' }, operator);
  });

  it('freezes the centre’s view when a supervisor revokes the referral', async () => {
    await endsThenGrows({ status: 'revoked', reason: '改派其他中心' }, supervisor);
  });

  it('sends the centre the ending move, and nothing about the referral after it', async () => {
    const centreSocket = connectSocket(server.url, centre);
    const supervisorSocket = connectSocket(server.url, supervisor);
    try {
      await Promise.all([connected(centreSocket), connected(supervisorSocket)]);
      const toCentre = referralEvents(centreSocket);
      const toSupervisor = referralEvents(supervisorSocket);
      const { caseId, referralId } = await referred(`丁${tag()}`);
      await eventually(() => toCentre.find((e) => e.referral.id === referralId));

      const declined = await request(server.url, `/api/referrals/${referralId}`, {
        method: 'PATCH',
        body: { status: 'declined', reason: '不属本中心辖区' },
        cookie: centre,
      });
      expect(declined.status).toBe(200);
      await eventually(() =>
        toCentre.find((e) => e.referral.id === referralId && e.referral.status === 'declined'),
      );

      // A late delivery report on the ended referral, committed like any other timeline event.
      const { db } = server.hutong.ctx;
      const lateSeq = await db.transaction((tx) =>
        appendCaseEvent(tx, {
          caseId,
          type: 'referral_delivery',
          actorId: null,
          data: { referralId, notificationId: crypto.randomUUID() },
        }),
      );
      server.hutong.ctx.kickOutbox();
      // The supervisors hear it; by then the centre's room would have too.
      await eventually(() => toSupervisor.find((e) => e.seq === lateSeq));
      expect(toCentre.find((e) => e.seq === lateSeq)).toBeUndefined();
      expect(
        toCentre.filter((e) => e.referral.id === referralId).every((e) => e.seq < lateSeq),
      ).toBe(true);
    } finally {
      centreSocket.disconnect();
      supervisorSocket.disconnect();
    }
  });
});
