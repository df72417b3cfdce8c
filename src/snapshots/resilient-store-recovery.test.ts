import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';

import type { DynamoDbRequestResult } from './breaker.ts';
import { SnapshotStoreError } from './errors.ts';
import { replicasEntry, snapshotOf } from './testing/entries.ts';
import {
  eventually,
  openResilientFixture,
  type ResilientFixture,
} from './testing/resilient-fixture.ts';
import { present } from './types.ts';

const web = replicasEntry('shop', 'Deployment', 'web', present(3), 0);
const sleepOf = (namespace: string) =>
  snapshotOf(namespace, 'sleep-1', [replicasEntry(namespace, 'Deployment', 'web', present(3), 0)]);

const unreachable = () =>
  new SnapshotStoreError('DynamoDB connect ECONNREFUSED', {
    code: 'Unavailable',
    operation: 'ensureTable',
  });

describe('the resilient snapshot store, as DynamoDB fails and recovers', () => {
  let fixture: ResilientFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  it('O3 opens the breaker: later writes go to the journal without trying DynamoDB, until it closes', async () => {
    // Open long enough that a slow journal write cannot outlast it before the second write.
    fixture = await openResilientFixture({ breaker: { resetTimeoutMs: 1_000 } });
    const results: DynamoDbRequestResult[] = [];
    fixture.store.health.events.on('request', (outcome) => results.push(outcome.result));
    fixture.dynamoDb.mode = 'down';

    await fixture.store.putSnapshot(sleepOf('shop'));
    const openAfterFailure = fixture.store.health.breakerState();
    await fixture.store.putSnapshot(sleepOf('payments'));

    assert.equal(openAfterFailure, 'open');
    assert.deepEqual(results.slice(0, 2), ['error', 'short-circuited']);
    assert.equal(await fixture.store.health.writable(), true, 'the journal takes writes');
    fixture.dynamoDb.mode = 'up';
    const store = fixture.store;
    await eventually(
      'the journal is replayed',
      () => store.health.pendingJournalRecords() === 0,
      10_000,
    );
    assert.equal(store.health.breakerState(), 'closed');
    assert.deepEqual(fixture.dynamoDb.answeredMutations(), [
      'putSnapshot shop/sleep-1',
      'putSnapshot payments/sleep-1',
    ]);
  });

  it('O3 gives up on a DynamoDB that does not answer after the timeout, and journals the write', async () => {
    fixture = await openResilientFixture({ breaker: { timeoutMs: 200, volumeThreshold: 10 } });
    const results: DynamoDbRequestResult[] = [];
    fixture.store.health.events.on('request', (outcome) => results.push(outcome.result));
    fixture.dynamoDb.mode = 'hanging';

    const started = Date.now();
    const result = await fixture.store.putSnapshot(sleepOf('shop'));

    assert.equal(result.status, 'created');
    assert.ok(Date.now() - started < 1_000);
    assert.equal(results[0], 'timeout');
    assert.equal(fixture.store.health.pendingJournalRecords(), 1);
  });

  it('does not journal a request DynamoDB refuses for what it asks, nor count it against DynamoDB', async () => {
    fixture = await openResilientFixture();

    await assert.rejects(fixture.store.markEntryRestored('shop', 'sleep-9', web.workload), {
      code: 'InvalidRequest',
    });

    assert.equal(fixture.store.health.pendingJournalRecords(), 0);
    assert.equal(fixture.store.health.breakerState(), 'closed');
  });

  it('O3 starts while DynamoDB is down, journals, and replays once the table can be ensured', async () => {
    let reachable = false;
    fixture = await openResilientFixture({
      prepare: () => (reachable ? Promise.resolve() : Promise.reject(unreachable())),
    });
    const store = fixture.store;

    await store.putSnapshot(sleepOf('shop'));
    const whileDown = await store.getActiveSnapshot('shop');
    const degradedAtStart = store.health.degradation();
    reachable = true;
    await eventually('the journal is replayed', () => store.health.pendingJournalRecords() === 0);

    assert.deepEqual(whileDown?.snapshot, sleepOf('shop'));
    assert.equal(degradedAtStart.degraded && degradedAtStart.reason, 'TableNotReady');
    assert.deepEqual(
      (await fixture.dynamoDb.memory.getActiveSnapshot('shop'))?.snapshot,
      sleepOf('shop'),
    );
    assert.deepEqual(store.health.degradation(), { degraded: false, dependency: 'DynamoDB' });
  });

  it('O5 refuses to start when the table does not exist and may not be created', async () => {
    const missing = new SnapshotStoreError('table nsscaler-snapshots does not exist', {
      code: 'TableNotFound',
      operation: 'ensureTable',
    });

    await assert.rejects(openResilientFixture({ prepare: () => Promise.reject(missing) }), {
      code: 'TableNotFound',
    });
  });

  it('O4 reports the degradation, naming DynamoDB, until the journal is replayed', async () => {
    fixture = await openResilientFixture();
    const reasons: string[] = [];
    fixture.store.health.events.on('degradation', (degradation) => {
      assert.equal(degradation.dependency, 'DynamoDB');
      reasons.push(degradation.degraded ? degradation.reason : 'none');
    });
    fixture.dynamoDb.mode = 'down';

    await fixture.store.putSnapshot(sleepOf('shop'));
    fixture.dynamoDb.mode = 'up';
    const store = fixture.store;
    await eventually('the degradation ends', () => !store.health.degradation().degraded);

    assert.deepEqual(reasons, ['CircuitOpen', 'ReplayPending', 'none']);
  });
});
