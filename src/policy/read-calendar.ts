import { formatLocalDate, parseDateTime, parseLocalDate } from './calendar.ts';
import type { ProblemList } from './problems.ts';
import { isRecord } from './schema-check.ts';
import type { DesiredState, HolidayRule, OverrideRule } from './types.ts';

function readDate(value: unknown, path: string, problems: ProblemList): number | undefined {
  if (typeof value !== 'string') return undefined;
  const day = parseLocalDate(value);
  if (day === undefined) {
    problems.add(path, `"${value}" is not a date: use YYYY-MM-DD, for example 2026-12-24`);
  }
  return day;
}

function readState(value: unknown, fallback: DesiredState): DesiredState {
  return value === 'Awake' || value === 'Asleep' ? value : fallback;
}

function readHoliday(
  holiday: Record<string, unknown>,
  index: number,
  problems: ProblemList,
): HolidayRule | undefined {
  const path = `spec.holidays[${index}]`;
  const single = holiday.date !== undefined;
  const range = holiday.from !== undefined || holiday.to !== undefined;
  if (single === range || (range && (holiday.from === undefined || holiday.to === undefined))) {
    problems.add(path, 'a holiday is either {date} or {from, to}');
    return undefined;
  }

  const firstDay = readDate(
    single ? holiday.date : holiday.from,
    `${path}.${single ? 'date' : 'from'}`,
    problems,
  );
  const lastDay = single ? firstDay : readDate(holiday.to, `${path}.to`, problems);
  if (firstDay === undefined || lastDay === undefined) return undefined;
  if (firstDay > lastDay) {
    problems.add(
      `${path}.to`,
      `to (${formatLocalDate(lastDay)}) is before from (${formatLocalDate(firstDay)}); both dates are included, so a one-day holiday has from equal to to`,
    );
    return undefined;
  }

  const rule: HolidayRule = { index, firstDay, lastDay, state: readState(holiday.state, 'Asleep') };
  if (typeof holiday.name === 'string') rule.name = holiday.name;
  return rule;
}

function readOverride(
  override: Record<string, unknown>,
  index: number,
  problems: ProblemList,
): OverrideRule | undefined {
  const path = `spec.overrides[${index}]`;
  if (typeof override.until !== 'string') return undefined;
  const until = parseDateTime(override.until);
  if (until === undefined) {
    problems.add(
      `${path}.until`,
      `"${override.until}" is not an RFC 3339 date-time with an offset, for example 2026-03-30T08:00:00+02:00 or 2026-03-30T06:00:00Z`,
    );
    return undefined;
  }
  if (override.state !== 'Awake' && override.state !== 'Asleep') return undefined;

  const rule: OverrideRule = { index, state: override.state, until };
  if (Array.isArray(override.namespaces)) {
    rule.namespaces = override.namespaces.filter((name) => typeof name === 'string');
  }
  if (typeof override.reason === 'string') rule.reason = override.reason;
  return rule;
}

/** Reads a list with one reader per item; undefined when any item is invalid. */
function readEach<T>(
  list: unknown,
  read: (item: Record<string, unknown>, index: number, problems: ProblemList) => T | undefined,
  problems: ProblemList,
): T[] | undefined {
  if (list === undefined) return [];
  if (!Array.isArray(list)) return undefined;
  const rules = list.map((item, index) =>
    isRecord(item) ? read(item, index, problems) : undefined,
  );
  return rules.every((rule): rule is T => rule !== undefined) ? rules : undefined;
}

/** Reads spec.holidays (S7): whole local days, first and last included. */
export function readHolidays(holidays: unknown, problems: ProblemList): HolidayRule[] | undefined {
  return readEach(holidays, readHoliday, problems);
}

/** Reads spec.overrides (S8). An expired override is valid; the engine treats it as unset. */
export function readOverrides(
  overrides: unknown,
  problems: ProblemList,
): OverrideRule[] | undefined {
  return readEach(overrides, readOverride, problems);
}
