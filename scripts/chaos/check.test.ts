import { describe, expect, it } from 'vitest';
import {
  checkAuditReads,
  checkClaims,
  checkEvents,
  checkReferrals,
  checkReports,
  checkSms,
  verdict,
  type CaseRead,
  type CentreEffects,
  type ClientLog,
  type ReferralMade,
  type Snapshot,
  type Submission,
} from './check.mjs';

const report = (reference: string, id: string, triaged = true) => ({
  id,
  reference,
  caseId: triaged ? `case-${id}` : null,
  triagedAt: triaged ? '2026-01-01T00:00:00.000Z' : null,
});
const opened = (id: number, reportId: string) => ({
  id,
  caseId: `case-${reportId}`,
  type: 'case_opened',
  reportId,
});
const accepted = (key: string, reference: string): Submission => ({
  key,
  channel: 'web',
  outcome: 'accepted',
  reference,
  statuses: [201],
});
const snapshot = (over: Partial<Snapshot> = {}): Snapshot => ({
  reports: [report('HT-1', 'r1'), report('HT-2', 'r2')],
  caseEvents: [opened(10, 'r1'), opened(11, 'r2')],
  smsInbound: [],
  ...over,
});
const client = (name: string, startSeq: number | null, seqs: number[]): ClientLog => ({
  name,
  startSeq,
  events: seqs.map((seq) => ({ name: 'case.created', seq })),
  resumes: startSeq === null ? [] : [{ seq: startSeq, replayed: 0 }],
});

