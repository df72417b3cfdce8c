/**
 * Wall-clock time in an IANA zone, from the runtime's zone database through Intl (S2). A "local
 * time" here is a number: the epoch milliseconds the wall-clock reading would have in UTC, so that
 * local dates and times can be compared and added like instants.
 */
import { DAY_MS, MINUTE_MS } from '../policy/calendar.ts';

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

function offsetFormat(zone: string): Intl.DateTimeFormat {
  let format = offsetFormats.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    offsetFormats.set(zone, format);
  }
  return format;
}

/** Milliseconds the zone's wall clock is ahead of UTC at an instant. */
export function offsetAt(zone: string, instant: number): number {
  const text = offsetFormat(zone).format(instant);
  const match = /GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (match === null) throw new Error(`cannot read the UTC offset of ${zone} from "${text}"`);
  if (match[1] === undefined) return 0;

  const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4] ?? 0);
  return (match[1] === '-' ? -1 : 1) * seconds * 1000;
}

/** The wall-clock reading of an instant in a zone, as a local time. */
export function localTimeAt(zone: string, instant: number): number {
  return instant + offsetAt(zone, instant);
}

/** The local time of a minute of a local day (day number, minutes after midnight, 1440 allowed). */
export function localTimeOf(dayNumber: number, minute: number): number {
  return dayNumber * DAY_MS + minute * MINUTE_MS;
}

/** The local day number of a local time. */
export function localDayOf(localTime: number): number {
  return Math.floor(localTime / DAY_MS);
}

/** Binary search for the instant the offset changes to `after`, in (low, high]. */
function findOffsetChange(zone: string, low: number, high: number, after: number): number {
  let [before, atOrAfter] = [Math.floor(low / 1000), Math.ceil(high / 1000)];
  while (atOrAfter - before > 1) {
    const middle = Math.floor((before + atOrAfter) / 2);
    if (offsetAt(zone, middle * 1000) === after) atOrAfter = middle;
    else before = middle;
  }
  return atOrAfter * 1000;
}

/**
 * The instant a local time takes effect: the first instant whose wall-clock reading reaches it
 * (S6). A local time that exists once maps to that instant; one in a spring-forward gap maps to the
 * first valid instant after the gap (the transition itself); one that occurs twice in a fall-back
 * fold maps to its first occurrence. Never "start + N hours": every boundary is mapped on its own.
 *
 * Known limitations: assumes at most one offset change within a day of the local time, which holds
 * for every zone's current rules.
 */
export function instantOf(zone: string, localTime: number): number {
  const before = offsetAt(zone, localTime - DAY_MS);
  const after = offsetAt(zone, localTime + DAY_MS);

  const candidates = [localTime - before, localTime - after].filter(
    (instant) => localTimeAt(zone, instant) === localTime,
  );
  if (candidates.length > 0) return Math.min(...candidates);

  // In a gap the wall clock jumps over localTime at the transition, which lies between the two.
  const [low, high] = [localTime - after, localTime - before].sort((a, b) => a - b) as [
    number,
    number,
  ];
  return findOffsetChange(zone, low, high, after);
}
