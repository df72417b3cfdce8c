import { describe } from 'node:test';

import { decisionTable as table, policy } from './testing/assert-decision.ts';

// 2026-01-12 is a Monday. Berlin is +01:00 in January; DST dates as in dst.test.ts.
describe('cron: the state is decided by whichever expression fired last', () => {
  table(
    policy({ timeZone: 'Europe/Berlin', cron: { sleep: '0 19 * * 1-5', wake: '0 7 * * 1-5' } }),
    [
      [
        'cron is asleep after sleep fired on a weekday evening',
        '2026-01-12T20:00+01:00',
        {
          state: 'Asleep',
          rule: 'cron',
          since: '2026-01-12T19:00+01:00',
          next: 'Awake 2026-01-13T07:00+01:00',
        },
      ],
      [
        'cron stays asleep over the weekend until Monday 07:00',
        '2026-01-17T12:00+01:00',
        { state: 'Asleep', since: '2026-01-16T19:00+01:00', next: 'Awake 2026-01-19T07:00+01:00' },
      ],
      [
        'cron is awake after wake fired on Monday morning',
        '2026-01-12T12:00+01:00',
        {
          state: 'Awake',
          rule: 'cron',
          since: '2026-01-12T07:00+01:00',
          next: 'Asleep 2026-01-12T19:00+01:00',
        },
      ],
      [
        'S1 cron is level-triggered: exactly at the sleep minute it is asleep',
        '2026-01-12T19:00+01:00',
        { state: 'Asleep' },
      ],
    ],
  );
});

describe('S6 cron across DST', () => {
  table(policy({ timeZone: 'Europe/Berlin', cron: { sleep: '30 0 * * *', wake: '30 2 * * *' } }), [
    [
      'S6 cron: a wake at 02:30 in the spring gap fires at 03:00 CEST',
      '2026-03-29T00:45+01:00',
      { state: 'Asleep', next: 'Awake 2026-03-29T03:00+02:00' },
    ],
    [
      'S6 cron: awake from 03:00 CEST',
      '2026-03-29T03:00+02:00',
      { state: 'Awake', since: '2026-03-29T03:00+02:00', next: 'Asleep 2026-03-30T00:30+02:00' },
    ],
  ]);
  table(policy({ timeZone: 'Europe/Berlin', cron: { sleep: '0 2 * * *', wake: '30 2 * * *' } }), [
    [
      'S6 cron: times in the autumn fold fire once, so the second 02:15 (CET) stays awake',
      '2026-10-25T02:15+01:00',
      { state: 'Awake', since: '2026-10-25T02:30+02:00', next: 'Asleep 2026-10-26T02:00+01:00' },
    ],
  ]);
});

describe('cron without wake, and sleep and wake at the same minute', () => {
  table(policy({ timeZone: 'UTC', cron: { sleep: '0 19 * * *' } }), [
    [
      'cron without wake stays asleep once sleep has fired',
      '2026-01-12T12:00Z',
      { state: 'Asleep', next: null },
    ],
  ]);
  table(policy({ timeZone: 'UTC', cron: { sleep: '0 8 * * *', wake: '0 8 * * 1' } }), [
    [
      'cron: when both fire at the same minute, wake wins',
      '2026-01-12T08:30Z',
      { state: 'Awake', since: '2026-01-12T08:00Z', next: 'Asleep 2026-01-13T08:00Z' },
    ],
    [
      'cron: asleep since the first sleep after the last wake',
      '2026-01-18T12:00Z',
      { state: 'Asleep', since: '2026-01-13T08:00Z', next: 'Awake 2026-01-19T08:00Z' },
    ],
  ]);
  table(
    policy({
      timeZone: 'UTC',
      cron: { sleep: '0 8 * * *', wake: '0 8 * * 1' },
      holidays: [{ date: '2026-01-13', state: 'Awake' }],
    }),
    [
      [
        'S7 an Awake holiday beats cron until its midnight',
        '2026-01-13T12:00Z',
        {
          state: 'Awake',
          rule: 'holiday',
          since: '2026-01-12T08:00Z',
          next: 'Asleep 2026-01-14T00:00Z',
        },
      ],
    ],
  );
});
