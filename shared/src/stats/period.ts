/** The line's days are Asia/Shanghai days: UTC+8 all year since 1991, so a fixed offset is exact. */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

/** The Shanghai calendar date an instant falls on. */
export function shanghaiDate(at: Date): IsoDate {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Shanghai day begins (00:00 Beijing time). */
export function shanghaiDayStart(date: IsoDate): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
}

/** The date `days` after (or before, when negative) a date. */
export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included. */
export function daysInPeriod(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** A period of whole Shanghai days, both ends included, and the instants that bound it. */
export interface StatsPeriod {
  from: IsoDate;
  to: IsoDate;
  /** Inclusive. */
  start: Date;
  /** Exclusive: the start of the day after `to`. */
  end: Date;
}

/** The period the figures cover; the default is the last 30 days, today included. */
export function statsPeriod(
  from: IsoDate | undefined,
  to: IsoDate | undefined,
  now = new Date(),
): StatsPeriod {
  const last = to ?? shanghaiDate(now);
  const first = from ?? addDays(last, -29);
  return {
    from: first,
    to: last,
    start: shanghaiDayStart(first),
    end: shanghaiDayStart(addDays(last, 1)),
  };
}

/** The period of the same length just before, for "change against the previous period". */
export function previousPeriod(from: IsoDate, to: IsoDate): { from: IsoDate; to: IsoDate } {
  const days = daysInPeriod(from, to);
  return { from: addDays(from, -days), to: addDays(from, -1) };
}
