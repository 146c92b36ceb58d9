import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq, sql, type SQL } from 'drizzle-orm';
import {
  shanghaiDate,
  STAT_INTERVALS,
  STAT_SERIES_METRICS,
  type TStatsQuery,
} from '@hutong/shared';
import {
  calls,
  caseEvents,
  cases,
  centres,
  children,
  childVisits,
  referrals,
  reports,
  smsConversations,
  smsMessages,
  warnings,
} from '../../db/schema.js';
import { startTestServer, type TestServer } from '../../../test/server.js';
import { fileReport, type FiledReport } from '../../../test/cases.js';
import { TEST_DB_KIND } from '../../../test/db.js';
import type { Actor } from '../auth/sessions.js';
import { readStatsSeries } from './commands/read-stats-series.js';
import { readStatsSummary } from './commands/read-stats-summary.js';
import { refreshStatsRollup } from './commands/refresh-stats-rollup.js';
import { bucketStart } from './commands/read-stats-series.js';
import { planDays, readRollupFigures, readRollupSeries } from './stats-rollup.js';

/** An instant given in Beijing time. */
const bj = (local: string) => new Date(`${local}+08:00`);
const plus = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000);
/** The lineage of a demo village, province first (what the register stores as region_path). */
const pathOf = (village: string) => [
  `${village.slice(0, 2)}0000`,
  `${village.slice(0, 4)}00`,
  village.slice(0, 6),
  village.slice(0, 9),
  village,
];
const TIANHE = '440106001001';
const SHAOGUAN = '440232104201';

const SUPERVISOR = { role: 'supervisor', regionCode: null } as Actor;
/** Setup and each test do dozens of queries: generous on a shared 2-CPU machine. */
const SLOW = 600_000;
const SCOPES = [undefined, '440000', '440100', '440106', '440106001', '440200'];
/** Series: every metric and interval, in fewer scopes and periods (each is a few queries). */
const SERIES_SCOPES = [undefined, '440000', '440106', '440200'];

