import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { rejects, validSpec as valid } from './testing/rejection-table.ts';
import { validatePolicySpec } from './validate.ts';

const window = (fields: Record<string, string>) => ({ sleep: [fields] });

describe('validatePolicySpec: time zone and schedule', () => {
  describe('S3 time zones', () => {
    rejects([
      [
        'S3 rejects CEST and names a European zone',
        { timeZone: 'CEST' },
        'spec.timeZone',
        /abbreviation.*Europe\/Berlin/,
      ],
      [
        'S3 rejects PST and names America/Los_Angeles',
        { timeZone: 'PST' },
        'spec.timeZone',
        /America\/Los_Angeles/,
      ],
      [
        'S3 rejects IST and names the zones it can mean',
        { timeZone: 'IST' },
        'spec.timeZone',
        /Asia\/Kolkata.*Asia\/Jerusalem.*Europe\/Dublin/,
      ],
      [
        'S3 rejects EST, though the zone database has it, and names America/New_York',
        { timeZone: 'EST' },
        'spec.timeZone',
        /America\/New_York/,
      ],
      [
        'S3 rejects a lower-case abbreviation',
        { timeZone: 'cest' },
        'spec.timeZone',
        /abbreviation/,
      ],
      [
        'S3 rejects an offset instead of a zone',
        { timeZone: '+02:00' },
        'spec.timeZone',
        /not an IANA time zone name/,
      ],
      [
        'S3 rejects an old one-word name and names its zone',
        { timeZone: 'Japan' },
        'spec.timeZone',
        /Asia\/Tokyo/,
      ],
      [
        'S3 rejects a zone in the wrong case',
        { timeZone: 'europe/berlin' },
        'spec.timeZone',
        /Europe\/Berlin/,
      ],
      [
        'S3 rejects a zone the database does not know',
        { timeZone: 'Mars/Olympus_Mons' },
        'spec.timeZone',
        /unknown time zone/,
      ],
    ]);

    for (const timeZone of [
      'UTC',
      'GMT',
      'Etc/GMT+5',
      'Asia/Kolkata',
      'America/Argentina/Buenos_Aires',
    ]) {
      it(`S3 accepts ${timeZone}`, () =>
        assert.deepEqual(validatePolicySpec({ ...valid, timeZone }), []));
    }
  });

  describe('S4 days', () => {
    rejects([
      [
        'S4 rejects an unknown day name',
        window({ days: 'Mon-Fry', start: '19:00', end: '07:00' }),
        'spec.sleep[0].days',
        /unknown day "Fry".*Mon, Tue/,
      ],
      [
        'S4 rejects full day names',
        window({ days: 'Monday', start: '19:00', end: '07:00' }),
        'spec.sleep[0].days',
        /unknown day "Monday"/,
      ],
      [
        'S4 rejects a range of three days',
        window({ days: 'Mon-Tue-Wed', start: '19:00', end: '07:00' }),
        'spec.sleep[0].days',
        /not a day or a range/,
      ],
      [
        'S4 rejects an empty item in a list',
        window({ days: 'Mon,,Tue', start: '19:00', end: '07:00' }),
        'spec.sleep[0].days',
        /not a day or a range/,
      ],
    ]);

    for (const days of [
      'Mon-Fri',
      'Sat,Sun',
      'Mon',
      'Fri-Mon',
      'Sun-Thu',
      'sat, SUN',
      'Mon-Wed,Fri',
    ]) {
      it(`S4 accepts ${days}`, () => {
        assert.deepEqual(
          validatePolicySpec({ ...valid, ...window({ days, start: '19:00', end: '07:00' }) }),
          [],
        );
      });
    }
  });

  describe('S5 windows', () => {
    rejects([
      [
        'S5 G02 rejects a start equal to the end, naming both fields',
        window({ days: 'Mon-Sun', start: '03:00', end: '03:00' }),
        'spec.sleep[0].end',
        /start and end are both 03:00/,
      ],
      [
        'S5 rejects 24:00 as a start',
        window({ days: 'Mon', start: '24:00', end: '07:00' }),
        'spec.sleep[0].start',
        /24:00 is allowed only as an end/,
      ],
      [
        'S5 rejects a time without two-digit hours',
        window({ days: 'Mon', start: '7:00', end: '08:00' }),
        'spec.sleep[0].start',
        /HH:MM/,
      ],
      [
        'S5 rejects an hour past 23',
        window({ days: 'Mon', start: '19:00', end: '25:00' }),
        'spec.sleep[0].end',
        /hours run 00-23/,
      ],
      [
        'S5 rejects 24:30',
        window({ days: 'Mon', start: '19:00', end: '24:30' }),
        'spec.sleep[0].end',
        /hours run 00-23/,
      ],
      [
        'S5 rejects a window mixing both shapes',
        window({ days: 'Mon', start: '19:00', from: 'Fri 19:00' }),
        'spec.sleep[0]',
        /either \{days, start, end\} or \{from, to\}; it has days, start, from/,
      ],
      [
        'S5 rejects a window without an end',
        window({ days: 'Mon', start: '19:00' }),
        'spec.sleep[0]',
        /either/,
      ],
      [
        'S5 rejects a span whose from equals its to, naming both fields',
        window({ from: 'Fri 19:00', to: 'fri 19:00' }),
        'spec.sleep[0].to',
        /from and to are both/,
      ],
      [
        'S5 rejects a span with an unknown day',
        window({ from: 'Fr 19:00', to: 'Mon 07:00' }),
        'spec.sleep[0].from',
        /unknown day "Fr"/,
      ],
      [
        'S5 rejects a span without a time',
        window({ from: 'Fri', to: 'Mon 07:00' }),
        'spec.sleep[0].from',
        /not a day and a time/,
      ],
      ['S5 rejects an empty list of windows', { sleep: [] }, 'spec.sleep', /at least 1/],
    ]);

    it('S5 accepts 24:00 as an end and a span to Sun 24:00', () => {
      const spec = {
        ...valid,
        sleep: [
          { days: 'Mon', start: '00:00', end: '24:00' },
          { from: 'Sat 00:00', to: 'Sun 24:00' },
        ],
      };
      assert.deepEqual(validatePolicySpec(spec), []);
    });
  });

  describe('schedule shape and cron', () => {
    rejects([
      [
        'rejects both sleep and cron',
        { cron: { sleep: '0 19 * * *' } },
        'spec',
        /either spec.sleep or spec.cron, not both/,
      ],
      [
        'rejects neither sleep nor cron',
        { sleep: undefined },
        'spec',
        /set spec.sleep .* or spec.cron/,
      ],
      [
        'rejects a cron expression with six fields',
        { sleep: undefined, cron: { sleep: '0 0 19 * * *' } },
        'spec.cron.sleep',
        /has 6 fields; a cron expression has 5/,
      ],
      [
        'rejects an invalid cron value',
        { sleep: undefined, cron: { sleep: '0 19 * * *', wake: '61 7 * * *' } },
        'spec.cron.wake',
        /not a valid cron expression/,
      ],
      [
        'rejects a cron expression that never fires',
        { sleep: undefined, cron: { sleep: '0 0 30 2 *' } },
        'spec.cron.sleep',
        /never fires/,
      ],
      [
        'rejects identical sleep and wake, whatever the spacing',
        { sleep: undefined, cron: { sleep: '0 19 * * 1-5', wake: '0  19 * * 1-5' } },
        'spec.cron.wake',
        /same expression/,
      ],
      [
        'rejects a cron without sleep',
        { sleep: undefined, cron: { wake: '0 7 * * *' } },
        'spec.cron.sleep',
        /is required/,
      ],
    ]);
  });
});
