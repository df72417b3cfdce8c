import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { validatePolicySpec } from './validate.ts';

const valid = {
  namespaces: ['team-a'],
  timeZone: 'Europe/Berlin',
  sleep: [{ days: 'Mon-Fri', start: '19:00', end: '07:00' }],
};

/** [rule, changes to a valid spec, path of the problem, what its message says] */
type Row = [string, Record<string, unknown>, string, RegExp];

function rejects(rows: Row[]): void {
  for (const [name, changes, path, message] of rows) {
    it(name, () => {
      const problems = validatePolicySpec({ ...valid, ...changes });
      const found = problems.find((problem) => problem.path === path);
      assert.ok(found, `no problem at ${path}; got ${JSON.stringify(problems)}`);
      assert.match(found.message, message);
    });
  }
}

const window = (fields: Record<string, string>) => ({ sleep: [fields] });

describe('validatePolicySpec', () => {
  it('accepts a valid policy with no problems', () => {
    assert.deepEqual(validatePolicySpec(valid), []);
  });

  it('A1 returns every problem at once, each with its own path', () => {
    const problems = validatePolicySpec({
      timeZone: 'PST',
      sleep: [{ days: 'Mon-Fry', start: '7:00', end: '24:00' }],
      holidays: [{ date: '2026-02-30' }],
    });
    assert.deepEqual(problems.map((problem) => problem.path).sort(), [
      'spec',
      'spec.holidays[0].date',
      'spec.sleep[0].days',
      'spec.sleep[0].start',
      'spec.timeZone',
    ]);
  });

  it('rejects a spec that is not an object', () => {
    assert.deepEqual(validatePolicySpec('sleep: always'), [
      { path: 'spec', message: 'must be an object' },
    ]);
  });

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

  describe('S7 holidays and S8 overrides', () => {
    rejects([
      [
        'S7 rejects a malformed date',
        { holidays: [{ date: '24.12.2026' }] },
        'spec.holidays[0].date',
        /YYYY-MM-DD/,
      ],
      [
        'S7 rejects a date that does not exist',
        { holidays: [{ date: '2026-02-30' }] },
        'spec.holidays[0].date',
        /not a date/,
      ],
      [
        'S7 rejects from after to',
        { holidays: [{ from: '2026-12-26', to: '2026-12-24' }] },
        'spec.holidays[0].to',
        /before from/,
      ],
      [
        'S7 rejects a holiday with both date and from',
        { holidays: [{ date: '2026-12-24', from: '2026-12-24', to: '2026-12-25' }] },
        'spec.holidays[0]',
        /either \{date\} or \{from, to\}/,
      ],
      [
        'S7 rejects a holiday range without to',
        { holidays: [{ from: '2026-12-24' }] },
        'spec.holidays[0]',
        /either/,
      ],
      [
        'S7 rejects an unknown holiday state',
        { holidays: [{ date: '2026-12-24', state: 'Off' }] },
        'spec.holidays[0].state',
        /not one of: Asleep, Awake/,
      ],
      [
        'S8 rejects an until without an offset',
        { overrides: [{ state: 'Awake', until: '2026-03-30T08:00:00' }] },
        'spec.overrides[0].until',
        /RFC 3339 date-time with an offset/,
      ],
      [
        'S8 rejects an until that is not a date-time',
        { overrides: [{ state: 'Awake', until: 'tomorrow' }] },
        'spec.overrides[0].until',
        /RFC 3339/,
      ],
      [
        'S8 rejects an until on a day that does not exist',
        { overrides: [{ state: 'Awake', until: '2026-02-30T08:00:00Z' }] },
        'spec.overrides[0].until',
        /RFC 3339/,
      ],
      [
        'S8 rejects an override without a state',
        { overrides: [{ until: '2026-03-30T08:00:00Z' }] },
        'spec.overrides[0].state',
        /is required/,
      ],
    ]);

    it('S8 accepts an override whose until is in the past: it is expired, not invalid', () => {
      const spec = { ...valid, overrides: [{ state: 'Awake', until: '2001-01-01T00:00:00Z' }] };
      assert.deepEqual(validatePolicySpec(spec), []);
    });
  });

  describe('namespaces and other settings', () => {
    rejects([
      [
        'rejects a policy that selects no namespaces',
        { namespaces: [] },
        'spec',
        /namespaceSelector, spec.namespaces, or both/,
      ],
      [
        'A4 rejects a system namespace',
        { namespaces: ['kube-system'] },
        'spec.namespaces[0]',
        /system namespace/,
      ],
      [
        'rejects a namespace both listed and excluded',
        { excludeNamespaces: ['team-a'] },
        'spec.namespaces[0]',
        /also listed in spec.excludeNamespaces/,
      ],
      [
        'rejects a duplicate namespace',
        { namespaces: ['team-a', 'team-a'] },
        'spec.namespaces[1]',
        /duplicate value "team-a"/,
      ],
      [
        'rejects a namespace name that is not a DNS label',
        { namespaces: ['Team_A'] },
        'spec.namespaces[0]',
        /does not match/,
      ],
      [
        'rejects In without values in a selector',
        { namespaceSelector: { matchExpressions: [{ key: 'env', operator: 'In' }] } },
        'spec.namespaceSelector.matchExpressions[0].values',
        /needs at least one value/,
      ],
      ['rejects an unknown field', { sleeep: [] }, 'spec.sleeep', /unknown field/],
      ['rejects sleepReplicas below 0', { sleepReplicas: -1 }, 'spec.sleepReplicas', /at least 0/],
      [
        'rejects sleepReplicas given as text',
        { sleepReplicas: '1' },
        'spec.sleepReplicas',
        /must be an integer/,
      ],
      [
        'rejects an unknown workload kind',
        { workloads: { kinds: ['Pod'] } },
        'spec.workloads.kinds[0]',
        /not one of/,
      ],
      [
        'rejects an exclusion with a kind but no name',
        { workloads: { exclude: [{ kind: 'Deployment' }] } },
        'spec.workloads.exclude[0]',
        /either \{kind, name\} or \{selector\}/,
      ],
      [
        'rejects a kind in two wake order groups',
        { wakeOrder: [['StatefulSet'], ['Deployment', 'StatefulSet']] },
        'spec.wakeOrder[1]',
        /StatefulSet is already in wakeOrder\[0\]/,
      ],
      [
        'rejects an unknown onDelete',
        { onDelete: 'Delete' },
        'spec.onDelete',
        /not one of: Wake, KeepAsleep/,
      ],
      [
        'rejects a cost that is not a decimal string',
        { cost: { cpuPerHour: '1,5', memoryGiBPerHour: '0.004' } },
        'spec.cost.cpuPerHour',
        /does not match/,
      ],
      [
        'rejects an email notification without recipients',
        {
          notifications: { email: { smtpSecretRef: { name: 's', namespace: 'n' }, from: 'a@b.c' } },
        },
        'spec.notifications.email.to',
        /is required/,
      ],
    ]);

    it("A4 rejects the controller's own namespace when told which it is", () => {
      const problems = validatePolicySpec(
        { ...valid, namespaces: ['nsscaler'] },
        { controllerNamespace: 'nsscaler' },
      );
      assert.deepEqual(
        problems.map((problem) => problem.path),
        ['spec.namespaces[0]'],
      );
    });
  });
});
