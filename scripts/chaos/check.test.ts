import { describe, expect, it } from 'vitest';
import {
  checkClaims,
  checkEvents,
  checkReports,
  checkSms,
  verdict,
  type ClientLog,
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
});
