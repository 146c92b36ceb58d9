import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { account, accountingOk, dropSightings } from './accounting.mjs';
import { generateArrivals } from './arrivals.mjs';
import { agentsFor, erlangB, erlangC, serviceLevel } from './erlang.mjs';
import { erlangStaffing, nextStaffing, parseArgs } from './run.mjs';
import { registerFigures, simulatedWait } from './report.mjs';
import { checklistWith, DANGER_ITEMS, planRegister } from './register.mjs';
import { referenceHeard } from './supervision.mjs';
import { loadScenario, parseScenario, ScenarioError, type Scenario } from './scenario.mjs';

const scenarios = join(import.meta.dirname, 'scenarios');
const base = (): Scenario => loadScenario(join(scenarios, 'default.yaml'));

function problems(text: string) {
  try {
    parseScenario(text, 'bad.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    return (err as ScenarioError).problems;
  }
  throw new Error('the scenario was accepted');
}

describe('the scenario parser', () => {
  it('reads every scenario in the repository', () => {
    const files = readdirSync(scenarios).filter((f) => f.endsWith('.yaml'));
    expect(files.sort()).toEqual([
      'centre-outage.yaml',
      'default.yaml',
      'news-surge.yaml',
      'night-shift.yaml',
    ]);
    for (const f of files) {
      const scenario = loadScenario(join(scenarios, f));
      expect(scenario.calls.perHour, f).toHaveLength(24);
      // Every day watches as well as answers: the register's visits and warnings run in each.
      expect(scenario.register?.children, f).toBeGreaterThan(0);
    }
  });

  it('names the line and path of a wrong value', () => {
    const text = `name: x
calls:
  perHour: [1, 2, 3]
`;
    const found = problems(text);
    const perHour = found.find((p) => p.path === 'calls.perHour');
    expect(perHour).toMatchObject({ line: 3, message: 'expected 24 numbers, got 3' });
    // Missing sections are named too, at the line of their parent.
    expect(found.some((p) => p.path === 'sms' && p.line === 1)).toBe(true);
  });

  it('names the line of a value deep in a list', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(join(scenarios, 'default.yaml'), 'utf8').replace(
      '{ name: day, from: 8, to: 16, operators: 6 }',
      '{ name: day, from: 8, to: 16, operators: -2 }',
    );
    const lines = text.split('\n');
    const expected = lines.findIndex((l) => l.includes('operators: -2')) + 1;
    const [p] = problems(text);
    expect(p).toMatchObject({ path: 'operators.shifts.1.operators', line: expected });
    expect(String(p!.message)).toMatch(/>=\s*0|too small/i);
  });

  it('reports YAML syntax errors with their line', () => {
    const [p] = problems('name: x\ncalls: [1, 2\nsms: {}\n');
    expect(p!.line).toBeGreaterThanOrEqual(2);
    expect(p!.path).toBe('');
  });

  it('insists the shifts cover every hour once', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(join(scenarios, 'default.yaml'), 'utf8').replace(
      'from: 8, to: 16',
      'from: 9, to: 16',
    );
    const [p] = problems(text);
    expect(p!.path).toBe('operators.shifts');
    expect(p!.message).toContain('hour 8 is covered 0 times');
  });
});

describe('arrivals', () => {
  it('are the same for the same scenario and seed, different for another seed', () => {
    const s = base();
    const a = generateArrivals(s, { seed: 7 });
    expect(generateArrivals(s, { seed: 7 })).toEqual(a);
    expect(generateArrivals(s, { seed: 8 })).not.toEqual(a);
    expect(a.map((x) => x.atS)).toEqual([...a.map((x) => x.atS)].sort((x, y) => x - y));
  });

  it('follow the hourly rates and stay inside the window', () => {
    const s = base();
    const part = generateArrivals(s, { seed: 3, startHour: 17, hours: 2 });
    expect(part.every((a) => a.atS >= 17 * 3600 && a.atS < 19 * 3600)).toBe(true);
    // Over many seeds the mean number of calls in 17–19 h is the scenario's 22 + 20.
    let calls = 0;
    for (let seed = 1; seed <= 200; seed++)
      calls += generateArrivals(s, { seed, startHour: 17, hours: 2 }).filter(
        (a) => a.kind === 'call',
      ).length;
    expect(calls / 200).toBeGreaterThan(38);
    expect(calls / 200).toBeLessThan(46);
  });

  it('never offers voicemail to an urgent caller', () => {
    const calls = generateArrivals(base(), { seed: 5 }).filter((a) => a.kind === 'call');
    expect(
      calls.filter((c) => c.menu === 'immediate_danger').every((c) => c.leaves === 'never'),
    ).toBe(true);
    expect(calls.some((c) => c.leaves === 'voicemail')).toBe(true);
  });
});

