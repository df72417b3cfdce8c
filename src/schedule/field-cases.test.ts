import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { InvalidPolicyError } from '../policy/problems.ts';
import { validatePolicySpec } from '../policy/validate.ts';
import { computeDesiredState } from './compute-desired-state.ts';
import { decisionTable as table, policy } from './testing/assert-decision.ts';

// The schedule cases of /work/shared/cases/README.md, with the expected values given there.

describe('G01 week-wrapping day range (S4)', () => {
  // Asia/Jerusalem is +02:00 in February. 2026-02-01 and 2026-02-08 are Sundays.
  const spec = policy({
    timeZone: 'Asia/Jerusalem',
    sleep: [
      { days: 'Sun-Fri', start: '22:30', end: '06:00' },
      { days: 'Sat', start: '00:00', end: '24:00' },
    ],
  });
  table(spec, [
    ['G01 Sunday 08:00 is awake', '2026-02-01T08:00+02:00', { state: 'Awake' }],
    [
      'G01 Sunday 23:00 is asleep: Sunday is inside Sun-Fri',
      '2026-02-01T23:00+02:00',
      {
        state: 'Asleep',
        index: 0,
        since: '2026-02-01T22:30+02:00',
        next: 'Awake 2026-02-02T06:00+02:00',
      },
    ],
    [
      'G01 Saturday 08:00 is asleep',
      '2026-02-07T08:00+02:00',
      {
        state: 'Asleep',
        index: 1,
        since: '2026-02-06T22:30+02:00',
        next: 'Awake 2026-02-08T00:00+02:00',
      },
    ],
    [
      'G01 Sunday 03:00 is awake: no window covers it',
      '2026-02-08T03:00+02:00',
      { state: 'Awake', since: '2026-02-08T00:00+02:00', next: 'Asleep 2026-02-08T22:30+02:00' },
    ],
  ]);

  it('G01 accepts Sun-Fri and Fri-Mon at admission', () => {
    const wrapping = policy({
      timeZone: 'Asia/Jerusalem',
      sleep: [
        { days: 'Sun-Fri', start: '22:30', end: '06:00' },
        { days: 'Fri-Mon', start: '12:00', end: '13:00' },
      ],
    });
    assert.deepEqual(validatePolicySpec(wrapping), []);
  });
});

describe('G02 start equal to end (S5)', () => {
  const spec = policy({
    timeZone: 'UTC',
    sleep: [{ days: 'Mon-Sun', start: '03:00', end: '03:00' }],
  });

  it('G02 rejects Mon-Sun 03:00-03:00 with a message naming both start and end', () => {
    const problems = validatePolicySpec(spec);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.path, 'spec.sleep[0].end');
    assert.match(problems[0]!.message, /start and end are both 03:00/);
  });

  it('G02 the engine refuses the policy instead of deciding a state for it', () => {
    assert.throws(
      () => computeDesiredState(spec, 'team-a', new Date('2026-01-07T03:00Z')),
      InvalidPolicyError,
    );
  });
});

describe('G03 window ending at midnight, and short windows (S5)', () => {
  table(
    policy({
      timeZone: 'Asia/Kolkata',
      sleep: [{ days: 'Mon-Sun', start: '11:25', end: '11:35' }],
    }),
    [
      [
        'G03 Kolkata 11:30 is asleep',
        '2026-01-07T11:30+05:30',
        { state: 'Asleep', next: 'Awake 2026-01-07T11:35+05:30' },
      ],
      [
        'G03 Kolkata 11:40 is awake',
        '2026-01-07T11:40+05:30',
        { state: 'Awake', since: '2026-01-07T11:35+05:30' },
      ],
      [
        'G03 Kolkata 23:59 is awake',
        '2026-01-07T23:59+05:30',
        { state: 'Awake', next: 'Asleep 2026-01-08T11:25+05:30' },
      ],
    ],
  );
  table(
    policy({
      timeZone: 'Europe/Berlin',
      sleep: [{ days: 'Mon-Sun', start: '22:00', end: '06:00' }],
    }),
    [
      ['G03 Berlin 23:00 is asleep', '2026-01-07T23:00+01:00', { state: 'Asleep' }],
      [
        'G03 Berlin 05:59 the next day is asleep',
        '2026-01-08T05:59+01:00',
        { state: 'Asleep', next: 'Awake 2026-01-08T06:00+01:00' },
      ],
      ['G03 Berlin 06:00 is awake', '2026-01-08T06:00+01:00', { state: 'Awake' }],
      [
        'G03 Berlin 21:59 is awake',
        '2026-01-08T21:59+01:00',
        { state: 'Awake', next: 'Asleep 2026-01-08T22:00+01:00' },
      ],
    ],
  );
  table(
    policy({
      timeZone: 'Europe/Berlin',
      sleep: [{ days: 'Mon-Sun', start: '22:00', end: '24:00' }],
    }),
    [
      [
        'G03 a window ending 24:00 is asleep at 23:59 and ends at midnight',
        '2026-01-07T23:59+01:00',
        { state: 'Asleep', next: 'Awake 2026-01-08T00:00+01:00' },
      ],
      ['G03 a window ending 24:00 is over at 00:00', '2026-01-08T00:00+01:00', { state: 'Awake' }],
    ],
  );
});