describe('the chaos verdict', () => {
  it('passes a run where everything accepted is stored, triaged and seen', () => {
    const v = verdict({
      submissions: [accepted('k1', 'HT-1'), accepted('k2', 'HT-2')],
      sms: [],
      clients: [client('a', 9, [10, 11]), client('b', 9, [11, 10, 10])],
      claims: [{ caseId: 'case-r1', user: 'operator', status: 200 }],
      snapshot: snapshot(),
    });
    expect(v).toMatchObject({ accepted: 2, lost: 0, duplicated: 0, eventsMissed: 0, ok: true });
    expect(v.details.events.perClient[1]).toMatchObject({ receivedTwice: 1 });
  });

  it('counts a 201 whose report is not in the database as lost, and an untriaged one', () => {
    const r = checkReports(
      [accepted('k1', 'HT-1'), accepted('k2', 'HT-2'), accepted('k3', 'HT-3')],
      snapshot({ reports: [report('HT-1', 'r1'), report('HT-2', 'r2', false)] }),
    );
    expect(r).toMatchObject({ accepted: 3, lost: 1, lostReferences: ['HT-3'], untriaged: 1 });
  });

  it('ignores refused and failed submissions', () => {
    const r = checkReports(
      [
        { key: 'k9', channel: 'api', outcome: 'failed', statuses: [0, 503, 503] },
        { key: 'k8', channel: 'web', outcome: 'refused', statuses: [422] },
      ],
      snapshot(),
    );
    expect(r).toMatchObject({ accepted: 0, lost: 0 });
  });

  it('counts one key answered with two references and a report triaged twice as duplicates', () => {
    const v = verdict({
      submissions: [accepted('k1', 'HT-1'), accepted('k1', 'HT-2')],
      sms: [],
      clients: [],
      claims: [],
      snapshot: snapshot({
        caseEvents: [
          opened(10, 'r1'),
          opened(11, 'r2'),
          { ...opened(12, 'r2'), type: 'report_linked' },
        ],
      }),
    });
    expect(v.details.reports.duplicateKeys).toBe(1);
    expect(v.details.reports.doubleTriage).toEqual(['r2']);
    expect(v.duplicated).toBe(2);
    expect(v.ok).toBe(false);
  });

  it('counts every event after a client connected that it never received', () => {
    const e = checkEvents(
      [client('a', 9, [10]), client('late', 10, [11]), client('never', null, [])],
      snapshot(),
    );
    expect(e.perClient.map((c) => [c.name, c.expected, c.missed])).toEqual([
      ['a', 2, 1],
      ['late', 1, 0],
      ['never', 2, 2],
    ]);
    expect(e.eventsMissed).toBe(3);
  });

  it('treats a resume that had to refetch (replayed -1) as missing the gap', () => {
    const c: ClientLog = {
      name: 'a',
      startSeq: 9,
      events: [{ name: 'case.created', seq: 10 }],
      resumes: [
        { seq: 9, replayed: 0 },
        { seq: 11, replayed: -1 },
      ],
    };
    const e = checkEvents([c], snapshot());
    expect(e.eventsMissed).toBe(1);
    expect(e.perClient[0]).toMatchObject({ reconnects: 1, refetches: 1 });
  });

  it('finds a case claimed by two operators, from the clients or from the timeline', () => {
    const c = checkClaims(
      [
        { caseId: 'c1', user: 'operator', status: 200 },
        { caseId: 'c1', user: 'operator2', status: 409 },
        // One operator's second console claiming again is not a double claim.
        { caseId: 'c1', user: 'operator', status: 200 },
        { caseId: 'c2', user: 'operator', status: 200 },
        { caseId: 'c2', user: 'operator2', status: 200 },
      ],
      snapshot({
        caseEvents: [
          { id: 1, caseId: 'c3', type: 'claimed', reportId: null, actorId: 'u1' },
          { id: 2, caseId: 'c3', type: 'claimed', reportId: null, actorId: 'u2' },
          { id: 3, caseId: 'c4', type: 'claimed', reportId: null, actorId: 'u1' },
        ],
      }),
    );
    expect(c).toMatchObject({
      won: 4,
      doubleClaims: 2,
      doubleByClients: ['c2'],
      doubleInDb: ['c3'],
    });
  });

  it('counts an SMS answered 200 but not stored as lost, and one stored twice as duplicated', () => {
    const s = checkSms(
      [
        { messageSid: 'SM1', outcome: 'accepted', statuses: [200] },
        { messageSid: 'SM1', outcome: 'accepted', statuses: [200] },
        { messageSid: 'SM2', outcome: 'accepted', statuses: [200] },
        { messageSid: 'SM3', outcome: 'accepted', statuses: [200] },
      ],
      snapshot({
        smsInbound: [{ messageSid: 'SM1' }, { messageSid: 'SM3' }, { messageSid: 'SM3' }],
      }),
    );
    expect(s).toEqual({ accepted: 3, lost: ['SM2'], duplicated: ['SM3'] });
  });

  describe('referrals and what reached the centres', () => {
    const T = Date.parse('2026-01-01T01:00:00.000Z');
    const iso = (ms: number) => new Date(ms).toISOString();
    const referral = (
      id: string,
      reference: string,
      centreId = 'C1',
      createdAtMs = T - 60_000,
    ) => ({
      id,
      caseId: `case-${reference}`,
      reference,
      centreId,
      status: 'pending',
      createdBy: 'u1',
      createdAt: iso(createdAtMs),
    });
    const snap = (over: Partial<Snapshot> = {}): Snapshot => ({
      ...snapshot(),
      takenAt: iso(T),
      referrals: [referral('R1', 'HT-1'), referral('R2', 'HT-2')],
      ...over,
    });
    const made = (key: string, referralId: string): ReferralMade => ({
      key,
      caseId: 'c',
      user: 'operator',
      centreId: 'C1',
      outcome: 'accepted',
      referralId,
      statuses: [201],
    });
    const text = (to: string, reference: string) => ({
      kind: 'sms' as const,
      to,
      body: `【护童】新转介 ${reference}，P2 紧急，地区：某县。请尽快登录护童系统确认接收。`,
      url: null,
    });
    const hook = (webhookId: string, referralId: string, status = 204) => ({
      centreId: 'C1',
      webhookId,
      verified: true,
      type: 'referral.created',
      referralId,
      status,
    });
    const phones = {
      '+8613700000010': { centreId: 'C1', contactIndex: 0 },
      '+8613700000011': { centreId: 'C1', contactIndex: 1 },
    };
    const everyOnce = (): CentreEffects => ({
      twilio: [text('+8613700000010', 'HT-1'), text('+8613700000010', 'HT-2')],
      webhooks: [hook('msg_1', 'R1'), hook('msg_2', 'R2')],
      phones,
    });

    it('passes when every referral reached its centre once by webhook and SMS', () => {
      const unreferred: ReferralMade = {
        key: null,
        caseId: 'c9',
        user: 'operator',
        outcome: 'no_centre',
        statuses: [],
      };
      const r = checkReferrals(
        [made('k1', 'R1'), made('k2', 'R2'), unreferred],
        everyOnce(),
        snap(),
      );
      expect(r).toMatchObject({
        made: 2,
        attempted: 3,
        noCentre: 1,
        notNotified: 0,
        doubleEffects: 0,
        doubleEscalations: [],
        lost: [],
        duplicateKeys: [],
        perReferral: { webhooks: { '1': 2 }, sms: { '1': 2 } },
      });
    });

    it('counts a redelivery with the same webhook-id as at-least-once, not as done twice', () => {
      const effects = everyOnce();
      effects.webhooks.unshift(hook('msg_1', 'R1', 503));
      const r = checkReferrals([], effects, snap());
      expect(r).toMatchObject({ doubleEffects: 0, notNotified: 0 });
      expect(r.delivered.webhookRedeliveries).toBe(1);
    });

    it('finds a second distinct send: two webhook ids, two SMS, or one call placed twice', () => {
      const effects = everyOnce();
      effects.webhooks.push(hook('msg_9', 'R1'));
      effects.twilio.push(text('+8613700000010', 'HT-2'));
      const call = { kind: 'call' as const, to: '+8613700000010', body: null };
      const url = 'http://x/twilio/notify/voice?referral=R1&n=N1';
      effects.twilio.push({ ...call, url }, { ...call, url });
      const r = checkReferrals([], effects, snap());
      expect(r).toMatchObject({
        doubleEffects: 3,
        twiceWebhook: ['R1'],
        twiceSms: ['R2 0'],
        twiceCall: ['N1'],
      });
      expect(verdict({ ...input(), centres: effects }).ok).toBe(false);
    });

    it('finds a referral never notified, by either channel, once it is older than the settle time', () => {
      const effects = everyOnce();
      effects.webhooks = effects.webhooks.filter((w) => w.referralId !== 'R1');
      effects.twilio = effects.twilio.filter((t) => !t.body?.includes('HT-2'));
      const recent = referral('R3', 'HT-3', 'C1', T - 5_000);
      const r = checkReferrals(
        [],
        effects,
        snap({ referrals: [referral('R1', 'HT-1'), referral('R2', 'HT-2'), recent] }),
      );
      expect(r).toMatchObject({
        notNotified: 2,
        missingWebhook: ['R1'],
        missingSms: ['R2'],
        awaiting: 1,
      });
      expect(verdict({ ...input(), centres: effects }).notNotified).toBe(2);
    });

    it('finds an escalation run twice and a next-contact escalation never texted', () => {
      const escalated = (id: number, referralId: string) => ({
        id,
        caseId: 'case-HT-1',
        type: 'referral_escalated',
        reportId: null,
        referralId,
        level: 1,
        step: 'next_contact',
        createdAt: iso(T - 40_000),
      });
      const effects = everyOnce();
      effects.twilio.push(text('+8613700000011', 'HT-1'));
      const r = checkReferrals(
        [],
        effects,
        snap({
          caseEvents: [
            ...snapshot().caseEvents,
            escalated(20, 'R1'),
            escalated(21, 'R1'),
            escalated(22, 'R2'),
          ],
        }),
      );
      expect(r.doubleEscalations).toEqual(['R1 1']);
      expect(r.missingEscalationSms).toEqual(['R2 1']);
      expect(r.twiceSms).toEqual([]);
    });

    it('finds one Idempotency-Key answered with two referrals, and a 201 with no row', () => {
      const r = checkReferrals(
        [made('k1', 'R1'), made('k1', 'R2'), made('k3', 'R9')],
        everyOnce(),
        snap(),
      );
      expect(r).toMatchObject({ duplicateKeys: ['k1'], lost: ['k3'] });
    });

    it('fails the run on a delivery whose signature does not verify', () => {
      const effects = everyOnce();
      effects.webhooks.push({ ...hook('msg_3', 'R1'), verified: false, status: 401 });
      expect(checkReferrals([], effects, snap()).badSignatures).toBe(1);
      expect(verdict({ ...input(), centres: effects }).ok).toBe(false);
    });

    const input = () => ({
      submissions: [accepted('k1', 'HT-1'), accepted('k2', 'HT-2')],
      sms: [],
      clients: [],
      claims: [],
      snapshot: snap(),
      referrals: [made('k1', 'R1'), made('k2', 'R2')],
    });
    it('passes the whole verdict when the centres heard of every referral once', () => {
      expect(verdict({ ...input(), centres: everyOnce() })).toMatchObject({
        ok: true,
        referralsMade: 2,
        notNotified: 0,
        doubleEffects: 0,
      });
    });
  });

  describe('the audit log of reads', () => {
    const T = Date.parse('2026-01-01T01:00:00.000Z');
    const users = [
      { id: 'u1', username: 'operator' },
      { id: 'u2', username: 'operator2' },
    ];
    const row = (actorId: string, caseId: string, atMs: number) => ({
      actorId,
      caseId,
      at: new Date(atMs).toISOString(),
    });
    const read = (user: string, caseId: string, startedAt: number, status = 200): CaseRead => ({
      caseId,
      user,
      status,
      startedAt,
      endedAt: startedAt + 50,
    });

    it('finds every read, a repeat within five minutes folded into the first row', () => {
      const a = checkAuditReads(
        [
          read('operator', 'c1', T),
          read('operator', 'c1', T + 200_000),
          read('operator2', 'c2', T),
        ],
        { users, auditReads: [row('u1', 'c1', T + 10), row('u2', 'c2', T + 20)] },
      );
      expect(a).toMatchObject({ reads: 3, missing: 0 });
    });

    it('finds a read with no row: another user, another case, or past the folding window', () => {
      const a = checkAuditReads(
        [
          read('operator2', 'c1', T),
          read('operator', 'c3', T),
          read('operator', 'c1', T + 400_000),
          read('operator', 'c4', T, 503),
        ],
        { users, auditReads: [row('u1', 'c1', T + 10)] },
      );
      expect(a).toMatchObject({ reads: 3, attempted: 4, missing: 3 });
      const v = verdict({
        submissions: [],
        sms: [],
        clients: [],
        claims: [],
        snapshot: { ...snapshot(), users, auditReads: [] },
        reads: [read('operator', 'c1', T)],
      });
      expect(v).toMatchObject({ ok: false, auditReadsMissing: 1 });
    });
  });
});