describe('Erlang C', () => {
  it('matches the textbook values', () => {
    expect(erlangB(10, 10)).toBeCloseTo(0.2146, 4);
    expect(erlangC(11, 10)).toBeCloseTo(0.6821, 4);
    // 200 calls an hour of 180 s = 10 erlangs; 11 agents answer 39 % within 20 s.
    expect(
      serviceLevel({ agents: 11, ratePerHour: 200, handleSeconds: 180, targetSeconds: 20 }),
    ).toBeCloseTo(0.3897, 3);
    expect(erlangC(10, 10)).toBe(1);
  });

  it('finds the fewest agents for 90 % within 15 s', () => {
    const n = agentsFor({ ratePerHour: 200, handleSeconds: 180, targetSeconds: 15, target: 0.9 });
    expect(
      serviceLevel({ agents: n, ratePerHour: 200, handleSeconds: 180, targetSeconds: 15 }),
    ).toBeGreaterThanOrEqual(0.9);
    expect(
      serviceLevel({ agents: n - 1, ratePerHour: 200, handleSeconds: 180, targetSeconds: 15 }),
    ).toBeLessThan(0.9);
    expect(agentsFor({ ratePerHour: 0, handleSeconds: 180 })).toBe(0);
  });

  it('gives the staffing search its start, and the search adds where a shift missed', () => {
    const { perShift, handleSeconds } = erlangStaffing(base());
    expect(handleSeconds).toBeGreaterThan(240);
    // The evening peak needs more operators than the night.
    expect(perShift[2]).toBeGreaterThan(perShift[0]!);
    expect(nextStaffing([2, 3, 4], [0.95, 0.5, null])).toEqual([2, 4, 4]);
    expect(nextStaffing([2, 3, 4], [0.9, 0.91, 1])).toEqual([2, 3, 4]);
  });
});

describe('the accounting', () => {
  const receipts = [
    { channel: 'web', key: 'k1', reportId: 'r1', reference: 'HT-AAAA-0001' },
    { channel: 'sms', key: 's1', reference: 'HT-AAAA-0002' },
    { channel: 'voice', key: 'answer:c1', caseId: 'case-3' },
  ];
  const sightings = [
    { reportId: 'r1', caseId: 'case-1', reference: 'HT-AAAA-0001', channel: 'web' },
    { reportId: 'r2', caseId: 'case-2', reference: 'HT-AAAA-0002', channel: 'sms' },
    { reportId: 'r3', caseId: 'case-3', reference: 'HT-AAAA-0003', channel: 'voice' },
  ];

  it('balances when every report reached a console once', () => {
    const a = account({ receipts, sightings });
    expect(a).toMatchObject({ received: 3, onConsole: 3, lost: 0, duplicated: 0 });
    expect(accountingOk(a)).toBe(true);
  });

  it('catches a report dropped by the fault hook', () => {
    const a = account({ receipts, sightings: dropSightings(sightings, receipts[0]!) });
    expect(a).toMatchObject({ received: 3, onConsole: 2, lost: 1, lostKeys: ['k1'] });
    expect(accountingOk(a)).toBe(false);
  });

  it('matches a sender who never learnt an id to one case of the channel, once', () => {
    const unknown = [...receipts, { channel: 'sms', key: 's2' }];
    const four = [...sightings, { reportId: 'r4', caseId: 'case-4', channel: 'sms' }];
    expect(account({ receipts: unknown, sightings: four })).toMatchObject({
      lost: 0,
      duplicated: 0,
    });
    expect(account({ receipts: unknown, sightings })).toMatchObject({ lost: 1, lostKeys: ['s2'] });
    const five = [...four, { reportId: 'r5', caseId: 'case-5', channel: 'sms' }];
    expect(account({ receipts: unknown, sightings: five }).duplicated).toBe(1);
  });

  it('catches a duplicate: a case nobody sent, a report opening two cases', () => {
    const extra = [...sightings, { reportId: 'r1', caseId: 'case-9', channel: 'web' }];
    const a = account({ receipts, sightings: extra });
    expect(a.duplicated).toBe(2);
    expect(accountingOk(a)).toBe(false);
  });
});

describe('the clock and the options', () => {
  it('counts the people’s time compressed and the system’s time as it was', () => {
    // 100 ms real at speed 1440, of which 40 ms the system's: 60 ms × 1440 = 86.4 s + 0.04 s.
    expect(simulatedWait(100, 40, 1440)).toBeCloseTo(86.44, 2);
  });

  it('parses the documented options and refuses unknown ones', () => {
    expect(parseArgs(['--speed', '60', '--hours=3', '--db', 'server'])).toMatchObject({
      speed: 60,
      hours: 3,
      db: 'server',
    });
    expect(() => parseArgs(['--fast'])).toThrow(/Unknown option --fast/);
    expect(() => parseArgs(['--db', 'sqlite'])).toThrow(/pglite or server/);
  });
});

