import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { it } from 'node:test';

import type { SnapshotStoreError } from '../errors.ts';
import type { SnapshotStore } from '../store.ts';
import { present, type Snapshot, type SnapshotEntry } from '../types.ts';
import { fixtureSnapshot, replicasEntry, snapshotOf } from './entries.ts';

/**
 * The promises every SnapshotStore keeps, as tests. The memory store runs them as unit tests,
 * the DynamoDB store against DynamoDB Local (test/e2e/snapshot-store.test.ts).
 */

export interface ContractStoreOptions {
  readonly now: () => Date;
  readonly historyRetentionDays: number;
}

/** The clock of every contract store, and the expiry it gives history (30 days later). */
export const contractNow = new Date('2026-01-10T06:00:00.000Z');
const historyRetentionDays = 30;
const expectedExpiresAt = contractNow.getTime() / 1000 + 30 * 86_400;

/** Registers the contract tests in the current suite; `makeStore` gives each test its store. */
export function testSnapshotStoreContract(
  makeStore: (options: ContractStoreOptions) => SnapshotStore | Promise<SnapshotStore>,
): void {
  const open = () => makeStore({ now: () => contractNow, historyRetentionDays });

  it('R4 returns exactly the originals it was given: 0, suspend true, absent and unknown', async () => {
    const store = await open();
    const snapshot = freshFixture();

    const result = await store.putSnapshot(snapshot);

    assert.equal(result.status, 'created');
    assert.deepEqual(result.status === 'created' && result.written.snapshot, snapshot);

    const active = await store.getActiveSnapshot(snapshot.namespace);
    assert.deepEqual(active?.snapshot, snapshot);
    assert.deepEqual(active?.defects, []);
    assert.equal(active?.expiresAt, undefined, 'an active snapshot never expires');
  });

  it('R2 G07 keeps the original 3 when a later reconcile of the same sleep records 2', async () => {
    const store = await open();
    const namespace = uniqueNamespace();
    const first = snapshotOf(namespace, 'sleep-1', [zk(namespace, 3, 2)]);
    const later = snapshotOf(
      namespace,
      'sleep-1',
      [zk(namespace, 2, 2)],
      '2026-01-09T22:00:00.000Z',
    );
    await store.putSnapshot(first);

    const result = await store.putSnapshot(later);

    assert.equal(result.status, 'already-written');
    assert.deepEqual(originals(await store.getActiveSnapshot(namespace)), [present(3)]);
  });

  it('R2 keeps the active snapshot when another sleep tries to write its own', async () => {
    const store = await open();
    const namespace = uniqueNamespace();
    await store.putSnapshot(snapshotOf(namespace, 'sleep-1', [zk(namespace, 3, 2)]));

    const result = await store.putSnapshot(snapshotOf(namespace, 'sleep-2', [zk(namespace, 2, 2)]));

    assert.equal(result.status, 'other-active');
    assert.equal(
      result.status === 'other-active' && result.existing.snapshot.operationId,
      'sleep-1',
    );
    assert.deepEqual(originals(await store.getActiveSnapshot(namespace)), [present(3)]);
  });

  it('R2 takes a fresh snapshot for a new sleep after a wake, with the value set while awake', async () => {
    const store = await open();
    const namespace = uniqueNamespace();
    await store.putSnapshot(snapshotOf(namespace, 'sleep-1', [zk(namespace, 3, 2)]));
    await store.markSnapshotRestored(namespace, 'sleep-1');

    const result = await store.putSnapshot(snapshotOf(namespace, 'sleep-2', [zk(namespace, 5, 2)]));

    assert.equal(result.status, 'created');
    assert.deepEqual(originals(await store.getActiveSnapshot(namespace)), [present(5)]);
  });

  it('supersedes the active snapshot only when the new one names it', async () => {
    const store = await open();
    const namespace = uniqueNamespace();
    await store.putSnapshot(snapshotOf(namespace, 'sleep-1', [zk(namespace, 3, 2)]));

    const wrong = await store.putSnapshot(snapshotOf(namespace, 'sleep-3', []), {
      supersedes: 'sleep-0',
    });
    const right = await store.putSnapshot(snapshotOf(namespace, 'sleep-2', [zk(namespace, 4, 2)]), {
      supersedes: 'sleep-1',
    });

    assert.equal(wrong.status, 'other-active');
    assert.equal(right.status, 'created');
    assert.equal((await store.getActiveSnapshot(namespace))?.snapshot.operationId, 'sleep-2');
    const old = await store.getSnapshot(namespace, 'sleep-1');
    assert.equal(old?.snapshot.state, 'superseded');
    assert.equal(old?.expiresAt, expectedExpiresAt);
  });

  it('R5 settles an entry once: a second mark returns false and keeps the first outcome', async () => {
    const store = await open();
    const namespace = uniqueNamespace();
    const web = replicasEntry(namespace, 'Deployment', 'web', present(3), 0);
    const api = replicasEntry(namespace, 'Deployment', 'api', present(2), 0);
    await store.putSnapshot(snapshotOf(namespace, 'sleep-1', [web, api]));

    const first = await store.markEntryRestored(namespace, 'sleep-1', web.workload);
    const second = await store.markEntryRestored(
      namespace,
      'sleep-1',
      web.workload,
      'kept-manual-change',
    );

    assert.deepEqual([first, second], [true, false]);
    const entries = (await store.getActiveSnapshot(namespace))?.snapshot.entries;
    assert.deepEqual(
      entries?.map((entry) => entry.restore),
      [{ outcome: 'restored', at: contractNow.toISOString() }, undefined],
    );
  });

  it('R5 refuses to settle an entry of a snapshot that is no longer active', async () => {
    const store = await open();
    const namespace = uniqueNamespace();
    const web = replicasEntry(namespace, 'Deployment', 'web', present(3), 0);
    await store.putSnapshot(snapshotOf(namespace, 'sleep-1', [web]));
    await store.markSnapshotRestored(namespace, 'sleep-1');

    await assert.rejects(store.markEntryRestored(namespace, 'sleep-1', web.workload), {
      name: 'SnapshotStoreError',
      code: 'InvalidRequest',
    });
    assert.equal(await store.getActiveSnapshot(namespace), undefined);
  });

  it('R9 lists history newest first, ended snapshots with their expiresAt', async () => {
    const store = await open();
    const namespace = uniqueNamespace();
    const days = ['2026-01-05', '2026-01-07', '2026-01-06'];
    for (const day of days) {
      await store.putSnapshot(
        snapshotOf(namespace, `sleep-${day}`, [zk(namespace, 3, 2)], `${day}T21:00:00.000Z`),
      );
      if (day !== '2026-01-06') {
        await store.markSnapshotRestored(namespace, `sleep-${day}`);
      }
    }

    const history = await store.listHistory(namespace, 10);
    const newestTwo = await store.listHistory(namespace, 2);

    assert.deepEqual(
      history.map(({ operationId, state, expiresAt }) => [operationId, state, expiresAt]),
      [
        ['sleep-2026-01-07', 'restored', expectedExpiresAt],
        ['sleep-2026-01-06', 'active', undefined],
        ['sleep-2026-01-05', 'restored', expectedExpiresAt],
      ],
    );
    assert.deepEqual(
      newestTwo.map((summary) => summary.operationId),
      ['sleep-2026-01-07', 'sleep-2026-01-06'],
    );
  });

  it('R9 O2 reads a named snapshot of the history back for a rollback', async () => {
    const store = await open();
    const namespace = uniqueNamespace();
    await store.putSnapshot(snapshotOf(namespace, 'sleep-1', [zk(namespace, 3, 2)]));
    await store.markSnapshotRestored(namespace, 'sleep-1');

    const named = await store.getSnapshot(namespace, 'sleep-1');

    assert.equal(named?.snapshot.state, 'restored');
    assert.equal(named?.snapshot.endedAt, contractNow.toISOString());
    assert.deepEqual(originals(named), [present(3)]);
    assert.equal(await store.getSnapshot(namespace, 'sleep-unknown'), undefined);
  });

  it('G12 loses exactly the deleted entry and keeps the other StatefulSet', async () => {
    const store = await open();
    const namespace = uniqueNamespace();
    const db = replicasEntry(namespace, 'StatefulSet', 'db', present(3), 0);
    const cache = replicasEntry(namespace, 'StatefulSet', 'cache', present(2), 0);
    await store.putSnapshot(snapshotOf(namespace, 'sleep-1', [db, cache]));

    const deleted = await store.deleteEntry(namespace, 'sleep-1', db.workload);
    const deletedAgain = await store.deleteEntry(namespace, 'sleep-1', db.workload);

    assert.deepEqual([deleted, deletedAgain], [true, false]);
    const active = await store.getActiveSnapshot(namespace);
    assert.deepEqual(active?.snapshot.entries, [cache]);
    assert.deepEqual(active?.defects, []);
  });

  it('R1 R2 records a workload that appeared while asleep and never overwrites an entry', async () => {
    const store = await open();
    const namespace = uniqueNamespace();
    const web = replicasEntry(namespace, 'Deployment', 'web', present(3), 0);
    await store.putSnapshot(snapshotOf(namespace, 'sleep-1', [web]));
    const webAsleep = replicasEntry(namespace, 'Deployment', 'web', present(0), 'left-alone');
    const newcomer = replicasEntry(namespace, 'Deployment', 'newcomer', present(2), 0);

    const result = await store.addEntries(namespace, 'sleep-1', [webAsleep, newcomer]);

    assert.deepEqual(result, { added: [newcomer.workload], alreadyRecorded: [webAsleep.workload] });
    assert.deepEqual(originals(await store.getActiveSnapshot(namespace)), [present(3), present(2)]);
  });

  it('rejects a snapshot the model does not allow, and writes nothing', async () => {
    const store = await open();
    const namespace = uniqueNamespace();
    const negative = { ...zk(namespace, 3, 2), original: { state: 'present', value: -3 } };

    await assert.rejects(
      store.putSnapshot(snapshotOf(namespace, 'sleep-1', [negative as SnapshotEntry])),
      (err: SnapshotStoreError) => err.code === 'InvalidSnapshot' && !err.retryable,
    );
    assert.equal(await store.getActiveSnapshot(namespace), undefined);
  });
}

function zk(namespace: string, original: number, setTo: number): SnapshotEntry {
  return replicasEntry(namespace, 'StatefulSet', 'zk', present(original), setTo);
}

function originals(loaded: { snapshot: Snapshot } | undefined) {
  return loaded?.snapshot.entries.map((entry) => entry.original);
}

/** The fixture snapshot in a namespace of its own, as a controller would write it. */
function freshFixture(): Snapshot {
  const namespace = uniqueNamespace();
  const entries = fixtureSnapshot.entries.map((entry): SnapshotEntry => {
    const copy = { ...entry, workload: { ...entry.workload, namespace } };
    delete copy.restore;
    return copy;
  });
  return { ...fixtureSnapshot, namespace, entries };
}

function uniqueNamespace(): string {
  return `team-${randomBytes(4).toString('hex')}`;
}
