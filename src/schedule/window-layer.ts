import { weekdayOf } from '../policy/calendar.ts';
import type { SleepWindowRule } from '../policy/types.ts';
import { lastIndexAtOrBefore } from './sorted-search.ts';
import type { LayerStretch, ScheduleLayer, Verdict } from './timeline.ts';
import { instantOf, localDayOf, localTimeAt, localTimeOf } from './zoned-time.ts';

/** One occurrence of a sleep window, as instants: Asleep from start (inclusive) to end. */
interface Occurrence {
  start: number;
  end: number;
  window: SleepWindowRule;
}

/** Occurrences around one local day, and the stretch of time over which they are complete. */
interface Horizon {
  occurrences: Occurrence[];
  /** Occurrences merged where they overlap or touch, ascending; `starts` are their starts. */
  asleep: { start: number; end: number }[];
  starts: number[];
  knownFrom: number;
  knownUntil: number;
  reuseFrom: number;
  reuseUntil: number;
}

// A span lasts at most a week, so an occurrence starting more than 8 days before an instant has
// ended by then. Occurrences are computed from 16 days before the centre day to 17 after, which
// makes every instant from 8 days before it to 18 days after it exact; the horizon is reused for
// instants in the centre day and the two after it, so each sees at least 8 days back and 15 ahead
// (a weekly pattern whose one occurrence vanished in a DST gap still changes within 15 days).
const longestOccurrenceDays = 8;
const daysBefore = 16;
const daysAfter = 17;
const reuseDays = 3;

/** The local start and end of a window on a day, or undefined if it does not start that day. */
function localOccurrence(window: SleepWindowRule, day: number): [number, number] | undefined {
  const weekday = weekdayOf(day);
  if (window.kind === 'daily') {
    if (!window.days[weekday]) return undefined;
    const endDay = window.end > window.start ? day : day + 1;
    return [localTimeOf(day, window.start), localTimeOf(endDay, window.end)];
  }

  if (weekday !== window.fromWeekday) return undefined;
  let length = (window.toWeekday - window.fromWeekday + 7) % 7;
  if (length === 0 && window.toMinute <= window.fromMinute) length = 7;
  return [localTimeOf(day, window.fromMinute), localTimeOf(day + length, window.toMinute)];
}

function buildHorizon(
  windows: readonly SleepWindowRule[],
  zone: string,
  centreDay: number,
): Horizon {
  const occurrences: Occurrence[] = [];
  for (let day = centreDay - daysBefore; day <= centreDay + daysAfter; day += 1) {
    for (const window of windows) {
      const local = localOccurrence(window, day);
      if (local === undefined) continue;
      const [start, end] = [instantOf(zone, local[0]), instantOf(zone, local[1])];
      // Both ends in one DST gap: the occurrence does not exist that day.
      if (end > start) occurrences.push({ start, end, window });
    }
  }
  occurrences.sort((a, b) => a.start - b.start);

  const asleep: { start: number; end: number }[] = [];
  for (const { start, end } of occurrences) {
    const last = asleep.at(-1);
    if (last !== undefined && start <= last.end) last.end = Math.max(last.end, end);
    else asleep.push({ start, end });
  }

  const dayStart = (offset: number) => instantOf(zone, localTimeOf(centreDay + offset, 0));
  return {
    occurrences,
    asleep,
    starts: asleep.map((stretch) => stretch.start),
    knownFrom: dayStart(longestOccurrenceDays - daysBefore),
    knownUntil: dayStart(daysAfter + 1),
    reuseFrom: dayStart(0),
    reuseUntil: dayStart(reuseDays),
  };
}

/** The window that decides an instant: of those covering it, the first in spec.sleep. */
function decidingWindow(horizon: Horizon, instant: number): SleepWindowRule {
  let deciding: SleepWindowRule | undefined;
  for (const { start, end, window } of horizon.occurrences) {
    if (start > instant) break;
    if (instant < end && (deciding === undefined || window.index < deciding.index))
      deciding = window;
  }
  return deciding!;
}

const awake: Verdict = {
  state: 'Awake',
  reason: { rule: 'default', detail: 'no sleep window covers this time' },
};

/** Weekly sleep windows (S4, S5, S6): Asleep while any window covers the instant. */
export function createWindowLayer(
  windows: readonly SleepWindowRule[],
  zone: string,
): ScheduleLayer {
  let horizon: Horizon | undefined;

  return {
    stretchAt(instant: number): LayerStretch {
      if (horizon === undefined || instant < horizon.reuseFrom || instant >= horizon.reuseUntil) {
        horizon = buildHorizon(windows, zone, localDayOf(localTimeAt(zone, instant)));
      }
      const { asleep, knownFrom, knownUntil } = horizon;
      const known = (at: number | undefined) =>
        at !== undefined && at > knownFrom && at < knownUntil ? at : null;

      const index = lastIndexAtOrBefore(horizon.starts, instant);
      const current = asleep[index];
      if (current !== undefined && instant < current.end) {
        const window = decidingWindow(horizon, instant);
        const reason = {
          rule: 'window',
          detail: `sleep[${window.index}] ${window.text}`,
          index: window.index,
        } as const;
        return {
          verdict: { state: 'Asleep', reason },
          from: known(current.start),
          until: known(current.end),
        };
      }
      return { verdict: awake, from: known(current?.end), until: known(asleep[index + 1]?.start) };
    },
  };
}