describe('the register in the day', () => {
  it('is optional, and a bad register section is named with its line', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(join(scenarios, 'default.yaml'), 'utf8');
    expect(base().register?.children).toBeGreaterThan(0);
    const without = text.slice(0, text.indexOf('# The register'));
    expect(parseScenario(without, 'x.yaml').register).toBeUndefined();
    const bad = text.replace('dangerShare: 0.2', 'dangerShare: 1.5');
    const expected = bad.split('\n').findIndex((l) => l.includes('dangerShare: 1.5')) + 1;
    const [p] = problems(bad);
    expect(p).toMatchObject({ path: 'register.dangerShare', line: expected });
    expect(String(p!.message)).toMatch(/<=\s*1|too big/i);
  });

  it('plans the same visits for the same seed, inside the window, each due file visited once', () => {
    const s = base();
    const plan = planRegister(s, { seed: 3, startHour: 8, hours: 12 });
    expect(planRegister(s, { seed: 3, startHour: 8, hours: 12 })).toEqual(plan);
    expect(planRegister(s, { seed: 4, startHour: 8, hours: 12 })).not.toEqual(plan);
    expect(plan.files).toHaveLength(s.register!.children);
    const due = plan.files.filter((f) => f.dueS !== null);
    // 24 a day → 12 in half a day.
    expect(due).toHaveLength(12);
    expect(due.every((f) => f.dueS! > 8 * 3600 && f.dueS! < 20 * 3600)).toBe(true);
    expect(due.every((f) => f.visit !== null)).toBe(true);
    expect(plan.files.filter((f) => f.dueS === null).every((f) => f.visit === null)).toBe(true);
    // Late visits are planned after their due moment, the others before it.
    for (const f of due)
      if (f.visit!.late) expect(f.visit!.atS).toBeGreaterThan(f.dueS!);
      else expect(f.visit!.atS).toBeLessThanOrEqual(f.dueS!);
    // Over a full day and many seeds, the shares are the scenario's.
    let phone = 0;
    let danger = 0;
    let n = 0;
    for (let seed = 1; seed <= 100; seed++)
      for (const f of planRegister(s, { seed }).files.filter((x) => x.visit)) {
        n++;
        if (f.visit!.kind === 'phone') phone++;
        if (f.visit!.danger) danger++;
      }
    expect(phone / n).toBeGreaterThan(0.25);
    expect(phone / n).toBeLessThan(0.35);
    expect(danger / n).toBeGreaterThan(0.15);
    expect(danger / n).toBeLessThan(0.25);
  });

  it('answers every checklist item, false only for the danger found', () => {
    const all = checklistWith(null);
    expect(Object.values(all).every((v) => v === true)).toBe(true);
    const one = checklistWith(DANGER_ITEMS[0]!);
    expect(Object.entries(one).filter(([, v]) => v === false)).toEqual([[DANGER_ITEMS[0], false]]);
  });

  it('counts visits due by the system’s dates, late ones, calls, warnings and warning → case', () => {
    const figures = registerFigures(
      {
        files: [
          { index: 0, dueReal: 1000 },
          { index: 1, dueReal: 2000 },
          { index: 2, dueReal: 9000 },
          { index: 3 },
        ],
        visits: [
          { fileIndex: 0, kind: 'home', late: false, danger: 'childSafe' },
          { fileIndex: 1, kind: 'phone', late: true, danger: null },
          { fileIndex: 2, kind: 'home', late: false, danger: null },
        ],
        calls: [{ outcome: 'answered' }, { outcome: 'no_answer' }],
        warnings: new Map([
          ['w1', { kind: 'danger_signal', status: 'escalated', handled: 'escalated' }],
          ['w2', { kind: 'visit_overdue', status: 'acknowledged', handled: 'acknowledged' }],
          ['w3', { kind: 'visit_overdue', status: 'open' }],
        ]),
        escalations: [
          { reference: 'HT-AAAA-0001', seenAt: 100, requestedAt: 200, answeredAt: 210 },
        ],
        errors: [],
      },
      [{ reference: 'HT-AAAA-0001', at: 250 }],
      1000,
      5000,
    );
    expect(figures.visits).toMatchObject({ due: 2, done: 2, onTime: 1, late: 1, phone: 1 });
    expect(figures.checkinCalls).toEqual({ made: 2, answered: 1, notAnswered: 1 });
    expect(figures.warnings).toMatchObject({
      raised: 3,
      byKind: { danger_signal: 1, visit_overdue: 2 },
      acknowledged: 1,
      escalated: 1,
      unhandledAtEnd: 1,
      byStatus: { escalated: 1, acknowledged: 1, open: 1 },
    });
    // 100 ms of the director's own time × 1000 = 100 s, and 50 ms of the system's.
    expect(figures.warningToCaseS.p50).toBeCloseTo(100.05, 2);
    expect(figures.escalateToConsoleMs.p50).toBe(50);
  });

  it('hears the case reference the alert call spells out', () => {
    expect(
      referenceHeard(
        '护童热线转介提醒。案件编号 H T   A B 1 2   3 C D 4。优先级 P1，红色 · 紧急。确认接收请按 1。',
      ),
    ).toBe('HT-AB12-3CD4');
    expect(referenceHeard('此转介已处理，无需再次确认。')).toBeNull();
  });
});
