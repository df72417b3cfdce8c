import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { computeDesiredState } from './compute-desired-state.ts';
import { assertDecision, decisionTable as table, policy } from './testing/assert-decision.ts';

// Europe/Berlin in winter, +01:00. 2026-12-22 is a Tuesday, 2026-12-24 a Thursday,
// 2026-12-28 a Monday, 2027-01-01 a Friday. Windows: Mon-Thu nights and Fri 20:00 to Mon 08:00.
const nightsAndWeekends = [
  { days: 'Mon-Thu', start: '20:00', end: '08:00' },
  { from: 'Fri 20:00', to: 'Mon 08:00' },
];

describe('S7 holidays beat windows', () => {
  table(
    policy({
      timeZone: 'Europe/Berlin',
      sleep: nightsAndWeekends,
      holidays: [
        { date: '2026-12-24', name: 'Christmas Eve' },
        { date: '2026-12-28', state: 'Awake', name: 'release day' },
        { from: '2026-12-31', to: '2027-01-01' },
      ],
    }),
    [
      [
        'S7 a weekday holiday is asleep at noon, joined to the nights around it',
        '2026-12-24T12:00+01:00',
        {
          state: 'Asleep',
          rule: 'holiday',
          index: 0,
          since: '2026-12-23T20:00+01:00',
          next: 'Awake 2026-12-25T08:00+01:00',
        },
      ],
      [
        'S7 the night after a holiday is a window again',
        '2026-12-25T03:00+01:00',
        { state: 'Asleep', rule: 'window', index: 0 },
      ],
      [
        'S7 an Awake holiday wakes the end of the night before it, from midnight',
        '2026-12-28T03:00+01:00',
        {
          state: 'Awake',
          rule: 'holiday',
          index: 1,
          since: '2026-12-28T00:00+01:00',
          next: 'Asleep 2026-12-29T00:00+01:00',
        },
      ],
      [
        'S7 after an Awake holiday the window that started during it resumes at midnight',
        '2026-12-29T00:30+01:00',
        {
          state: 'Asleep',
          rule: 'window',
          since: '2026-12-29T00:00+01:00',
          next: 'Awake 2026-12-29T08:00+01:00',
        },
      ],
      [
        'S7 a two-day holiday is asleep on its last day until the weekend ends',
        '2027-01-01T12:00+01:00',
        {
          state: 'Asleep',
          rule: 'holiday',
          index: 2,
          since: '2026-12-30T20:00+01:00',
          next: 'Awake 2027-01-04T08:00+01:00',
        },
      ],
      [
        'S7 a working day without a holiday follows the windows',
        '2026-12-22T12:00+01:00',
        {
          state: 'Awake',
          rule: 'default',
          since: '2026-12-22T08:00+01:00',
          next: 'Asleep 2026-12-22T20:00+01:00',
        },
      ],
    ],
  );

  table(
    policy({
      timeZone: 'Europe/Berlin',
      sleep: nightsAndWeekends,
      holidays: [
        { date: '2026-12-24', state: 'Awake', name: 'first wins' },
        { from: '2026-12-23', to: '2026-12-25' },
      ],
    }),
    [
      [
        'S7 of two holidays on one day the first in the list decides',
        '2026-12-24T12:00+01:00',
        { state: 'Awake', rule: 'holiday', index: 0 },
      ],
      [
        'S7 the second holiday decides the days the first does not cover',
        '2026-12-23T12:00+01:00',
        { state: 'Asleep', rule: 'holiday', index: 1, next: 'Awake 2026-12-24T00:00+01:00' },
      ],
    ],
  );
});

describe('S7 S8 overrides beat holidays and windows, and expire by themselves', () => {
  const spec = policy({
    namespaces: ['team-a', 'team-b', 'team-c'],
    timeZone: 'Europe/Berlin',
    sleep: nightsAndWeekends,
    holidays: [{ date: '2026-12-24' }],
    overrides: [
      {
        state: 'Awake',
        until: '2026-12-24T11:00:00+01:00',
        namespaces: ['team-a'],
        reason: 'hotfix',
      },
      { state: 'Asleep', until: '2026-12-22T09:00:00+01:00' },
      { state: 'Awake', until: '2026-12-22T18:00:00+01:00', namespaces: ['team-b'] },
    ],
  });

  table(spec, [
    [
      'S8 an override keeps team-a Awake on an Asleep holiday until its until',
      '2026-12-24T09:00+01:00',
      {
        state: 'Awake',
        rule: 'override',
        index: 0,
        since: null,
        next: 'Asleep 2026-12-24T11:00+01:00',
      },
    ],
    [
      'S8 at its until the override has expired and the holiday decides again',
      '2026-12-24T11:00+01:00',
      {
        state: 'Asleep',
        rule: 'holiday',
        since: '2026-12-24T11:00+01:00',
        next: 'Awake 2026-12-25T08:00+01:00',
      },
    ],
  ]);

  it('S8 an override without namespaces applies to every namespace', () => {
    const at = '2026-12-22T08:30+01:00';
    const expected = {
      state: 'Asleep',
      rule: 'override',
      index: 1,
      next: 'Awake 2026-12-22T09:00+01:00',
    } as const;
    assertDecision(spec, at, expected, 'team-c');
  });

  it('S8 an expired Asleep override counts as unset, never as the opposite state', () => {
    const at = '2026-12-22T12:00+01:00';
    const expected = {
      state: 'Awake',
      rule: 'default',
      since: '2026-12-22T09:00+01:00',
      next: 'Asleep 2026-12-22T20:00+01:00',
    } as const;
    assertDecision(spec, at, expected, 'team-c');
  });

  it('S8 an override for team-a leaves team-b to the holiday', () => {
    assertDecision(spec, '2026-12-24T09:00+01:00', { state: 'Asleep', rule: 'holiday' }, 'team-b');
  });

  it('S8 an expired Awake override leaves the window to decide', () => {
    const at = '2026-12-22T21:00+01:00';
    assertDecision(
      spec,
      at,
      { state: 'Asleep', rule: 'window', since: '2026-12-22T20:00+01:00' },
      'team-b',
    );
  });

  it('S8 of two unexpired overrides the first in the list decides, then the next', () => {
    const layered = policy({
      timeZone: 'UTC',
      sleep: [{ days: 'Mon-Sun', start: '20:00', end: '08:00' }],
      overrides: [
        { state: 'Asleep', until: '2026-01-07T12:00:00Z' },
        { state: 'Awake', until: '2026-01-07T23:00:00Z' },
      ],
    });
    assertDecision(layered, '2026-01-07T11:00Z', {
      state: 'Asleep',
      index: 0,
      next: 'Awake 2026-01-07T12:00Z',
    });
    assertDecision(layered, '2026-01-07T21:00Z', {
      state: 'Awake',
      index: 1,
      since: '2026-01-07T12:00Z',
      next: 'Asleep 2026-01-07T23:00Z',
    });
  });

  it('S8 explains an override with its namespace, state, expiry and reason', () => {
    const decision = computeDesiredState(spec, 'team-a', new Date('2026-12-24T09:00+01:00'));
    assert.equal(
      decision.reason.detail,
      'overrides[0] keeps team-a Awake until 2026-12-24T10:00:00.000Z: hotfix',
    );
  });
});
