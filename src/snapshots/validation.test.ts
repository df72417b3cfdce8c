import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { fixtureSnapshot, replicasEntry, snapshotOf } from './testing/entries.ts';
import { present, type Snapshot, type SnapshotEntry } from './types.ts';
import { parseEntry, snapshotProblems } from './validation.ts';

function withEntry(entry: unknown): Snapshot {
  return snapshotOf('shop', 'op-1', [entry as SnapshotEntry]);
}

describe('checking a snapshot before it is written', () => {
  it('accepts every kind, action and value state of the fixture snapshot', () => {
    assert.deepEqual(snapshotProblems(fixtureSnapshot), []);
  });

  it('R4 accepts 0 replicas as an original value', () => {
    const zero = replicasEntry('shop', 'Deployment', 'consumer', present(0), 'left-alone');

    assert.deepEqual(snapshotProblems(withEntry(zero)), []);
  });

  it('R4 rejects a replica count that is negative or not whole', () => {
    for (const value of [-1, 1.5, '3']) {
      const entry = {
        ...replicasEntry('shop', 'Deployment', 'web', present(3), 1),
        original: { state: 'present', value },
      };

      assert.match(snapshotProblems(withEntry(entry)).join(), /original is not a replicas state/);
    }
  });

  it('rejects a field that is not the one nsscaler changes on that kind', () => {
    const entry = {
      ...replicasEntry('shop', 'Deployment', 'web', present(3), 1),
      field: 'suspend',
    };

    assert.match(
      snapshotProblems(withEntry(entry)).join(),
      /field must be 'replicas' for a Deployment/,
    );
  });

  it('rejects an action that does not fit the field, and an unknown left-alone reason', () => {
    const base = replicasEntry('shop', 'StatefulSet', 'zk', present(3), 2);

    const paused = { ...base, action: { type: 'paused', setTo: 2 } };
    const vague = { ...base, action: { type: 'left-alone', reason: 'felt like it' } };

    assert.match(
      snapshotProblems(withEntry(paused)).join(),
      /action must be 'scaled' or 'left-alone'/,
    );
    assert.match(snapshotProblems(withEntry(vague)).join(), /reason 'felt like it' is not known/);
  });

  it('rejects an entry of another namespace and a workload recorded twice', () => {
    const web = replicasEntry('shop', 'Deployment', 'web', present(3), 1);
    const elsewhere = replicasEntry('other', 'Deployment', 'api', present(3), 1);

    const problems = snapshotProblems(snapshotOf('shop', 'op-1', [web, elsewhere, web]));

    assert.deepEqual(problems, [
      "entries[1]: Deployment/api: workload.namespace is not the snapshot's namespace 'shop'",
      'entries[2]: Deployment/web appears more than once',
    ]);
  });

  it('rejects an operationId with #, a namespace that is no namespace name, and a local time', () => {
    const snapshot = { ...snapshotOf('Shop_1', 'op#1', []), takenAt: '2026-01-09T22:00:00+01:00' };

    const problems = snapshotProblems(snapshot);

    assert.equal(problems.length, 3);
    assert.match(problems.join('\n'), /namespace: 'Shop_1'[^]*operationId: 'op#1'[^]*takenAt/);
  });

  it('drops properties the model does not know when reading an entry', () => {
    const entry = { ...replicasEntry('shop', 'Deployment', 'web', present(3), 1), extra: true };

    const parsed = parseEntry(entry, 'shop');

    assert.ok(parsed.ok);
    assert.deepEqual(Object.keys(parsed.value), ['workload', 'field', 'original', 'action']);
  });
});
