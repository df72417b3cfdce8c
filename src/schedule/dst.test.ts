import { describe } from 'node:test';

import { decisionTable as table, policy } from './testing/assert-decision.ts';

// Europe/Berlin: 2026-03-29 02:00 CET (+01:00) -> 03:00 CEST (+02:00), at 01:00Z;
//                2026-10-25 03:00 CEST -> 02:00 CET, at 01:00Z (02:00-02:59 happens twice).
// America/New_York: 2026-03-08 02:00 EST (-05:00) -> 03:00 EDT (-04:00), at 07:00Z;
//                   2026-11-01 02:00 EDT -> 01:00 EST, at 06:00Z (01:00-01:59 happens twice).
// Australia/Lord_Howe: 2026-04-05 02:00 +11:00 -> 01:30 +10:30, at 2026-04-04T15:00Z;
//                      2026-10-04 02:00 +10:30 -> 02:30 +11:00, at 2026-10-03T15:30Z.
// Asia/Kolkata: +05:30 all year.
const daily = (timeZone: string, start: string, end: string) =>
  policy({ timeZone, sleep: [{ days: 'Mon-Sun', start, end }] });

describe('S6 Europe/Berlin spring forward', () => {
  table(daily('Europe/Berlin', '02:30', '05:00'), [
    [
      'S6 a start in the gap is still awake at 01:59 CET',
      '2026-03-29T01:59+01:00',
      { state: 'Awake', next: 'Asleep 2026-03-29T03:00+02:00' },
    ],
    [
      'S6 a start in the gap takes effect at 03:00 CEST',
      '2026-03-29T03:00+02:00',
      { state: 'Asleep', since: '2026-03-29T03:00+02:00', next: 'Awake 2026-03-29T05:00+02:00' },
    ],
  ]);
  table(daily('Europe/Berlin', '22:00', '02:30'), [
    [
      'S6 an end in the gap takes effect at 03:00 CEST',
      '2026-03-29T01:30+01:00',
      { state: 'Asleep', since: '2026-03-28T22:00+01:00', next: 'Awake 2026-03-29T03:00+02:00' },
    ],
  ]);
  table(daily('Europe/Berlin', '02:15', '02:45'), [
    [
      'S6 a window wholly inside the gap does not happen that day',
      '2026-03-29T03:30+02:00',
      { state: 'Awake', since: '2026-03-28T02:45+01:00', next: 'Asleep 2026-03-30T02:15+02:00' },
    ],
  ]);
  table(daily('Europe/Berlin', '22:00', '04:00'), [
    [
      'S6 a night across the gap is not "start + 6 hours": asleep at 03:30 CEST',
      '2026-03-29T03:30+02:00',
      { state: 'Asleep', next: 'Awake 2026-03-29T04:00+02:00' },
    ],
  ]);
});

describe('S6 Europe/Berlin fall back', () => {
  table(daily('Europe/Berlin', '02:30', '05:00'), [
    [
      'S6 a start in the fold takes effect at its first occurrence (CEST)',
      '2026-10-25T02:30+02:00',
      { state: 'Asleep', since: '2026-10-25T02:30+02:00', next: 'Awake 2026-10-25T05:00+01:00' },
    ],
    ['S6 the minute before the first 02:30 is awake', '2026-10-25T02:29+02:00', { state: 'Awake' }],
    [
      'S6 the second 02:30 (CET) is inside the window, not a new start',
      '2026-10-25T02:30+01:00',
      { state: 'Asleep', since: '2026-10-25T02:30+02:00' },
    ],
  ]);
  table(daily('Europe/Berlin', '01:00', '02:30'), [
    [
      'S6 an end in the fold takes effect once: the second 02:15 (CET) stays awake',
      '2026-10-25T02:15+01:00',
      { state: 'Awake', since: '2026-10-25T02:30+02:00', next: 'Asleep 2026-10-26T01:00+01:00' },
    ],
  ]);
  table(daily('Europe/Berlin', '22:00', '06:00'), [
    [
      'S6 a night across the fold ends at 06:00 CET, not "start + 8 hours"',
      '2026-10-25T05:30+01:00',
      { state: 'Asleep', since: '2026-10-24T22:00+02:00', next: 'Awake 2026-10-25T06:00+01:00' },
    ],
  ]);
});

