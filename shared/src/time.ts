import type { Language } from './reports/constants.js';

/** The hotline's time zone: every time shown to people is local time here. */
export const LOCAL_TIME_ZONE = 'Asia/Shanghai';

const EN_MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

// China has kept UTC+8 all year since 1991, so a fixed offset is exact for every record here
// (and smaller to ship to the public report page than a time-zone-aware Intl formatter).
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

const pad = (n: number) => String(n).padStart(2, '0');

/** What the date formatters accept: an ISO string, epoch milliseconds or a Date. */
export type Instant = string | number | Date;

/** The wall-clock parts of an instant in Asia/Shanghai, or null for an unreadable value. */
function shanghaiParts(value: Instant) {
  const ms = new Date(value).getTime() + SHANGHAI_OFFSET_MS;
  if (Number.isNaN(ms)) return null;
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

const fallback = (value: Instant) => (typeof value === 'string' ? value : '—');

/**
 * A date in Beijing time that no reader can misread: `2026年12月2日` / `2 Dec 2026` (never
 * 12/02/2026, which is February to some and December to others).
 */
export function formatDate(value: Instant, language: Language): string {
  const p = shanghaiParts(value);
  if (!p) return fallback(value);
  return language === 'zh-CN'
    ? `${p.year}年${p.month}月${p.day}日`
    : `${p.day} ${EN_MONTHS[p.month - 1]} ${p.year}`;
}

/** Date and time in Beijing time, to the minute: `2026年12月2日 08:55` / `2 Dec 2026, 08:55`. */
export function formatDateTime(value: Instant, language: Language): string {
  const p = shanghaiParts(value);
  if (!p) return fallback(value);
  const time = `${pad(p.hour)}:${pad(p.minute)}`;
  return language === 'zh-CN'
    ? `${formatDate(value, language)} ${time}`
    : `${formatDate(value, language)}, ${time}`;
}

/** Time of day in Beijing time, `08:55` (or `08:55:07` with seconds), for today's events. */
export function formatTime(
  value: Instant,
  _language: Language,
  { seconds = false }: { seconds?: boolean } = {},
): string {
  const p = shanghaiParts(value);
  if (!p) return fallback(value);
  const time = `${pad(p.hour)}:${pad(p.minute)}`;
  return seconds ? `${time}:${pad(p.second)}` : time;
}

/**
 * A moment as people read it (the police export, the audit log, the console): Beijing time,
 * `2026年12月2日 08:55` / `2 Dec 2026, 08:55`. Anything that is not a time comes back as given.
 */
export function formatLocalDateTime(value: string | Date, language: Language): string {
  return formatDateTime(value, language);
}