describe('G04 overnight window belongs to its start day (S5)', () => {
  table(
    policy({
      timeZone: 'Europe/Berlin',
      sleep: [{ days: 'Mon-Fri', start: '22:00', end: '06:00' }],
    }),
    [
      ['G04 Friday 23:00 is asleep', '2026-01-09T23:00+01:00', { state: 'Asleep' }],
      ['G04 Saturday 05:00 is asleep', '2026-01-10T05:00+01:00', { state: 'Asleep' }],
      ['G04 Saturday 07:00 is awake', '2026-01-10T07:00+01:00', { state: 'Awake' }],
      ['G04 Sunday 23:00 is awake', '2026-01-11T23:00+01:00', { state: 'Awake' }],
      [
        'G04 Monday 01:00 is awake',
        '2026-01-12T01:00+01:00',
        { state: 'Awake', next: 'Asleep 2026-01-12T22:00+01:00' },
      ],
    ],
  );
});

describe('G05 spring-forward gap (S6)', () => {
  table(
    policy({
      timeZone: 'Europe/Berlin',
      sleep: [{ days: 'Mon-Sun', start: '00:30', end: '02:30' }],
    }),
    [
      [
        'G05 asleep at 00:45 CET and waking at 03:00 CEST (01:00Z), not 24 hours later',
        '2026-03-29T00:45+01:00',
        { state: 'Asleep', since: '2026-03-29T00:30+01:00', next: 'Awake 2026-03-29T01:00Z' },
      ],
      [
        'G05 awake at 03:00 CEST, the first valid instant after the gap',
        '2026-03-29T01:00Z',
        { state: 'Awake', since: '2026-03-29T01:00Z', next: 'Asleep 2026-03-30T00:30+02:00' },
      ],
    ],
  );
});

describe('G06 late reconcile catches up (S1)', () => {
  // Europe/Rome is +01:00 in January; 2026-01-12 is a Monday, 2026-01-09 a Friday.
  table(
    policy({
      timeZone: 'Europe/Rome',
      sleep: [
        { days: 'Mon-Thu', start: '20:00', end: '08:10' },
        { from: 'Fri 20:00', to: 'Mon 08:10' },
      ],
    }),
    [
      [
        'G06 at 07:00, when the controller goes down, the namespace is asleep',
        '2026-01-12T07:00+01:00',
        {
          state: 'Asleep',
          index: 1,
          since: '2026-01-09T20:00+01:00',
          next: 'Awake 2026-01-12T08:10+01:00',
        },
      ],
      [
        'G06 the first reconcile after 08:10, at 08:11:32, finds it should be awake',
        '2026-01-12T08:11:32+01:00',
        {
          state: 'Awake',
          rule: 'default',
          since: '2026-01-12T08:10+01:00',
          next: 'Asleep 2026-01-12T20:00+01:00',
        },
      ],
      [
        'G06 a controller back at 09:30 finds it should be awake',
        '2026-01-12T09:30+01:00',
        {
          state: 'Awake',
          rule: 'default',
          since: '2026-01-12T08:10+01:00',
          next: 'Asleep 2026-01-12T20:00+01:00',
        },
      ],
    ],
  );
});
