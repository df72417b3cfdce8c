import { formatLocalDate } from '../policy/calendar.ts';
import type { HolidayRule } from '../policy/types.ts';
import { lastIndexAtOrBefore } from './sorted-search.ts';
import type { LayerStretch, ScheduleLayer, Verdict } from './timeline.ts';
import { instantOf, localTimeOf } from './zoned-time.ts';

function describeHoliday(holiday: HolidayRule): string {
  const name = holiday.name === undefined ? '' : ` "${holiday.name}"`;
  const first = formatLocalDate(holiday.firstDay);
  const dates =
    holiday.lastDay === holiday.firstDay
      ? first
      : `${first} to ${formatLocalDate(holiday.lastDay)}`;
  return `holidays[${holiday.index}]${name} ${dates}: ${holiday.state} all day`;
}

/**
 * Holidays (S7): from the start of the first local day to the start of the day after the last,
 * the holiday's state holds. Midnight is mapped like any other boundary (S6), so a midnight that a
 * DST gap skips takes effect at the first valid instant after it. The first holiday in the list
 * that covers an instant decides it.
 */
export function createHolidayLayer(holidays: readonly HolidayRule[], zone: string): ScheduleLayer {
  const periods = holidays.map((holiday) => ({
    start: instantOf(zone, localTimeOf(holiday.firstDay, 0)),
    end: instantOf(zone, localTimeOf(holiday.lastDay + 1, 0)),
    verdict: {
      state: holiday.state,
      reason: { rule: 'holiday', detail: describeHoliday(holiday), index: holiday.index },
    } satisfies Verdict,
  }));
  const boundaries = [...new Set(periods.flatMap(({ start, end }) => [start, end]))].sort(
    (a, b) => a - b,
  );

  return {
    stretchAt(instant: number): LayerStretch {
      const index = lastIndexAtOrBefore(boundaries, instant);
      const period = periods.find(({ start, end }) => start <= instant && instant < end);
      return {
        verdict: period?.verdict,
        from: boundaries[index] ?? null,
        until: boundaries[index + 1] ?? null,
      };
    },
  };
}
