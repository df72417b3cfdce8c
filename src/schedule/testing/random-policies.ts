/** fast-check generators of random policies and instants, for the property test. */
import fc from 'fast-check';

import type { NamespaceScalingPolicySpec } from '../../gen/namespace-scaling-policy.ts';
import type { DesiredState } from '../types.ts';
import { wallClockMinutes, type OraclePolicy, type OracleWindow } from './brute-force-oracle.ts';

/** Zones with quarter- and half-hour offsets, DST at midnight, 30-minute and 2-hour shifts. */
// prettier-ignore
export const propertyTimeZones = [
  'UTC', 'Etc/GMT+5', 'Europe/Berlin', 'Europe/London', 'Europe/Dublin', 'Europe/Moscow',
  'Europe/Istanbul', 'Europe/Chisinau', 'America/New_York', 'America/Chicago', 'America/Denver',
  'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'America/Havana',
  'America/Santiago', 'America/Sao_Paulo', 'America/St_Johns', 'America/Asuncion', 'America/Nuuk',
  'Atlantic/Azores', 'Pacific/Honolulu', 'Asia/Kolkata', 'Asia/Kathmandu', 'Asia/Tehran',
  'Asia/Jerusalem', 'Asia/Beirut', 'Asia/Gaza', 'Asia/Tokyo', 'Asia/Shanghai', 'Asia/Dubai',
  'Australia/Sydney', 'Australia/Adelaide', 'Australia/Lord_Howe', 'Australia/Eucla',
  'Pacific/Auckland', 'Pacific/Chatham', 'Pacific/Kiritimati', 'Pacific/Apia', 'Africa/Cairo',
  'Africa/Casablanca', 'Antarctica/Troll',
];

const MINUTE = 60_000;
const DAY = 86_400_000;
const from2026 = Date.UTC(2026, 0, 1);
const to2029 = Date.UTC(2029, 0, 1);
const dayNames = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const transitionsByZone = new Map<string, number[]>();

/** Instants in 2026-2028 at which a zone's UTC offset changes, to the minute. */
function offsetChanges(timeZone: string): number[] {
  let changes = transitionsByZone.get(timeZone);
  if (changes !== undefined) return changes;

  const offset = (instant: number) => wallClockMinutes(timeZone, instant) - instant / MINUTE;
  changes = [];
  for (let at = from2026; at < to2029; at += DAY / 2) {
    if (offset(at) === offset(at + DAY / 2)) continue;
    let [low, high] = [at / MINUTE, (at + DAY / 2) / MINUTE];
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (offset(middle * MINUTE) === offset(at)) low = middle;
      else high = middle;
    }
    changes.push(high * MINUTE);
  }
  transitionsByZone.set(timeZone, changes);
  return changes;
}

const minuteOfDay = fc.oneof(
  fc.integer({ min: 0, max: 1439 }),
  fc.integer({ min: 0, max: 95 }).map((quarter) => quarter * 15),
  fc.integer({ min: 0, max: 300 }),
);

const windowArbitrary: fc.Arbitrary<OracleWindow> = fc.oneof(
  fc
    .record({
      kind: fc.constant('daily' as const),
      days: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
      start: minuteOfDay,
      end: fc.oneof(minuteOfDay, fc.constant(1440)),
    })
    .filter((window) => window.start !== window.end),
  fc
    .record({
      kind: fc.constant('span' as const),
      fromDay: fc.integer({ min: 0, max: 6 }),
      fromMinute: minuteOfDay,
      toDay: fc.integer({ min: 0, max: 6 }),
      toMinute: fc.oneof(minuteOfDay, fc.constant(1440)),
    })
    .filter((span) => span.fromDay !== span.toDay || span.fromMinute !== span.toMinute),
);

const state = fc.constantFrom<DesiredState>('Awake', 'Asleep');

