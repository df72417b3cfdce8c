import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { InvalidPolicyError } from '../policy/problems.ts';
import { computeDesiredState } from './compute-desired-state.ts';
import { decisionTable as table, policy } from './testing/assert-decision.ts';

// 2026-01-05 is a Monday; all instants below are UTC unless they carry an offset.

describe('S4 day lists', () => {
  describe('Fri-Mon wraps the week: Fri, Sat, Sun and Mon', () => {
    table(policy({ timeZone: 'UTC', sleep: [{ days: 'Fri-Mon', start: '10:00', end: '11:00' }] }), [
      ['S4 Fri-Mon covers Friday', '2026-01-09T10:30Z', { state: 'Asleep' }],
      ['S4 Fri-Mon covers Saturday', '2026-01-10T10:30Z', { state: 'Asleep' }],
      ['S4 Fri-Mon covers Sunday', '2026-01-11T10:30Z', { state: 'Asleep' }],
      ['S4 Fri-Mon covers Monday', '2026-01-12T10:30Z', { state: 'Asleep' }],
      ['S4 Fri-Mon leaves out Tuesday', '2026-01-13T10:30Z', { state: 'Awake' }],
      ['S4 Fri-Mon leaves out Thursday', '2026-01-08T10:30Z', { state: 'Awake' }],
    ]);
  });

  describe('Sun-Thu wraps the week from Sunday', () => {
    table(policy({ timeZone: 'UTC', sleep: [{ days: 'Sun-Thu', start: '10:00', end: '11:00' }] }), [
      ['S4 Sun-Thu covers Sunday', '2026-01-11T10:30Z', { state: 'Asleep' }],
      ['S4 Sun-Thu covers Thursday', '2026-01-15T10:30Z', { state: 'Asleep' }],
      ['S4 Sun-Thu leaves out Friday', '2026-01-16T10:30Z', { state: 'Awake' }],
      ['S4 Sun-Thu leaves out Saturday', '2026-01-17T10:30Z', { state: 'Awake' }],
    ]);
  });

  describe('lists, single days and case', () => {
    table(
      policy({
        timeZone: 'UTC',
        sleep: [
          { days: 'sat,SUN', start: '10:00', end: '11:00' },
          { days: 'mOn', start: '12:00', end: '13:00' },
          { days: 'Tue-Wed, Fri', start: '14:00', end: '15:00' },
        ],
      }),
      [
        [
          'S4 names are case-insensitive: sat,SUN covers Saturday',
          '2026-01-10T10:30Z',
          { state: 'Asleep', index: 0 },
        ],
        ['S4 sat,SUN leaves out Monday', '2026-01-12T10:30Z', { state: 'Awake' }],
        ['S4 a single day, mOn, covers Monday', '2026-01-12T12:30Z', { state: 'Asleep', index: 1 }],
        ['S4 a single day, mOn, leaves out Tuesday', '2026-01-13T12:30Z', { state: 'Awake' }],
        ['S4 Tue-Wed, Fri covers Wednesday', '2026-01-07T14:30Z', { state: 'Asleep', index: 2 }],
        ['S4 Tue-Wed, Fri leaves out Thursday', '2026-01-08T14:30Z', { state: 'Awake' }],
        ['S4 Tue-Wed, Fri covers Friday', '2026-01-09T14:30Z', { state: 'Asleep', index: 2 }],
      ],
    );
  });
});