describe('S6 America/New_York', () => {
  table(daily('America/New_York', '02:30', '06:00'), [
    [
      'S6 New York: a start in the March gap takes effect at 03:00 EDT',
      '2026-03-08T01:59-05:00',
      { state: 'Awake', next: 'Asleep 2026-03-08T03:00-04:00' },
    ],
    [
      'S6 New York: asleep from 03:00 EDT until 06:00 EDT',
      '2026-03-08T03:00-04:00',
      { state: 'Asleep', next: 'Awake 2026-03-08T06:00-04:00' },
    ],
  ]);
  table(policy({ timeZone: 'America/New_York', sleep: [{ from: 'Fri 23:00', to: 'Sun 02:30' }] }), [
    [
      'S6 New York: a span ending in the gap ends at 03:00 EDT',
      '2026-03-08T01:30-05:00',
      { state: 'Asleep', since: '2026-03-06T23:00-05:00', next: 'Awake 2026-03-08T03:00-04:00' },
    ],
  ]);
  table(daily('America/New_York', '01:30', '03:00'), [
    [
      'S6 New York: a start in the November fold is the first 01:30 (EDT)',
      '2026-11-01T01:45-05:00',
      { state: 'Asleep', since: '2026-11-01T01:30-04:00', next: 'Awake 2026-11-01T03:00-05:00' },
    ],
  ]);
  table(daily('America/New_York', '00:00', '01:30'), [
    [
      'S6 New York: an end in the fold holds once; the second 01:15 (EST) is awake',
      '2026-11-01T01:15-05:00',
      { state: 'Awake', since: '2026-11-01T01:30-04:00', next: 'Asleep 2026-11-02T00:00-05:00' },
    ],
  ]);
});

describe('S6 Australia/Lord_Howe (30-minute shift)', () => {
  table(daily('Australia/Lord_Howe', '02:10', '04:00'), [
    [
      'S6 Lord Howe: a start in the 30-minute gap is awake at 01:59',
      '2026-10-04T01:59+10:30',
      { state: 'Awake', next: 'Asleep 2026-10-04T02:30+11:00' },
    ],
    [
      'S6 Lord Howe: the start takes effect at 02:30 daylight time',
      '2026-10-04T02:30+11:00',
      { state: 'Asleep', since: '2026-10-04T02:30+11:00', next: 'Awake 2026-10-04T04:00+11:00' },
    ],
  ]);
  table(daily('Australia/Lord_Howe', '01:00', '01:45'), [
    [
      'S6 Lord Howe: an end in the 30-minute fold holds once; the second 01:40 is awake',
      '2026-04-05T01:40+10:30',
      { state: 'Awake', since: '2026-04-05T01:45+11:00', next: 'Asleep 2026-04-06T01:00+10:30' },
    ],
    [
      'S6 Lord Howe: the first 01:40 is asleep',
      '2026-04-05T01:40+11:00',
      { state: 'Asleep', since: '2026-04-05T01:00+11:00' },
    ],
  ]);
});

describe('S6 Asia/Kolkata (no DST)', () => {
  table(daily('Asia/Kolkata', '22:00', '06:00'), [
    [
      'S6 Kolkata: a night is 8 hours on the Berlin spring day',
      '2026-03-29T02:30+05:30',
      { state: 'Asleep', since: '2026-03-28T22:00+05:30', next: 'Awake 2026-03-29T06:00+05:30' },
    ],
    [
      'S6 Kolkata: a night is 8 hours on the New York spring day',
      '2026-03-08T02:30+05:30',
      { state: 'Asleep', since: '2026-03-07T22:00+05:30', next: 'Awake 2026-03-08T06:00+05:30' },
    ],
    [
      'S6 Kolkata: a night is 8 hours on the Berlin autumn day',
      '2026-10-25T02:30+05:30',
      { state: 'Asleep', since: '2026-10-24T22:00+05:30', next: 'Awake 2026-10-25T06:00+05:30' },
    ],
    [
      'S6 Kolkata: a night is 8 hours on the New York autumn day',
      '2026-11-01T02:30+05:30',
      { state: 'Asleep', since: '2026-10-31T22:00+05:30', next: 'Awake 2026-11-01T06:00+05:30' },
    ],
  ]);
});
