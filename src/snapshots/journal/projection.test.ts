import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { replicasEntry, snapshotOf } from '../testing/entries.ts';
import { asWritten, present, type LoadedSnapshot } from '../types.ts';
import type { SnapshotMutation } from './mutations.ts';
import { SnapshotProjection } from './projection.ts';
import type { JournalRecord } from './record-codec.ts';

const sleepAt = '2026-01-09T21:00:00.000Z';
const wakeAt = '2026-01-10T06:00:00.000Z';
const web = replicasEntry('shop', 'Deployment', 'web', present(3), 0);
const api = replicasEntry('shop', 'Deployment', 'api', present(2), 0);
const inDynamoDb: LoadedSnapshot = asWritten(snapshotOf('shop', 'sleep-1', [web, api]), 2);

let seq = 0;
function recorded(mutation: SnapshotMutation, at = sleepAt): JournalRecord {
  return { seq: (seq += 1), at, mutation };
}

function put(operationId: string, supersedes?: string): SnapshotMutation {
  const snapshot = snapshotOf('shop', operationId, [web]);
  return { type: 'putSnapshot', snapshot, ...(supersedes ? { supersedes } : {}) };
}

const settleWeb: SnapshotMutation = {
  type: 'markEntryRestored',
  namespace: 'shop',
  operationId: 'sleep-1',
  workload: web.workload,
  outcome: 'restored',
};

describe('the projection of a namespace: DynamoDB with the journal on top', () => {
  it('O3 makes a snapshot that exists only in the journal the active one', () => {
    const projection = new SnapshotProjection(30);

    projection.replay(recorded(put('sleep-2')));

    assert.equal(projection.knowsActive(), true);
    assert.deepEqual(projection.active(), asWritten(snapshotOf('shop', 'sleep-2', [web]), 2));
  });

  it('R5 settles an entry of the snapshot DynamoDB holds at the instant the journal recorded', () => {
    const projection = new SnapshotProjection(30);
    projection.seedActive(inDynamoDb);

    projection.replay(recorded(settleWeb, wakeAt));

    const entries = projection.active()?.snapshot.entries;
    assert.deepEqual(
      entries?.map((entry) => entry.restore),
      [{ outcome: 'restored', at: wakeAt }, undefined],
    );
  });

  it('R2 keeps the active snapshot DynamoDB holds when a journaled put names another sleep', () => {
    const projection = new SnapshotProjection(30);
    projection.seedActive(inDynamoDb);

    projection.replay(recorded(put('sleep-2')));
    const decision = projection.decide(put('sleep-3'), sleepAt);

    assert.equal(projection.active()?.snapshot.operationId, 'sleep-1');
    assert.equal(decision.known && (decision.result as { status: string }).status, 'other-active');
  });

  it('R9 ends a superseded snapshot at the recorded instant, with the expiry DynamoDB will give', () => {
    const projection = new SnapshotProjection(30);
    projection.seedActive(inDynamoDb);

    projection.replay(recorded(put('sleep-2', 'sleep-1'), wakeAt));

    const old = projection.get('sleep-1');
    assert.equal(old?.snapshot.state, 'superseded');
    assert.equal(old?.snapshot.endedAt, wakeAt);
    assert.equal(old?.expiresAt, Date.parse(wakeAt) / 1000 + 30 * 86_400);
    assert.equal(projection.active()?.snapshot.operationId, 'sleep-2');
  });

  it('R5 refuses to settle an entry of a snapshot the journal already ended', () => {
    const projection = new SnapshotProjection(30);
    projection.seedActive(inDynamoDb);
    projection.replay(
      recorded({ type: 'markSnapshotRestored', namespace: 'shop', operationId: 'sleep-1' }),
    );

    assert.throws(() => projection.decide(settleWeb, wakeAt), { code: 'InvalidRequest' });
    assert.equal(projection.active(), undefined);
  });

  it('answers "unknown" about what DynamoDB holds when nothing tells it', () => {
    const projection = new SnapshotProjection(30);

    assert.deepEqual(projection.decide(settleWeb, wakeAt), { known: false });
    assert.deepEqual(projection.decide(put('sleep-2'), sleepAt), { known: false });
  });

  it('R5 changes nothing when records DynamoDB already holds are applied again', () => {
    const settled = asWritten(snapshotOf('shop', 'sleep-1', [web, api]), 2);
    const withMark: LoadedSnapshot = {
      ...settled,
      snapshot: {
        ...settled.snapshot,
        entries: [{ ...web, restore: { outcome: 'restored', at: wakeAt } }, api],
      },
    };
    const projection = new SnapshotProjection(30);
    projection.seedActive(withMark);

    projection.replay(recorded(put('sleep-1')));
    projection.replay(recorded({ ...settleWeb, outcome: 'kept-manual-change' }));
    projection.replay(
      recorded({ type: 'addEntries', namespace: 'shop', operationId: 'sleep-1', entries: [api] }),
    );

    assert.deepEqual(projection.active(), withMark);
  });
});