describe('S5 windows', () => {
  describe('an overnight window belongs to the day it starts on', () => {
    table(policy({ timeZone: 'UTC', sleep: [{ days: 'Mon-Fri', start: '22:00', end: '06:00' }] }), [
      [
        'S5 Friday 23:00 is inside Friday night',
        '2026-01-09T23:00Z',
        {
          state: 'Asleep',
          rule: 'window',
          since: '2026-01-09T22:00Z',
          next: 'Awake 2026-01-10T06:00Z',
        },
      ],
      ['S5 Saturday 05:59 is still Friday night', '2026-01-10T05:59Z', { state: 'Asleep' }],
      [
        'S5 Saturday 06:00 is awake: the end is exclusive',
        '2026-01-10T06:00Z',
        {
          state: 'Awake',
          rule: 'default',
          since: '2026-01-10T06:00Z',
          next: 'Asleep 2026-01-12T22:00Z',
        },
      ],
      [
        'S5 Sunday 23:00 is awake: Sunday is not in Mon-Fri',
        '2026-01-11T23:00Z',
        { state: 'Awake' },
      ],
      [
        'S5 Monday 01:00 is awake: Sunday night is not a window',
        '2026-01-12T01:00Z',
        { state: 'Awake' },
      ],
      [
        'S5 Monday 22:00 is asleep: the start is inclusive',
        '2026-01-12T22:00Z',
        { state: 'Asleep', since: '2026-01-12T22:00Z' },
      ],
      [
        'S5 Tuesday 03:00 is inside Monday night',
        '2026-01-13T03:00Z',
        { state: 'Asleep', next: 'Awake 2026-01-13T06:00Z' },
      ],
    ]);
  });

  describe('24:00 as end means the end of the start day', () => {
    table(policy({ timeZone: 'UTC', sleep: [{ days: 'Mon-Sun', start: '20:00', end: '24:00' }] }), [
      [
        'S5 23:59 is inside a window ending 24:00',
        '2026-01-07T23:59Z',
        { state: 'Asleep', next: 'Awake 2026-01-08T00:00Z' },
      ],
      [
        'S5 00:00 is after a window ending 24:00',
        '2026-01-08T00:00Z',
        { state: 'Awake', since: '2026-01-08T00:00Z', next: 'Asleep 2026-01-08T20:00Z' },
      ],
    ]);
  });

  describe('windows that touch or overlap make one stretch of sleep', () => {
    table(
      policy({
        timeZone: 'UTC',
        sleep: [
          { days: 'Fri', start: '22:00', end: '24:00' },
          { days: 'Sat', start: '00:00', end: '24:00' },
        ],
      }),
      [
        [
          'S5 Saturday noon is asleep since Friday 22:00 until Sunday 00:00',
          '2026-01-10T12:00Z',
          {
            state: 'Asleep',
            index: 1,
            since: '2026-01-09T22:00Z',
            next: 'Awake 2026-01-11T00:00Z',
          },
        ],
      ],
    );
  });

  describe('{from, to} spans', () => {
    table(policy({ timeZone: 'UTC', sleep: [{ from: 'Fri 19:00', to: 'Mon 07:00' }] }), [
      [
        'S5 a span is awake the minute before it starts',
        '2026-01-09T18:59Z',
        { state: 'Awake', next: 'Asleep 2026-01-09T19:00Z' },
      ],
      [
        'S5 a span covers the weekend',
        '2026-01-11T12:00Z',
        { state: 'Asleep', since: '2026-01-09T19:00Z', next: 'Awake 2026-01-12T07:00Z' },
      ],
      ['S5 a span ends at its to', '2026-01-12T07:00Z', { state: 'Awake' }],
    ]);
    table(policy({ timeZone: 'UTC', sleep: [{ from: 'Sat 18:00', to: 'Sat 17:00' }] }), [
      [
        'S5 a span whose to is before its from on the same day runs almost a week',
        '2026-01-14T12:00Z',
        { state: 'Asleep', since: '2026-01-10T18:00Z', next: 'Awake 2026-01-17T17:00Z' },
      ],
      [
        'S5 that span leaves one hour awake',
        '2026-01-17T17:30Z',
        { state: 'Awake', since: '2026-01-17T17:00Z', next: 'Asleep 2026-01-17T18:00Z' },
      ],
    ]);
    table(policy({ timeZone: 'UTC', sleep: [{ from: 'Mon 00:00', to: 'Sun 24:00' }] }), [
      [
        'S5 a span from Mon 00:00 to Sun 24:00 is the whole week, with no transition',
        '2026-01-14T12:00Z',
        { state: 'Asleep', since: null, next: null },
      ],
    ]);
  });

  it('S5 a start equal to the end is invalid and the engine refuses the policy', () => {
    const spec = policy({
      timeZone: 'UTC',
      sleep: [{ days: 'Mon-Sun', start: '03:00', end: '03:00' }],
    });
    assert.throws(
      () => computeDesiredState(spec, 'team-a', new Date('2026-01-07T03:00Z')),
      (err: unknown) =>
        err instanceof InvalidPolicyError &&
        err.problems.some((p) => p.path === 'spec.sleep[0].end'),
    );
  });
});

describe('S2 weekday and time of day in the policy zone', () => {
  describe('Asia/Kolkata Monday 00:00-01:00 is Sunday evening in UTC', () => {
    table(
      policy({ timeZone: 'Asia/Kolkata', sleep: [{ days: 'Mon', start: '00:00', end: '01:00' }] }),
      [
        [
          'S2 Monday 00:30 IST is asleep although it is Sunday in UTC',
          '2026-01-11T19:00Z',
          {
            state: 'Asleep',
            since: '2026-01-12T00:00+05:30',
            next: 'Awake 2026-01-12T01:00+05:30',
          },
        ],
        ['S2 Monday 00:30 UTC is Monday 06:00 IST, awake', '2026-01-12T00:30Z', { state: 'Awake' }],
      ],
    );
  });

  describe('Etc/GMT+5 is five hours behind UTC', () => {
    table(
      policy({ timeZone: 'Etc/GMT+5', sleep: [{ days: 'Mon-Sun', start: '00:00', end: '01:00' }] }),
      [
        [
          'S2 00:30 in Etc/GMT+5 is 05:30 UTC',
          '2026-01-07T05:30Z',
          { state: 'Asleep', since: '2026-01-07T00:00-05:00' },
        ],
      ],
    );
  });

  it('S2 uses the default zone when the policy has none, else UTC, and reports it', () => {
    const spec = policy({ sleep: [{ days: 'Mon-Sun', start: '00:00', end: '01:00' }] });
    const at = new Date('2026-01-07T00:30Z');
    const inTokyo = computeDesiredState(spec, 'team-a', at, 'Asia/Tokyo');
    const inUtc = computeDesiredState(spec, 'team-a', at);

    assert.equal(inTokyo.timeZone, 'Asia/Tokyo');
    assert.equal(inTokyo.state, 'Awake');
    assert.equal(inUtc.timeZone, 'UTC');
    assert.equal(inUtc.state, 'Asleep');
  });

  it('S2 prefers the policy zone over the default zone', () => {
    const spec = policy({
      timeZone: 'UTC',
      sleep: [{ days: 'Mon-Sun', start: '00:00', end: '01:00' }],
    });
    const decision = computeDesiredState(
      spec,
      'team-a',
      new Date('2026-01-07T00:30Z'),
      'Asia/Tokyo',
    );
    assert.equal(decision.timeZone, 'UTC');
    assert.equal(decision.state, 'Asleep');
  });

  it('S3 refuses an abbreviation as the default zone', () => {
    const spec = policy({ sleep: [{ days: 'Mon-Sun', start: '00:00', end: '01:00' }] });
    assert.throws(() => computeDesiredState(spec, 'team-a', new Date(), 'CEST'), /abbreviation/);
  });
});
