import { CATEGORY_META, PRIORITY_META } from '@hutong/shared';
import type { Language, Priority, SituationCategory } from '@hutong/shared';

/** A deadline seen from `now`: the time left (or past) as operators read it. */
export interface Countdown {
  overdue: boolean;
  /** `04:59`, `1:04:59`, or whole days and hours (`2 d 03 h` / `2天3小时`) beyond a day. */
  text: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Formats the distance between a deadline and now; whole seconds, rounded towards "less time". */
export function formatCountdown(deadlineMs: number, nowMs: number, language: Language): Countdown {
  const diff = deadlineMs - nowMs;
  // Floor the time left but ceil the time overdue, so a deadline never shows 00:00 once missed.
  const overdue = diff < 0;
  const totalSeconds = overdue ? Math.ceil(-diff / 1000) : Math.floor(diff / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  let text: string;
  if (days > 0) {
    text = language === 'zh-CN' ? `${days}天${hours}小时` : `${days} d ${pad(hours)} h`;
  } else if (hours > 0) {
    text = `${hours}:${pad(minutes)}:${pad(seconds)}`;
  } else {
    text = `${pad(minutes)}:${pad(seconds)}`;
  }
  return { overdue, text };
}

// Every time shown to people is Beijing time, by the one formatter in shared (also the export's).
export { formatDate, formatDateTime, formatTime } from '@hutong/shared';
export type { Instant } from '@hutong/shared';

/** A category in plain words, from the shared labels. */
export function categoryLabel(category: SituationCategory, language: Language): string {
  return CATEGORY_META[category].label[language];
}

/** A priority as colour and urgency words (`Red · urgent`), so colour is never the only cue. */
export function priorityLabel(priority: Priority, language: Language): string {
  return PRIORITY_META[priority].label[language];
}

/** "Province › City › County": `path` may or may not end with the region's own name. */
export function regionLabel(region: { name: string; path: readonly string[] } | null): string {
  if (!region) return '—';
  const names = region.path.at(-1) === region.name ? region.path : [...region.path, region.name];
  return names.join(' › ');
}
