/** A namespace's desired state, in the words of BEHAVIOUR.md. */
export type DesiredState = 'Awake' | 'Asleep';

/**
 * `{days, start, end}`: a window repeated on each listed day. Minutes are after local midnight;
 * `end` 1440 is 24:00, and an end before the start is on the next day (S5).
 */
export interface DailyWindow {
  kind: 'daily';
  /** Position in spec.sleep. */
  index: number;
  /** Seven flags, Monday first: the window starts on the days that are true. */
  days: readonly boolean[];
  start: number;
  end: number;
  /** The window as written, for explanations: `Mon-Fri 22:00-06:00`. */
  text: string;
}

/** `{from, to}`: one span of the week, from a weekday and time to the next such `to`. */
export interface WeekSpan {
  kind: 'span';
  index: number;
  /** Weekdays are 0 = Monday ... 6 = Sunday; minutes after local midnight (1440 for 24:00). */
  fromWeekday: number;
  fromMinute: number;
  toWeekday: number;
  toMinute: number;
  text: string;
}

export type SleepWindowRule = DailyWindow | WeekSpan;

export interface CronRule {
  sleep: string;
  wake?: string;
}

/** A holiday: whole local days, first and last included, as day numbers (see calendar.ts). */
export interface HolidayRule {
  index: number;
  firstDay: number;
  lastDay: number;
  state: DesiredState;
  name?: string;
}

export interface OverrideRule {
  index: number;
  state: DesiredState;
  /** Epoch milliseconds at which the override expires (exclusive). */
  until: number;
  /** Namespaces the override applies to; every namespace of the policy when undefined. */
  namespaces?: readonly string[];
  reason?: string;
}

/** The parts of a valid policy the schedule engine needs, already parsed. */
export interface SchedulePolicy {
  timeZone?: string;
  schedule:
    { kind: 'windows'; windows: readonly SleepWindowRule[] } | ({ kind: 'cron' } & CronRule);
  holidays: readonly HolidayRule[];
  overrides: readonly OverrideRule[];
}
