import {
  VISIT_CHECKLIST_ITEMS,
  type TCaseChanged,
  type TCaseDetail,
  type TCaseSummary,
  type TCreateVisit,
  type TVisitRecorded,
} from '@hutong/shared';

let counter = 0;

/** A valid v4-shaped UUID that differs per call. */
export function uuid(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
}

/** A case summary with sensible defaults; override what the test is about. */
export function buildCase(overrides: Partial<TCaseSummary> = {}): TCaseSummary {
  const id = overrides.id ?? uuid();
  return {
    id,
    reference: `HT-${id.slice(-4)}-AAAA`,
    status: 'new',
    priority: 'P3',
    priorityReasons: [{ rule: 'category', category: 'bullying', priority: 'P3' }],
    categories: ['bullying'],
    immediateDanger: false,
    channel: 'web',
    region: { code: '440106', name: '天河区', path: ['广东省', '广州市'] },
    children: [{ sex: 'female', age: 9 }],
    reportCount: 1,
    assignee: null,
    claimDeadline: '2030-01-01T00:30:00.000Z',
    claimedAt: null,
    createdAt: '2030-01-01T00:00:00.000Z',
    updatedAt: '2030-01-01T00:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

/** A case as `GET /api/cases/:id` gives it: the summary with an empty history. */
export function buildCaseDetail(overrides: Partial<TCaseDetail> = {}): TCaseDetail {
  return {
    ...buildCase(overrides),
    reports: [],
    events: [],
    assessment: {},
    priorityOverride: null,
    policeNotifiedAt: null,
    closedReason: null,
    closedAt: null,
    attachments: [],
    ...overrides,
  };
}

/** A `case.created` / `case.updated` payload for a case. */
export function buildChange(
  seq: number,
  summary: TCaseSummary,
  type: TCaseChanged['event']['type'] = 'case_opened',
): TCaseChanged {
  return {
    seq,
    case: summary,
    event: { seq, caseId: summary.id, type, actor: null, data: {}, createdAt: summary.updatedAt },
  };
}

/** What the API answers for a visit recorded as `body` says. */
export function buildVisitRecorded(body: TCreateVisit): TVisitRecorded {
  return {
    visit: {
      id: crypto.randomUUID(),
      kind: body.kind,
      visitedAt: body.visitedAt,
      seen: body.seen ?? [],
      checklist: Object.fromEntries(
        VISIT_CHECKLIST_ITEMS.map((i) => [i, body.checklist?.[i] ?? null]),
      ) as TVisitRecorded['visit']['checklist'],
      notes: body.notes ?? null,
      by: null,
      recordedAt: new Date().toISOString(),
      call: null,
      photos: [],
    },
    risk: { level: 'low', ruleLevel: 'low', reasons: [], raised: null },
    nextVisitDue: null,
  };
}
