import type {
  TCaseDetail,
  TCaseEvent,
  TCaseSummary,
  TReportView,
  TReporter,
  TReporterView,
} from '@hutong/shared';
import type { RegionDirectory } from '../regions/region-directory.js';
import type { CaseSummaryRow } from './cases.repository.js';
import type { caseEvents, reports } from '../../db/schema.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** A case for queues and live events: no names, phone numbers or narrative. */
export function presentCaseSummary(row: CaseSummaryRow, regions: RegionDirectory): TCaseSummary {
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    priority: row.priority,
    priorityReasons: row.priorityReasons,
    categories: row.categories,
    immediateDanger: row.immediateDanger,
    channel: row.channel,
    region: regions.ref(row.regionCode),
    children: row.children.map((c) => ({ sex: c.sex ?? null, age: c.age ?? null })),
    reportCount: row.reportCount,
    assignee: row.assigneeId ? { id: row.assigneeId, displayName: row.assigneeName ?? '' } : null,
    claimDeadline: iso(row.claimDeadline),
    claimedAt: iso(row.claimedAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

type EventRow = typeof caseEvents.$inferSelect;

export function presentCaseEvent(row: EventRow, actorName: string | null): TCaseEvent {
  return {
    seq: row.id,
    caseId: row.caseId,
    type: row.type,
    actor: row.actorId ? { id: row.actorId, displayName: actorName ?? '' } : null,
    data: row.data,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Reporter identity is confidential: shown whole only when the viewer may see it. */
export function presentReporter(reporter: TReporter, showIdentity: boolean): TReporterView {
  return showIdentity ? reporter : { type: reporter.type, redacted: true };
}

export function presentReport(
  row: typeof reports.$inferSelect,
  regions: RegionDirectory,
  showIdentity: boolean,
): TReportView {
  return {
    id: row.id,
    reference: row.reference,
    channel: row.channel,
    receivedAt: row.receivedAt.toISOString(),
    reporter: presentReporter(row.reporter as TReporter, showIdentity),
    children: row.children,
    categories: row.categories,
    immediateDanger: row.immediateDanger,
    location: {
      regionCode: row.regionCode,
      regionName: regions.ref(row.regionCode)?.path.join(' › ') ?? null,
      address: row.address,
    },
    narrative: row.narrative,
    language: row.language,
  };
}

export function presentCaseDetail(
  summary: TCaseSummary,
  reportViews: TReportView[],
  events: TCaseEvent[],
): TCaseDetail {
  return { ...summary, reports: reportViews, events };
}
