/**
 * Calendar dates without a zone, as day numbers (days since 1970-01-01), and RFC 3339 instants.
 * Pure arithmetic on the proleptic Gregorian calendar; nothing here knows about time zones.
 */

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
export const MINUTES_PER_DAY = 1440;

/** Days since 1970-01-01 of a calendar date, or undefined when the date does not exist. */
export function dayNumberOf(year: number, month: number, day: number): number | undefined {
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  const exists =
    check.getUTCFullYear() === year &&
    check.getUTCMonth() === month - 1 &&
    check.getUTCDate() === day;
  return exists ? ms / DAY_MS : undefined;
}

/** Reads `YYYY-MM-DD` into a day number; undefined when malformed or not a real date. */
export function parseLocalDate(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return undefined;
  return dayNumberOf(Number(match[1]), Number(match[2]), Number(match[3]));
}

export function formatLocalDate(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** Weekday of a day number, 0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 3) % 7) + 7) % 7;
}

const rfc3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/**
 * Reads an RFC 3339 date-time with an offset (`2026-03-30T08:00:00+02:00`, `...Z`) into epoch
 * milliseconds; undefined when malformed, without an offset, or naming a date or time that does not
 * exist.
 */
export function parseDateTime(text: string): number | undefined {
  const match = rfc3339.exec(text);
  if (match === null) return undefined;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = match
    .slice(1, 7)
    .map(Number);
  const fraction = match[7] === undefined ? 0 : Number(match[7]);
  const dayNumber = dayNumberOf(year, month, day);
  if (dayNumber === undefined || hour > 23 || minute > 59 || second > 59) return undefined;

  let offsetMinutes = 0;
  if (match[8] !== undefined) {
    const offsetHours = Number(match[9]);
    const offsetRest = Number(match[10]);
    if (offsetHours > 23 || offsetRest > 59) return undefined;
    offsetMinutes = (match[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetRest);
  }
  const local = dayNumber * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000;
  return local + Math.floor(fraction * 1000) - offsetMinutes * MINUTE_MS;
}
