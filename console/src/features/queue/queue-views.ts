import { isUnclaimed } from '@hutong/shared';
import type { TCaseSummary } from '@hutong/shared';

/** The queue's tabs. WARNING: kept in the page's `?view=` parameter (bookmarks); never rename. */
export const QUEUE_VIEWS = ['mine', 'unclaimed', 'all'] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];

/** A `?view=` value, or All (nothing hidden) when it is missing or unknown. */
export function parseQueueView(value: string | null): QueueView {
  return (QUEUE_VIEWS as readonly string[]).includes(value ?? '') ? (value as QueueView) : 'all';
}

/** True when `summary` belongs in `view` for the operator `meId`. */
export function inQueueView(summary: TCaseSummary, view: QueueView, meId: string | null): boolean {
  switch (view) {
    case 'mine':
      return meId !== null && summary.assignee?.id === meId;
    case 'unclaimed':
      return isUnclaimed(summary);
    case 'all':
      return true;
  }
}

/** How many of the open cases each tab shows. */
export function countQueueViews(
  cases: readonly TCaseSummary[],
  meId: string | null,
): Record<QueueView, number> {
  const counts: Record<QueueView, number> = { mine: 0, unclaimed: 0, all: 0 };
  for (const summary of cases) {
    for (const view of QUEUE_VIEWS) if (inQueueView(summary, view, meId)) counts[view] += 1;
  }
  return counts;
}
