import type {
  TCaseDetail,
  TCaseEvent,
  TCaseSummary,
  TReportView,
  TReporter,
  TReporterView,
} from '@hutong/shared';
import { PRIVATE_EVENT_DATA_KEYS, ZAssessment, ZPriorityOverride } from '@hutong/shared';
import type { RegionDirectory } from '../regions/region-directory.js';
import { openReporter } from '../privacy/reporter-identity.js';
import type { AttachmentListRow, CaseSummaryRow } from './cases.repository.js';
import { caseCategories } from './case-categories.js';
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
    categories: caseCategories(row),
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

/**
 * A timeline entry. Free text about the child (a note, a reason) is left out unless `withText`:
 * broadcasts reach every operator, the case view is an audited read.
 */
export function presentCaseEvent(
  row: EventRow,
  actorName: string | null,
  withText = false,
): TCaseEvent {
  const data = withText
    ? row.data
    : Object.fromEntries(
        Object.entries(row.data).filter(([key]) => !PRIVATE_EVENT_DATA_KEYS.includes(key)),
      );
  return {
    seq: row.id,
    caseId: row.caseId,
    type: row.type,
    actor: row.actorId ? { id: row.actorId, displayName: actorName ?? '' } : null,
    data,
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
    reporter: presentReporter(openReporter(row.reporter), showIdentity),
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
  work: CaseWork,
): TCaseDetail {
  return { ...summary, reports: reportViews, events, ...work };
}

/** The operator's work on a case: assessment, override, police notification, files. */
export type CaseWork = Pick<
  TCaseDetail,
  | 'assessment'
  | 'priorityOverride'
  | 'policeNotifiedAt'
  | 'closedReason'
  | 'closedAt'
  | 'attachments'
>;

export function presentCaseWork(
  row: CaseSummaryRow,
  attachmentRows: AttachmentListRow[],
): CaseWork {
  return {
    assessment: ZAssessment.catch({}).parse(row.assessment),
    priorityOverride: ZPriorityOverride.nullable()
      .catch(null)
      .parse(row.priorityOverride ?? null),
    policeNotifiedAt: iso(row.policeNotifiedAt),
    closedReason: row.closedReason,
    closedAt: iso(row.closedAt),
    attachments: attachmentRows.map((a) => ({
      id: a.id,
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
      uploadedBy: a.uploadedBy ? { id: a.uploadedBy, displayName: a.uploaderName ?? '' } : null,
      createdAt: a.createdAt.toISOString(),
    })),
  };
}
