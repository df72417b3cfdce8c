/**
 * A deliberately naive model of the schedule rules, written apart from the engine, for the
 * property test. It walks minute by minute, reads each minute's wall clock from
 * Intl.DateTimeFormat#formatToParts, and evaluates the rules on "the latest wall-clock time reached
 * so far". A boundary thus takes effect at the first instant whose local time reaches it: after a
 * spring-forward gap, and at the first occurrence in a fall-back fold (S6).
 */
import type { DesiredState } from '../types.ts';

export type OracleWindow =
  | { kind: 'daily'; days: readonly number[]; start: number; end: number }
  | { kind: 'span'; fromDay: number; fromMinute: number; toDay: number; toMinute: number };

/** Days are 0 = Monday ... 6 = Sunday; minutes after local midnight, 1440 meaning 24:00. */
export interface OraclePolicy {
  timeZone: string;
  windows: readonly OracleWindow[];
  /** Inclusive local dates, YYYY-MM-DD. */
  holidays: readonly { first: string; last: string; state: DesiredState }[];
  /** Only the overrides that apply to the namespace, in list order; until in epoch ms. */
  overrides: readonly { state: DesiredState; until: number }[];
}

const MINUTE = 60_000;
const WEEK_MINUTES = 7 * 1440;
const formats = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock reading of an instant, as minutes since 1970-01-01 00:00 on that clock. */
export function wallClockMinutes(timeZone: string, instant: number): number {
  let format = formats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formats.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const read = (type: string) => Number(parts.find((candidate) => candidate.type === type)!.value);
  return (
    Date.UTC(read('year'), read('month') - 1, read('day'), read('hour'), read('minute')) / MINUTE
  );
}

function mondayFirstWeekday(wallMinutes: number): number {
  const sundayFirst = new Date(Math.floor(wallMinutes / 1440) * 1440 * MINUTE).getUTCDay();
  return (sundayFirst + 6) % 7;
}

function windowCovers(window: OracleWindow, wallMinutes: number): boolean {
  const weekday = mondayFirstWeekday(wallMinutes);
  const minute = ((wallMinutes % 1440) + 1440) % 1440;

  if (window.kind === 'daily') {
    const today = window.days.includes(weekday);
    if (window.end > window.start) return today && minute >= window.start && minute < window.end;
    const yesterday = window.days.includes((weekday + 6) % 7);
    return (today && minute >= window.start) || (yesterday && minute < window.end);
  }

  const from = window.fromDay * 1440 + window.fromMinute;
  const to = window.toDay * 1440 + window.toMinute;
  const length = (((to - from) % WEEK_MINUTES) + WEEK_MINUTES) % WEEK_MINUTES || WEEK_MINUTES;
  const sinceFrom =
    (((weekday * 1440 + minute - from) % WEEK_MINUTES) + WEEK_MINUTES) % WEEK_MINUTES;
  return sinceFrom < length;
}

function dateMinutes(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / MINUTE;
}

function stateAt(policy: OraclePolicy, instant: number, reached: number): DesiredState {
  const override = policy.overrides.find((candidate) => instant < candidate.until);
  if (override !== undefined) return override.state;

  const holiday = policy.holidays.find(
    ({ first, last }) => reached >= dateMinutes(first) && reached < dateMinutes(last) + 1440,
  );
  if (holiday !== undefined) return holiday.state;

  return policy.windows.some((window) => windowCovers(window, reached)) ? 'Asleep' : 'Awake';
}

/**
 * The desired state at every whole minute from `start` (a whole minute) for `minutes` minutes.
 * The first few hours only warm up "the latest time reached" and should not be judged.
 */
export function bruteForceStates(
  policy: OraclePolicy,
  start: number,
  minutes: number,
): DesiredState[] {
  const states: DesiredState[] = [];
  let reached = -Infinity;
  for (let step = 0; step < minutes; step += 1) {
    const instant = start + step * MINUTE;
    reached = Math.max(reached, wallClockMinutes(policy.timeZone, instant));
    states.push(stateAt(policy, instant, reached));
  }
  return states;
}
