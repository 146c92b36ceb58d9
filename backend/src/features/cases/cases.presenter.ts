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
import { openAssessment, openChildren, openText } from '../privacy/case-content.js';
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
    ? openEventText(row.data)
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

/**
 * A reassignment or release with the names of the operators it moved the case between, looked up
 * when read (events keep ids only), so the timeline can say "from … to …".
 */
export function withAssigneeNames(
  event: TCaseEvent,
  names: ReadonlyMap<string, string>,
): TCaseEvent {
  const name = (id: unknown) => (typeof id === 'string' ? names.get(id) : undefined);
  const previous = name(event.data.previousAssigneeId);
  const next = name(event.data.assigneeId);
  if (previous === undefined && next === undefined) return event;
  return {
    ...event,
    data: {
      ...event.data,
      ...(previous !== undefined ? { previousAssigneeName: previous } : {}),
      ...(next !== undefined ? { assigneeName: next } : {}),
    },
  };
}

/** An event's free text (a note) decrypted; text from before encryption passes through. */
function openEventText(data: Record<string, unknown>): Record<string, unknown> {
  return typeof data.text === 'string' ? { ...data, text: openText(data.text) } : data;
}

/** Reporter identity is confidential: shown whole only when the viewer may see it. */
function presentReporter(reporter: TReporter, showIdentity: boolean): TReporterView {
  return showIdentity ? reporter : { type: reporter.type, redacted: true };
}

/**
 * One report. `orgName` is the filing organisation's name (null when none filed it or it is not
 * known to the caller); like the reporter, it is shown only to those allowed reporter identity.
 */
export function presentReport(
  row: typeof reports.$inferSelect,
  regions: RegionDirectory,
  showIdentity: boolean,
  orgName: string | null = null,
): TReportView {
  return {
    id: row.id,
    reference: row.reference,
    channel: row.channel,
    receivedAt: row.receivedAt.toISOString(),
    reporter: presentReporter(openReporter(row.reporter), showIdentity),
    children: openChildren(row.children),
    categories: row.categories,
    immediateDanger: row.immediateDanger,
    location: {
      regionCode: row.regionCode,
      regionName: regions.ref(row.regionCode)?.path.join(' › ') ?? null,
      address: openText(row.address),
    },
    narrative: openText(row.narrative),
    language: row.language,
    filedBy: !row.orgId
      ? null
      : showIdentity && orgName !== null
        ? { orgId: row.orgId, name: orgName }
        : { redacted: true },
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
    // Decrypted before parsing: a sealed birth date or ID number would not parse.
    assessment: ZAssessment.catch({}).parse(openAssessment(row.assessment)),
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
