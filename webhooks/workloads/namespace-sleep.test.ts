import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { NamespaceObject, Policy } from '../../src/controller/types.ts';
import { staticView } from '../cluster-view.ts';
import { asleepAtNoon, awakeAtNoon, namespace, noon, policy } from '../testing/fixtures.ts';
import { NamespaceSleepLookup } from './namespace-sleep.ts';

function lookup(policies: Policy[], namespaces: NamespaceObject[], now = () => noon) {
  return new NamespaceSleepLookup(staticView(policies, namespaces), {
    protectedNamespaces: new Set(['kube-system', 'nsscaler-system']),
    now,
  });
}

describe('NamespaceSleepLookup', () => {
  it('S1 finds a namespace asleep when its policy says Asleep now', () => {
    const result = lookup(
      [policy('nights', { ...asleepAtNoon, namespaces: ['team-a'] })],
      [namespace('team-a')],
    ).lookup('team-a');

    assert.equal(result.asleep, true);
    assert.equal(result.asleep && result.policy.metadata.name, 'nights');
  });

  it('finds a namespace awake when its policy says Awake now', () => {
    const result = lookup(
      [policy('nights', { ...awakeAtNoon, namespaces: ['team-a'] })],
      [namespace('team-a')],
    ).lookup('team-a');

    assert.deepEqual(result, { asleep: false, why: 'the namespace is awake' });
  });

  it('S8 honours an override: Awake until later beats the window', () => {
    const until = new Date(noon.getTime() + 3600_000).toISOString();
    const spec = { ...asleepAtNoon, overrides: [{ state: 'Awake' as const, until }] };
    const result = lookup(
      [policy('p', { ...spec, namespaces: ['team-a'] })],
      [namespace('team-a')],
    );

    assert.equal(result.lookup('team-a').asleep, false);
  });

  it('C6 decides by the oldest policy that selects the namespace', () => {
    const labels = { env: 'dev' };
    const older = policy('older', { ...awakeAtNoon, namespaceSelector: { matchLabels: labels } });
    const newer = policy(
      'newer',
      { ...asleepAtNoon, namespaceSelector: { matchLabels: labels } },
      '2026-01-02T00:00:00Z',
    );

    assert.equal(
      lookup([newer, older], [namespace('team-a', labels)]).lookup('team-a').asleep,
      false,
    );
  });

  const neverAsleep: [string, Policy, NamespaceObject][] = [
    [
      'A4 the controller namespace',
      policy('p', { ...asleepAtNoon, namespaceSelector: {} }),
      namespace('nsscaler-system'),
    ],
    [
      'a namespace labelled nsscaler.io/exclude=true',
      policy('p', { ...asleepAtNoon, namespaceSelector: {} }),
      namespace('team-a', { 'nsscaler.io/exclude': 'true' }),
    ],
    [
      'a namespace annotated nsscaler.io/exclude: "true"',
      policy('p', { ...asleepAtNoon, namespaceSelector: {} }),
      namespace('team-a', {}, { 'nsscaler.io/exclude': 'true' }),
    ],
    [
      'S5 a namespace whose policy is invalid (start equal to end)',
      policy('p', {
        timeZone: 'UTC',
        sleep: [{ days: 'Mon-Sun', start: '03:00', end: '03:00' }],
        namespaces: ['team-a'],
      }),
      namespace('team-a'),
    ],
    [
      'a namespace whose policy is being deleted',
      {
        ...policy('p', { ...asleepAtNoon, namespaces: ['team-a'] }),
        metadata: { name: 'p', deletionTimestamp: noon },
      },
      namespace('team-a'),
    ],
  ];
  for (const [title, owner, target] of neverAsleep) {
    it(`is never asleep for ${title}`, () => {
      assert.equal(lookup([owner], [target]).lookup(target.metadata.name).asleep, false);
    });
  }

  it('is not asleep for a namespace its cache does not hold yet', () => {
    assert.equal(lookup([], []).lookup('team-a').asleep, false);
  });

  it('S1 keeps an answer only until the next transition', () => {
    let now = new Date('2026-01-06T23:59:00Z');
    const sleep = lookup(
      [policy('p', { ...asleepAtNoon, namespaces: ['team-a'] })],
      [namespace('team-a')],
      () => now,
    );
    assert.equal(sleep.lookup('team-a').asleep, false);

    now = new Date('2026-01-07T00:00:00Z');
    assert.equal(sleep.lookup('team-a').asleep, true);
    now = new Date('2026-01-08T00:00:00Z');
    assert.equal(sleep.lookup('team-a').asleep, false);
  });
});
