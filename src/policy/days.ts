import { parseClockTime } from './clock.ts';

/** English three-letter day names, Monday first: index 0 = Mon ... 6 = Sun. */
export const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

const unknownDayHint = 'use English three-letter names: Mon, Tue, Wed, Thu, Fri, Sat, Sun';

/** Weekday index of a day name, case-insensitive (S4); undefined for anything else. */
export function weekdayIndexOf(name: string): number | undefined {
  const index = WEEKDAY_NAMES.findIndex((day) => day.toLowerCase() === name.toLowerCase());
  return index === -1 ? undefined : index;
}

/**
 * Reads a day list such as `Mon-Fri`, `Sat,Sun`, `Mon` or `Fri-Mon` (S4) into seven flags, Monday
 * first. A range runs forward from its first day to its last and may wrap the week: `Fri-Mon` is
 * Fri, Sat, Sun and Mon. A range from a day to itself is that one day.
 */
export function parseDayList(text: string): { days: boolean[] } | { problem: string } {
  const days: boolean[] = new Array<boolean>(7).fill(false);

  for (const item of text.split(',')) {
    const ends = item.split('-').map((part) => part.trim());
    if (ends.length > 2 || ends.some((part) => part === '')) {
      return { problem: `"${item.trim()}" is not a day or a range of two days (Mon-Fri)` };
    }

    const indexes = ends.map(weekdayIndexOf);
    const unknown = ends.find((_, position) => indexes[position] === undefined);
    if (unknown !== undefined) return { problem: `unknown day "${unknown}": ${unknownDayHint}` };

    const first = indexes[0]!;
    const last = indexes[indexes.length - 1]!;
    for (let offset = 0; offset <= (last - first + 7) % 7; offset += 1) {
      days[(first + offset) % 7] = true;
    }
  }
  return { days };
}

/** Reads a moment of the week such as `Fri 19:00` (`24:00` only when it is an end). */
export function parseWeekTime(
  text: string,
  role: 'start' | 'end',
): { weekday: number; minute: number } | { problem: string } {
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(text);
  if (match === null) {
    return { problem: `"${text}" is not a day and a time, for example "Fri 19:00"` };
  }

  const weekday = weekdayIndexOf(match[1]!);
  if (weekday === undefined) return { problem: `unknown day "${match[1]}": ${unknownDayHint}` };
  const clock = parseClockTime(match[2]!, role);
  if ('problem' in clock) return clock;
  return { weekday, minute: clock.minute };
}
