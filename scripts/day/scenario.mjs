// The day's scenario: a YAML (or JSON, which is YAML) file validated with zod. Every problem is
// reported with the file, the line and the path of the value, e.g.
// `scenarios/x.yaml:12 calls.perHour: expected 24 numbers, got 23`.
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';

const share = z.number().min(0).max(1);
const perHour = z.array(z.number().min(0).max(100_000)).superRefine((a, ctx) => {
  if (a.length !== 24)
    ctx.addIssue({ code: 'custom', message: `expected 24 numbers, got ${a.length}` });
});
/** A human delay in simulated seconds: exponential around `mean`, or `fixed`, clamped. */
const delay = z
  .object({
    mean: z
      .number()
      .positive()
      .max(7 * 86_400),
    min: z.number().min(0).optional(),
    max: z.number().positive().optional(),
    shape: z.enum(['exponential', 'fixed', 'uniform']).default('exponential'),
  })
  .strict()
  .refine((d) => d.min === undefined || d.max === undefined || d.min <= d.max, {
    message: 'min must not exceed max',
    path: ['min'],
  });
const weights = (keys) =>
  z
    .object(Object.fromEntries(keys.map((k) => [k, z.number().min(0).optional()])))
    .strict()
    .refine((w) => Object.values(w).some((v) => (v ?? 0) > 0), {
      message: 'give at least one positive weight',
    });
const languages = weights(['zh-CN', 'en']);

export const ZScenario = z
  .object({
    name: z.string().min(1).max(80),
    description: z.string().max(2000).default(''),
    seed: z.number().int().min(0).default(1),
    calls: z
      .object({
        perHour,
        menu: weights(['immediate_danger', 'professional_report', 'talk', 'silent']),
        language: languages,
        patience: delay,
        talk: delay,
        /** Of general callers still waiting when voicemail/callback is offered (60 s). */
        voicemailShare: share.default(0),
        callbackShare: share.default(0),
      })
      .strict()
      .refine((c) => c.voicemailShare + c.callbackShare <= 1, {
        message: 'voicemailShare + callbackShare must not exceed 1',
        path: ['voicemailShare'],
      }),
    sms: z.object({ perHour, language: languages }).strict(),
    web: z.object({ perHour }).strict(),
    partner: z.object({ perHour }).strict(),
    situations: z
      .object({
        /** Share of written reports saying a child is in danger now (P1). */
        immediateDangerShare: share,
        /** Share of written reports in a mandatory situation (1–8), P2 or above. */
        seriousShare: share,
      })
      .strict(),
    operators: z
      .object({
        shifts: z
          .array(
            z
              .object({
                name: z.string().min(1).max(40),
                from: z.number().int().min(0).max(23),
                to: z.number().int().min(1).max(24),
                operators: z.number().int().min(0).max(50),
              })
              .strict()
              .refine((s) => s.from < s.to, { message: 'from must be before to', path: ['to'] }),
          )
          .min(1),
        supervisors: z.number().int().min(0).max(5).default(1),
        answer: delay,
        wrapUp: delay,
        claim: delay,
        assess: delay,
        refer: delay,
        callback: delay,
        /** Share of assessed cases referred to a centre. */
        referShare: share,
      })
      .strict()
      .superRefine((o, ctx) => {
        const cover = new Array(24).fill(0);
        o.shifts.forEach((s) => {
          for (let h = s.from; h < s.to; h++) cover[h]++;
        });
        const gap = cover.findIndex((n) => n !== 1);
        if (gap >= 0)
          ctx.addIssue({
            code: 'custom',
            path: ['shifts'],
            message: `the shifts must cover every hour exactly once; hour ${gap} is covered ${cover[gap]} times`,
          });
      }),
    centres: z
      .object({
        acknowledge: delay,
        /** Share of referrals a centre never acknowledges. */
        neverShare: share.default(0),
        /**
         * Share of P1/P2 referrals (the ones with a voice alert) the duty officer acknowledges by
         * pressing 1 on the alert call instead of in the console.
         */
        phoneShare: share.default(0),
      })
      .strict(),
    /** The duty supervisors answering the consoles' alarms (late claims, escalated referrals). */
    supervision: z
      .object({
        /** From the alarm to the supervisor acting on it. */
        react: delay,
        /** Share of late claims the supervisor hands to an operator on duty (reassignment). */
        reassignShare: share.default(1),
        /**
         * Share of referrals reaching the supervisors' rung the supervisor revokes and re-routes
         * to another centre.
         */
        rerouteShare: share.default(0),
      })
      .strict()
      .optional(),
    /**
     * The register (issue 12): files on the register in 温泉镇's two villages, visited by 石南村's
     * children's director and 龙岗村's township supervisor as they fall due.
     */
    register: z
      .object({
        /** Files on the register at the start of the day. */
        children: z.number().int().min(1).max(2000),
        /**
         * Visits falling due in a 24-hour day, spread over the run's window (a short run takes its
         * share, at most every file once).
         */
        duePerDay: z.number().int().min(0).max(100_000),
        /** Share of visits made by a check-in call (回访) to the guardian instead of at home. */
        phoneShare: share.default(0),
        /** Share of check-in calls the guardian answers (else a home visit follows, later). */
        guardianAnswers: share.default(1),
        /** Share of visits made after they fell due, and how late. */
        lateShare: share.default(0),
        late: delay,
        /** How early the others are made. */
        early: delay,
        /** Share of visits that find a danger signal (a warning). */
        dangerShare: share.default(0),
        warnings: z
          .object({
            /** From a warning on the console to the director or supervisor acting on it. */
            react: delay,
            /** Share of danger-signal warnings escalated to the hotline (a case). */
            escalateShare: share.default(0),
          })
          .strict(),
      })
      .strict()
      .optional(),
  })
  .strict();

