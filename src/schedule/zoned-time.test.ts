import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseLocalDate } from '../policy/calendar.ts';
import { instantOf, localTimeOf, offsetAt } from './zoned-time.ts';

/** The instant a local date and time (`2026-03-29`, `02:30`) takes effect in a zone. */
function boundary(zone: string, date: string, time: string): string {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  const local = localTimeOf(parseLocalDate(date)!, hours * 60 + minutes);
  return new Date(instantOf(zone, local)).toISOString();
}

describe('zoned time', () => {
  it('S2 reads UTC offsets from the zone database, including half and quarter hours', () => {
    const hour = 3_600_000;
    assert.equal(offsetAt('Asia/Kolkata', Date.UTC(2026, 6, 1)), 5.5 * hour);
    assert.equal(offsetAt('Asia/Kathmandu', Date.UTC(2026, 6, 1)), 5.75 * hour);
    assert.equal(offsetAt('America/New_York', Date.UTC(2026, 0, 1)), -5 * hour);
    assert.equal(offsetAt('Etc/GMT+5', Date.UTC(2026, 0, 1)), -5 * hour);
    assert.equal(offsetAt('UTC', Date.UTC(2026, 0, 1)), 0);
  });

  const cases: [string, string, string, string, string][] = [
    [
      'S6 maps an ordinary Berlin time once',
      'Europe/Berlin',
      '2026-01-07',
      '23:00',
      '2026-01-07T22:00:00.000Z',
    ],
    [
      'S6 maps a Berlin time in the spring gap to 03:00 CEST',
      'Europe/Berlin',
      '2026-03-29',
      '02:30',
      '2026-03-29T01:00:00.000Z',
    ],
    [
      'S6 maps the first minute of the Berlin gap to 03:00 CEST',
      'Europe/Berlin',
      '2026-03-29',
      '02:00',
      '2026-03-29T01:00:00.000Z',
    ],
    [
      'S6 maps a Berlin time in the autumn fold to its first occurrence (CEST)',
      'Europe/Berlin',
      '2026-10-25',
      '02:30',
      '2026-10-25T00:30:00.000Z',
    ],
    [
      'S6 maps 03:00 after the Berlin fold once, in CET',
      'Europe/Berlin',
      '2026-10-25',
      '03:00',
      '2026-10-25T02:00:00.000Z',
    ],
    [
      'S6 maps a New York time in the spring gap to 03:00 EDT',
      'America/New_York',
      '2026-03-08',
      '02:15',
      '2026-03-08T07:00:00.000Z',
    ],
    [
      'S6 maps a New York time in the autumn fold to its first occurrence (EDT)',
      'America/New_York',
      '2026-11-01',
      '01:30',
      '2026-11-01T05:30:00.000Z',
    ],
    [
      'S6 maps a Lord Howe time in the 30-minute spring gap to 02:30 LHDT',
      'Australia/Lord_Howe',
      '2026-10-04',
      '02:10',
      '2026-10-03T15:30:00.000Z',
    ],
    [
      'S6 maps a Lord Howe time in the 30-minute fold to its first occurrence (LHDT)',
      'Australia/Lord_Howe',
      '2026-04-05',
      '01:45',
      '2026-04-04T14:45:00.000Z',
    ],
    [
      'S6 leaves Kolkata, which has no DST, at +05:30 on a Berlin transition day',
      'Asia/Kolkata',
      '2026-03-29',
      '02:30',
      '2026-03-28T21:00:00.000Z',
    ],
  ];
  for (const [name, zone, date, time, expected] of cases) {
    it(name, () => assert.equal(boundary(zone, date, time), expected));
  }
});
