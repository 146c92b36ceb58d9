import { PRIORITIES } from './constants.js';
import type { TCaseSummary } from './schemas.js';

/** What the queue order reads from a case. */
export type QueueOrderFields = Pick<
  TCaseSummary,
  'id' | 'priority' | 'assignee' | 'claimDeadline' | 'createdAt'
>;

/** True while nobody holds the case: it waits in the queue for an operator to claim it. */
export function isUnclaimed(summary: Pick<TCaseSummary, 'assignee'>): boolean {
  return summary.assignee === null;
}

/** True when nobody holds the case and its claim deadline has passed. */
export function isClaimOverdue(
  summary: Pick<TCaseSummary, 'assignee' | 'claimDeadline'>,
  now: number,
): boolean {
  return (
    isUnclaimed(summary) &&
    summary.claimDeadline !== null &&
    Date.parse(summary.claimDeadline) < now
  );
}

const PRIORITY_RANK = new Map(PRIORITIES.map((priority, index) => [priority, index]));

/**
 * The triage order of the operator queue, used by the server's list and the console's live
 * re-sorting alike: unclaimed before claimed; then P1 first; among unclaimed cases of one
 * priority the earliest claim deadline first (no deadline last); then the oldest; then by id.
 *
 * An overdue case's deadline is in the past and every other deadline is not, so ordering by
 * deadline puts every overdue case above every case still in time without reading a clock: the
 * order is the same on both sides and never shifts under the operator's eyes as seconds pass.
 * The SQL twin is `QUEUE_ORDER` in backend/src/features/cases/cases.repository.ts.
 */
export function compareQueueOrder(a: QueueOrderFields, b: QueueOrderFields): number {
  const byClaim = Number(!isUnclaimed(a)) - Number(!isUnclaimed(b));
  if (byClaim !== 0) return byClaim;
  const byPriority = (PRIORITY_RANK.get(a.priority) ?? 99) - (PRIORITY_RANK.get(b.priority) ?? 99);
  if (byPriority !== 0) return byPriority;
  // A claimed case's deadline is history: among those the oldest comes first.
  if (isUnclaimed(a)) {
    const byDeadline = compareDeadlines(a.claimDeadline, b.claimDeadline);
    if (byDeadline !== 0) return byDeadline;
  }
  const byAge = Date.parse(a.createdAt) - Date.parse(b.createdAt);
  if (byAge !== 0) return byAge;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function compareDeadlines(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return Date.parse(a) - Date.parse(b);
}

/** A copy in queue order. */
export function sortQueue<T extends QueueOrderFields>(cases: readonly T[]): T[] {
  return [...cases].sort(compareQueueOrder);
}