export class ScenarioError extends Error {
  constructor(file, problems) {
    super(
      `${file}: the scenario is not valid\n${problems.map((p) => `  ${p.file}:${p.line} ${p.path || '(top)'}: ${p.message}`).join('\n')}`,
    );
    this.name = 'ScenarioError';
    this.problems = problems;
  }
}

/** Parses scenario text; throws ScenarioError listing every problem with its line. */
export function parseScenario(text, file = 'scenario') {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset) => (offset === undefined ? 1 : lineCounter.linePos(offset).line);
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      file,
      doc.errors.map((e) => ({
        file,
        line: e.linePos?.[0]?.line ?? lineOf(e.pos?.[0]),
        path: '',
        message: e.message.split('\n')[0],
      })),
    );
  }
  const result = ZScenario.safeParse(doc.toJS());
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    // The deepest node that exists on the issue's path gives the line.
    let path = issue.path;
    let node;
    while (path.length > 0 && !(node = doc.getIn(path, true))) path = path.slice(0, -1);
    if (path.length === 0) node = doc.contents;
    const range = node?.range ?? (node && 'key' in node ? node.key?.range : undefined);
    return {
      file,
      line: lineOf(range?.[0]),
      path: issue.path.join('.'),
      message: issue.message,
    };
  });
  throw new ScenarioError(file, problems);
}

/** Reads and parses a scenario file. */
export function loadScenario(path) {
  return parseScenario(readFileSync(path, 'utf8'), path);
}

/** Operators on duty in an hour of the day (0–23). */
export function operatorsAt(scenario, hour) {
  const h = ((Math.floor(hour) % 24) + 24) % 24;
  return scenario.operators.shifts.find((s) => h >= s.from && h < s.to)?.operators ?? 0;
}

/** The largest shift. */
export function maxOperators(scenario) {
  return Math.max(...scenario.operators.shifts.map((s) => s.operators));
}

/** The scenario with every shift's operators replaced (`--find-staffing`). */
export function withStaffing(scenario, perShift) {
  return {
    ...scenario,
    operators: {
      ...scenario.operators,
      shifts: scenario.operators.shifts.map((s, i) => ({ ...s, operators: perShift[i] })),
    },
  };
}