export const randomCase = fc
  .record({
    timeZone: fc.constantFrom(...propertyTimeZones),
    instant: fc.oneof(
      fc.record({ at: fc.integer({ min: from2026, max: to2029 - 1 }) }),
      fc.record({
        at: fc.integer({ min: from2026, max: to2029 - 1 }),
        nearChange: fc.nat(),
        shift: fc.integer({ min: -2 * DAY, max: 2 * DAY }),
      }),
    ),
    windows: fc.array(windowArbitrary, { minLength: 1, maxLength: 3 }),
    holidays: fc.array(
      fc.record({ offsetDays: fc.integer({ min: -3, max: 3 }), lengthDays: fc.nat(2), state }),
      { maxLength: 2 },
    ),
    overrides: fc.array(
      fc.record({
        offsetMinutes: fc.integer({ min: -3 * 1440, max: 3 * 1440 }),
        state,
        target: fc.constantFrom('all', 'this', 'other'),
      }),
      { maxLength: 2 },
    ),
    rangesStyle: fc.boolean(),
    lowerCase: fc.boolean(),
  })
  .map(({ instant, ...rest }) => {
    // Half of the instants fall within two days of a change of UTC offset, where DST bites.
    const changes = offsetChanges(rest.timeZone);
    const near = 'nearChange' in instant && changes.length > 0;
    const at = near ? changes[instant.nearChange % changes.length]! + instant.shift : instant.at;
    return { ...rest, instant: at };
  });

export type RandomCase = typeof randomCase extends fc.Arbitrary<infer T> ? T : never;

function clock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** `Fri-Mon,Wed` from day indexes, as runs around the week; or a plain list. */
function renderDays(days: readonly number[], asRanges: boolean): string {
  if (!asRanges) return days.map((day) => dayNames[day]).join(',');
  if (days.length === 7) return 'Mon-Sun';

  const runs: string[] = [];
  const gap = [0, 1, 2, 3, 4, 5, 6].find((day) => !days.includes(day))!;
  let runStart: number | undefined;
  for (let step = 1; step <= 7; step += 1) {
    const day = (gap + step) % 7;
    if (days.includes(day) && runStart === undefined) runStart = day;
    if (!days.includes(day) && runStart !== undefined) {
      const last = (day + 6) % 7;
      runs.push(
        runStart === last ? dayNames[runStart]! : `${dayNames[runStart]}-${dayNames[last]}`,
      );
      runStart = undefined;
    }
  }
  return runs.join(',');
}

function localDate(timeZone: string, instant: number, offsetDays: number): string {
  const wallDay = Math.floor(wallClockMinutes(timeZone, instant) / 1440) + offsetDays;
  return new Date(wallDay * DAY).toISOString().slice(0, 10);
}

/** The spec the engine evaluates and the same policy as the oracle sees it, for `team-a`. */
export function renderCase(randomCase: RandomCase): {
  spec: NamespaceScalingPolicySpec;
  oracle: OraclePolicy;
} {
  const { timeZone, instant } = randomCase;
  const text = (value: string) => (randomCase.lowerCase ? value.toLowerCase() : value);
  const sleep = randomCase.windows.map((window) =>
    window.kind === 'daily'
      ? {
          days: text(renderDays(window.days, randomCase.rangesStyle)),
          start: clock(window.start),
          end: clock(window.end),
        }
      : {
          from: text(`${dayNames[window.fromDay]} ${clock(window.fromMinute)}`),
          to: text(`${dayNames[window.toDay]} ${clock(window.toMinute)}`),
        },
  );
  const holidays = randomCase.holidays.map(({ offsetDays, lengthDays, state }) => ({
    first: localDate(timeZone, instant, offsetDays),
    last: localDate(timeZone, instant, offsetDays + lengthDays),
    state,
  }));
  const wholeMinute = Math.floor(instant / MINUTE) * MINUTE;
  const overrides = randomCase.overrides.map(({ offsetMinutes, state, target }) => ({
    state,
    until: wholeMinute + offsetMinutes * MINUTE,
    target,
  }));

  const spec: NamespaceScalingPolicySpec = {
    namespaces: ['team-a', 'team-b'],
    timeZone,
    sleep,
    holidays: holidays.map(({ first, last, state }) => ({ from: first, to: last, state })),
    overrides: overrides.map(({ state, until, target }) => ({
      state,
      until: new Date(until).toISOString(),
      ...(target === 'all' ? {} : { namespaces: [target === 'this' ? 'team-a' : 'team-b'] }),
    })),
  };
  const oracle: OraclePolicy = {
    timeZone,
    windows: randomCase.windows,
    holidays,
    overrides: overrides.filter(({ target }) => target !== 'other'),
  };
  return { spec, oracle };
}
