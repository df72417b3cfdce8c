import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { rejects, validSpec as valid } from './testing/rejection-table.ts';
import { validatePolicySpec } from './validate.ts';

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