describe(`statistics rollup: rollup + live days = live (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  const filed: FiledReport[] = [];
  const extra: FiledReport[] = [];
  const today = shanghaiDate(new Date());
  const PERIODS: TStatsQuery[] = [
    { from: '2026-02-01', to: '2026-04-30' },
    { from: '2026-03-01', to: '2026-03-31' },
    { from: '2026-02-28', to: '2026-03-01' },
    { from: '2026-03-10', to: today },
  ];

  async function place(report: FiledReport, at: Date, channel: 'web' | 'voice' | 'sms' | 'api') {
    const db = server.database.db;
    await db
      .update(reports)
      .set({ receivedAt: at, channel })
      .where(eq(reports.id, report.reportId));
    await db.update(cases).set({ createdAt: at, channel }).where(eq(cases.id, report.caseId));
    await db.update(caseEvents).set({ createdAt: at }).where(eq(caseEvents.caseId, report.caseId));
  }

  const callRow = (
    reportId: string,
    queuedAt: Date,
    fields: Partial<typeof calls.$inferInsert>,
  ) => ({
    callSid: `CA${randomUUID().replaceAll('-', '')}`,
    fromEncrypted: 'x',
    fromHash: randomUUID(),
    reportId,
    queuedAt,
    ...fields,
  });

  /** A file on the register with exactly the fields its figures read. */
  async function addChild(fields: {
    village: string;
    createdAt: Date;
    risk: 'high' | 'medium' | 'low';
    categories: ('left_behind' | 'orphan' | 'disabled' | 'migrant')[];
    closedAt?: Date;
    status?: 'open' | 'closed';
  }) {
    const [row] = await server.database.db
      .insert(children)
      .values({
        identityHash: randomUUID(),
        nameHash: randomUUID(),
        name: 'sealed',
        sex: 'female',
        regionCode: fields.village,
        regionPath: pathOf(fields.village),
        categories: fields.categories,
        riskLevel: fields.risk,
        ruleRiskLevel: fields.risk,
        riskReasons: [],
        status: fields.status ?? (fields.closedAt ? 'closed' : 'open'),
        closedAt: fields.closedAt ?? null,
        nextVisitDue: bj('2026-03-15T00:00:00'),
        createdAt: fields.createdAt,
      })
      .returning({ id: children.id });
    return row!.id;
  }
  const kids: string[] = [];

  async function rowsOf<T = unknown>(query: SQL): Promise<T[]> {
    const result: unknown = await server.database.db.execute(query);
    return (result as { rows: T[] }).rows;
  }

  /** Runs the job until it ran itself (the scheduled one may hold the lock at that moment). */
  async function rollUp() {
    for (let attempt = 0; ; attempt++) {
      const run = await refreshStatsRollup(server.hutong.ctx);
      if (run.ran || attempt > 600) return run;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Every scope and period: the summary through the rollup equals the one from the records. */
  async function expectRollupEqualsLive() {
    const ctx = server.hutong.ctx;
    const now = new Date();
    for (const regionCode of SCOPES) {
      for (const period of PERIODS) {
        const query = { ...period, ...(regionCode ? { regionCode } : {}) };
        const live = await readStatsSummary(ctx, SUPERVISOR, query, now, { live: true });
        const rolled = await readStatsSummary(ctx, SUPERVISOR, query, now);
        expect(rolled, `${regionCode ?? 'line'} ${period.from}…${period.to}`).toEqual(live);
      }
    }
    for (const regionCode of SERIES_SCOPES) {
      for (const period of [PERIODS[0]!, PERIODS[3]!]) {
        for (const metric of STAT_SERIES_METRICS) {
          for (const interval of STAT_INTERVALS) {
            const query = { ...period, metric, interval, ...(regionCode ? { regionCode } : {}) };
            const live = await readStatsSeries(ctx, SUPERVISOR, query, now, { live: true });
            const rolled = await readStatsSeries(ctx, SUPERVISOR, query, now);
            expect(
              rolled,
              `series ${metric}/${interval} ${regionCode ?? 'line'} ${period.from}…${period.to}`,
            ).toEqual(live);
          }
        }
      }
    }
  }

  beforeAll(async () => {
    server = await startTestServer();
    const db = server.database.db;
    const tianhe = { regionCode: '440106001001', address: '五山路1号' };
    const shaoguan = { regionCode: '440232104201', address: '必背镇必背口村村委会旁' };
    for (let i = 0; i < 6; i++) {
      filed.push(
        await fileReport(server, {
          location: i % 3 === 2 ? shaoguan : tianhe,
          categories: i % 2 ? ['bullying', 'emotional_abuse'] : ['emotional_abuse'],
          ...(i === 4 ? { immediateDanger: true } : {}),
        }),
      );
    }
    for (const code of [TIANHE, SHAOGUAN, TIANHE])
      extra.push(await fileReport(server, { location: { regionCode: code, address: 'x' } }));
    // Around Beijing midnights: 23:59:59.999 belongs to the day before, 00:00 to the day after.
    await place(filed[0]!, bj('2026-03-01T00:00:00'), 'web');
    await place(filed[1]!, bj('2026-02-28T23:59:59.999'), 'web');
    await place(filed[2]!, bj('2026-03-10T12:30:00'), 'sms');
    await place(filed[3]!, bj('2026-03-31T23:59:59.999'), 'voice');
    await place(filed[4]!, bj('2026-04-01T00:00:00'), 'api');
    // filed[5] stays today: read live.

    for (const [i, report] of filed.slice(0, 4).entries()) {
      const opened = (
        await db.select({ at: cases.createdAt }).from(cases).where(eq(cases.id, report.caseId))
      )[0]!.at;
      await db.insert(caseEvents).values([
        { caseId: report.caseId, type: 'claimed', createdAt: plus(opened, 30 + i * 17.25) },
        {
          caseId: report.caseId,
          type: 'status_changed',
          data: { from: 'in_progress', to: 'resolved' },
          createdAt: plus(opened, 3600 * (i + 1) + 0.5),
        },
        ...(i === 0
          ? [
              {
                caseId: report.caseId,
                type: 'status_changed' as const,
                data: { from: 'resolved', to: 'triaging' },
                createdAt: plus(opened, 86_400 * 2),
              },
            ]
          : []),
      ]);
    }
    const q = bj('2026-03-05T23:59:50');
    await db
      .insert(calls)
      .values([
        callRow(filed[0]!.reportId, q, { status: 'completed', answeredAt: plus(q, 10.25) }),
        callRow(filed[0]!.reportId, q, { status: 'completed', answeredAt: plus(q, 15) }),
        callRow(filed[1]!.reportId, q, { status: 'completed', answeredAt: plus(q, 16.5) }),
        callRow(filed[2]!.reportId, q, { status: 'abandoned', endedAt: plus(q, 14.9) }),
        callRow(filed[2]!.reportId, plus(q, 20), { status: 'abandoned', endedAt: plus(q, 80) }),
      ]);
    // An SMS conversation on 10 March (the report's day), its first text at 23:59:59 Beijing.
    const [conversation] = await db
      .insert(smsConversations)
      .values({
        phoneHash: randomUUID(),
        phoneEncrypted: 'x',
        state: {},
        reportId: filed[2]!.reportId,
        createdAt: bj('2026-03-10T23:59:59'),
      })
      .returning({ id: smsConversations.id });
    await db.insert(smsMessages).values({
      conversationId: conversation!.id,
      direction: 'inbound',
      bodyEncrypted: 'x',
      status: 'received',
      createdAt: bj('2026-03-10T23:59:59'),
    });
    const [centre] = await db.select({ id: centres.id }).from(centres).limit(1);
    const sent = bj('2026-03-02T10:00:00');
    await db.insert(referrals).values([
      {
        caseId: filed[0]!.caseId,
        centreId: centre!.id,
        priority: 'P3',
        ackDeadline: plus(sent, 3600),
        acknowledgedAt: plus(sent, 3600),
        status: 'acknowledged',
        createdAt: sent,
      },
      {
        caseId: filed[2]!.caseId,
        centreId: centre!.id,
        priority: 'P3',
        ackDeadline: plus(sent, 3600),
        escalationLevel: 1,
        status: 'declined',
        createdAt: sent,
      },
    ]);
    // The register: files registered before, in and after March, one closed in March, one
    // closed before it, one closed without a date; visits (one unanswered check-in call) and
    // warnings (one escalated) around the same midnights.
    kids.push(
      await addChild({
        village: TIANHE,
        createdAt: bj('2026-01-10T09:00:00'),
        risk: 'high',
        categories: ['left_behind', 'disabled'],
      }),
      await addChild({
        village: SHAOGUAN,
        createdAt: bj('2026-02-28T23:59:59.999'),
        risk: 'medium',
        categories: ['orphan'],
        closedAt: bj('2026-03-31T23:59:59.999'),
      }),
      await addChild({
        village: TIANHE,
        createdAt: bj('2026-03-01T00:00:00'),
        risk: 'low',
        categories: ['migrant', 'left_behind'],
        closedAt: bj('2026-04-01T00:00:00'),
      }),
      await addChild({
        village: SHAOGUAN,
        createdAt: bj('2026-02-01T08:00:00'),
        risk: 'high',
        categories: ['left_behind'],
        closedAt: bj('2026-02-20T08:00:00'),
      }),
      await addChild({
        village: TIANHE,
        createdAt: bj('2026-03-20T08:00:00'),
        risk: 'medium',
        categories: ['orphan'],
        status: 'closed',
      }),
      await addChild({
        village: TIANHE,
        createdAt: bj('2026-04-02T08:00:00'),
        risk: 'low',
        categories: ['disabled'],
      }),
    );
    await db.insert(childVisits).values([
      {
        childId: kids[0]!,
        kind: 'home',
        visitedAt: bj('2026-02-28T23:59:59.999'),
        seen: ['child'],
        checklist: {} as never,
      },
      {
        childId: kids[0]!,
        kind: 'home',
        visitedAt: bj('2026-03-01T00:00:00'),
        seen: ['child'],
        checklist: {} as never,
      },
      {
        childId: kids[1]!,
        kind: 'phone',
        visitedAt: bj('2026-03-12T10:00:00'),
        seen: [],
        checklist: {} as never,
        callOutcome: 'no_answer',
      },
      {
        childId: kids[1]!,
        kind: 'phone',
        visitedAt: bj('2026-03-13T10:00:00'),
        seen: ['child'],
        checklist: {} as never,
        callOutcome: 'answered',
      },
    ]);
    const warning = (child: string, village: string, createdAt: Date, escalatedAt?: Date) => ({
      childId: child,
      kind: 'visit_overdue' as const,
      status: escalatedAt ? ('escalated' as const) : ('open' as const),
      reasons: [],
      dedupeKey: randomUUID(),
      regionCode: village,
      regionPath: pathOf(village),
      createdAt,
      escalatedAt: escalatedAt ?? null,
    });
    await db
      .insert(warnings)
      .values([
        warning(kids[0]!, TIANHE, bj('2026-02-28T12:00:00'), bj('2026-03-01T00:00:00')),
        warning(kids[1]!, SHAOGUAN, bj('2026-03-31T23:59:59.999')),
      ]);
  }, SLOW);
  afterAll(async () => {
    await server?.stop();
  }, SLOW);

  it(
    'plans complete clean months as month rows, dirty and unrolled days live',
    () => {
      const plan = planDays('2026-02-15', '2026-05-02', '2026-05-01', new Set(['2026-03-09']));
      expect(plan.stored.months).toEqual(['2026-04-01']);
      expect(plan.stored.days).toContain('2026-03-08');
      expect(plan.stored.days).not.toContain('2026-03-09');
      expect(plan.liveDays).toEqual(['2026-03-09', '2026-05-01', '2026-05-02']);
      expect(plan.live).toHaveLength(2);
    },
    SLOW,
  );

  it(
    'answers exactly as the records do once the rollup has run',
    async () => {
      const run = await rollUp();
      expect(run.rolledTo).toBe(today);
      const ctx = server.hutong.ctx;
      const [rolledTo] = await rowsOf<{ d: string }>(
        sql`select rolled_to::text as d from stats_rollup_state`,
      );
      expect(rolledTo?.d).toBe(today);
      const figures = await readRollupFigures(
        ctx,
        {
          from: '2026-03-01',
          to: '2026-03-31',
          start: bj('2026-03-01T00:00:00'),
          end: bj('2026-04-01T00:00:00'),
        },
        null,
      );
      expect(figures).not.toBeNull();
      expect(figures!.contacts.total).toBe(3);
      expect(figures!.calls.waitP50).toBeCloseTo(15, 5);
      // The register's from the rollup too: on file at the end of March (a stock), its visits
      // (an unanswered check-in call not counted) and warnings.
      expect(figures!.register).toMatchObject({
        onFile: 2,
        high: 1,
        medium: 0,
        low: 1,
        visitsDone: 2,
        warningsRaised: 1,
        warningsEscalated: 1,
      });
      // The series too is read from the rollup (not the records' fallback): March by channel.
      const march = {
        from: '2026-03-01',
        to: '2026-03-31',
        start: bj('2026-03-01T00:00:00'),
        end: bj('2026-04-01T00:00:00'),
      };
      const series = await readRollupSeries(
        ctx,
        'contacts.total',
        'month',
        march,
        null,
        bucketStart,
      );
      expect(series?.sort((a, b) => (a.channel ?? '').localeCompare(b.channel ?? ''))).toEqual([
        { start: '2026-03-01', channel: 'sms', n: 1 },
        { start: '2026-03-01', channel: 'voice', n: 1 },
        { start: '2026-03-01', channel: 'web', n: 1 },
      ]);
      await expectRollupEqualsLive();
    },
    SLOW,
  );

  it(
    'stays exact after past days change (a report moved between cases, edits, new calls)',
    async () => {
      const db = server.database.db;
      // The report of 28 February joins the case of 1 March; a past case is re-prioritised and
      // moved to Shaoguan (with a call placed by that case alone); a call is added on a past day;
      // a report's place changes.
      await db.insert(calls).values(
        callRow(filed[3]!.reportId, bj('2026-03-21T09:00:00'), {
          reportId: null,
          caseId: filed[3]!.caseId,
          status: 'completed',
          answeredAt: bj('2026-03-21T09:00:03'),
        }),
      );
      await rollUp();
      await db
        .update(reports)
        .set({ caseId: filed[0]!.caseId })
        .where(eq(reports.id, filed[1]!.reportId));
      await db
        .update(cases)
        .set({ priority: 'P1', regionCode: '440232104201' })
        .where(eq(cases.id, filed[3]!.caseId));
      await db.insert(calls).values(
        callRow(filed[3]!.reportId, bj('2026-03-20T08:00:00'), {
          status: 'completed',
          answeredAt: bj('2026-03-20T08:00:42.5'),
        }),
      );
      await db
        .update(reports)
        .set({ regionCode: '440232104201' })
        .where(eq(reports.id, filed[0]!.reportId));
      await db.insert(caseEvents).values({
        caseId: filed[2]!.caseId,
        type: 'claimed',
        createdAt: bj('2026-03-11T00:00:00'),
      });
      // The register: a file's risk is raised, one is closed in March, one moves to Shaoguan
      // (its visits with it), a visit is logged on a past day, a warning is escalated.
      await db.update(children).set({ riskLevel: 'high' }).where(eq(children.id, kids[2]!));
      await db
        .update(children)
        .set({ status: 'closed', closedAt: bj('2026-03-05T12:00:00') })
        .where(eq(children.id, kids[0]!));
      await db
        .update(children)
        .set({ regionCode: SHAOGUAN, regionPath: pathOf(SHAOGUAN) })
        .where(eq(children.id, kids[2]!));
      await db.insert(childVisits).values({
        childId: kids[2]!,
        kind: 'school',
        visitedAt: bj('2026-03-18T15:00:00'),
        seen: ['child'],
        checklist: {} as never,
      });
      await db
        .update(warnings)
        .set({ status: 'escalated', escalatedAt: bj('2026-03-31T23:00:00') })
        .where(eq(warnings.childId, kids[1]!));
      // Before the job catches up (the dirty days read live) and after.
      await expectRollupEqualsLive();
      await rollUp();
      await expectRollupEqualsLive();
    },
    SLOW,
  );

  it(
    'is idempotent, and two workers at once leave the same rows',
    async () => {
      const snapshot = () =>
        rowsOf(
          sql`select grain, start::text, region_key, counts from stats_rollup
            union all select grain, start::text, region_key || '/' || centre_id, counts from stats_rollup_referrals
            order by 1, 2, 3`,
        );
      await rollUp();
      const before = await snapshot();
      expect(before.length).toBeGreaterThan(0);
      const runs = await Promise.all([
        refreshStatsRollup(server.hutong.ctx),
        refreshStatsRollup(server.hutong.ctx),
      ]);
      expect(runs.filter((r) => r.ran).length).toBeLessThanOrEqual(2);
      expect(await snapshot()).toEqual(before);
      await expectRollupEqualsLive();
    },
    SLOW,
  );
  it(
    'places every record by one region code: no place, a case elsewhere, above and below a county, a file moved, a stored lineage that disagrees',
    async () => {
      const db = server.database.db;
      const ctx = server.hutong.ctx;
      const [a, b, c] = extra as [FiledReport, FiledReport, FiledReport];
      await place(a, bj('2026-03-15T10:00:00'), 'voice');
      await place(b, bj('2026-03-16T10:00:00'), 'web');
      await place(c, bj('2026-03-17T10:00:00'), 'sms');
      await rollUp();
      // A report with no place, its case in Tianhe: a call by the report alone is unplaced, one
      // on both is placed by the case; its SMS conversation is unplaced with it.
      await db.update(reports).set({ regionCode: null }).where(eq(reports.id, a.reportId));
      const q = bj('2026-03-15T10:00:00');
      await db
        .insert(calls)
        .values([
          callRow(a.reportId, q, { status: 'completed', answeredAt: plus(q, 4) }),
          callRow(a.reportId, q, { caseId: a.caseId, status: 'completed', answeredAt: plus(q, 7) }),
        ]);
      await db.insert(smsConversations).values({
        phoneHash: randomUUID(),
        phoneEncrypted: 'x',
        state: {},
        reportId: a.reportId,
        createdAt: q,
      });
      // A case placed at a city (above a county) while its report stays at a village; a report
      // at a township (below a county) whose case is placed at the province.
      await db.update(cases).set({ regionCode: '440100' }).where(eq(cases.id, b.caseId));
      await db.update(reports).set({ regionCode: '440232104' }).where(eq(reports.id, c.reportId));
      await db.update(cases).set({ regionCode: '440000' }).where(eq(cases.id, c.caseId));

      // The register: a check-in call from a file that then moves village; and a file with a
      // warning whose stored lineage (region_path, written outside the register's commands)
      // disagrees with its village code. The figures place both by the code: the rollup did,
      // the live figures read the lineage — Tianhe's files, Shaoguan's lineage.
      const march = { from: '2026-03-01', to: '2026-03-31' };
      const register = async (regionCode: string) =>
        (
          await readStatsSummary(ctx, SUPERVISOR, { ...march, regionCode }, new Date(), {
            live: true,
          })
        ).register;
      const outbound = async (regionCode: string) =>
        (
          await readStatsSummary(ctx, SUPERVISOR, { ...march, regionCode }, new Date(), {
            live: true,
          })
        ).calls.outbound;
      const [tianheBefore, shaoguanBefore] = [await register('440106'), await register('440232')];
      const [callsBefore, shaoguanCallsBefore] = [
        await outbound('440106'),
        await outbound('440232'),
      ];
      await db.insert(calls).values({
        callSid: `CA${randomUUID().replaceAll('-', '')}`,
        fromEncrypted: 'x',
        fromHash: randomUUID(),
        direction: 'outbound',
        childId: kids[5]!,
        status: 'completed',
        checkinOutcome: 'answered',
        createdAt: bj('2026-03-18T10:00:00'),
      });
      const [stray] = await db
        .insert(children)
        .values({
          identityHash: randomUUID(),
          nameHash: randomUUID(),
          name: 'sealed',
          sex: 'male',
          regionCode: TIANHE,
          regionPath: pathOf(SHAOGUAN),
          categories: ['orphan'],
          riskLevel: 'high',
          ruleRiskLevel: 'high',
          riskReasons: [],
          nextVisitDue: bj('2026-03-20T00:00:00'),
          createdAt: bj('2026-03-05T09:00:00'),
        })
        .returning({ id: children.id });
      await db.insert(childVisits).values({
        childId: stray!.id,
        kind: 'home',
        visitedAt: bj('2026-03-06T10:00:00'),
        seen: ['child'],
        checklist: {} as never,
      });
      await db.insert(warnings).values({
        childId: stray!.id,
        kind: 'visit_overdue',
        status: 'open',
        reasons: [],
        dedupeKey: randomUUID(),
        regionCode: TIANHE,
        regionPath: pathOf(SHAOGUAN),
        createdAt: bj('2026-03-21T09:00:00'),
      });
      await db.insert(calls).values({
        callSid: `CA${randomUUID().replaceAll('-', '')}`,
        fromEncrypted: 'x',
        fromHash: randomUUID(),
        direction: 'outbound',
        childId: stray!.id,
        status: 'completed',
        checkinOutcome: 'no_answer',
        createdAt: bj('2026-03-22T10:00:00'),
      });
      // kids[5] (registered in April, Tianhe) moves to Shaoguan with its check-in call.
      await db
        .update(children)
        .set({ regionCode: SHAOGUAN, regionPath: pathOf(SHAOGUAN) })
        .where(eq(children.id, kids[5]!));

      // The stray file counts in Tianhe (its code) and not in Shaoguan (its stored lineage).
      const [tianhe, shaoguan] = [await register('440106'), await register('440232')];
      expect(tianhe.onFile - tianheBefore.onFile).toBe(1);
      expect(tianhe.byRisk.high - tianheBefore.byRisk.high).toBe(1);
      expect(tianhe.visitsDone - tianheBefore.visitsDone).toBe(1);
      expect(tianhe.visitsOverdue - tianheBefore.visitsOverdue).toBe(1);
      expect(tianhe.warningsRaised - tianheBefore.warningsRaised).toBe(1);
      expect(shaoguan).toEqual(shaoguanBefore);
      // Check-in calls: the stray file's in Tianhe; the moved file's with it, in Shaoguan.
      const [callsAfter, shaoguanCallsAfter] = [await outbound('440106'), await outbound('440232')];
      expect(callsAfter).toEqual({ made: callsBefore.made + 1, answered: callsBefore.answered });
      expect(shaoguanCallsAfter).toEqual({
        made: shaoguanCallsBefore.made + 1,
        answered: shaoguanCallsBefore.answered + 1,
      });

      await expectRollupEqualsLive();
      await rollUp();
      await expectRollupEqualsLive();
      // Check-in calls from the rollup: a past call's outcome changes, a file moves back with its
      // calls, a call is removed — each marks the day the call was placed.
      await db
        .update(calls)
        .set({ checkinOutcome: 'answered' })
        .where(eq(calls.childId, stray!.id));
      await db
        .update(children)
        .set({ regionCode: TIANHE, regionPath: pathOf(TIANHE) })
        .where(eq(children.id, kids[5]!));
      await db.insert(calls).values({
        callSid: `CA${randomUUID().replaceAll('-', '')}`,
        fromEncrypted: 'x',
        fromHash: randomUUID(),
        direction: 'outbound',
        childId: kids[1]!,
        status: 'completed',
        checkinOutcome: 'answered',
        createdAt: bj('2026-02-28T23:59:59.999'),
      });
      await db.delete(calls).where(eq(calls.childId, kids[5]!));
      await expectRollupEqualsLive();
      await rollUp();
      await expectRollupEqualsLive();
    },
    SLOW,
  );
});
