import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { ensureSnapshotTable } from '../../src/snapshots/dynamodb/table.ts';
import { DynamoDbSnapshotStore } from '../../src/snapshots/dynamodb-store.ts';
import type { SnapshotStoreError } from '../../src/snapshots/errors.ts';
import formatV1 from '../../src/snapshots/fixtures/format-v1.json' with { type: 'json' };
import formatV2 from '../../src/snapshots/fixtures/format-v2.json' with { type: 'json' };
import {
  fixtureSnapshot,
  manyDeployments,
  replicasEntry,
  snapshotOf,
} from '../../src/snapshots/testing/entries.ts';
import { testSnapshotStoreContract } from '../../src/snapshots/testing/store-contract.ts';
import { present, type Snapshot } from '../../src/snapshots/types.ts';
import {
  createTestSnapshotTable,
  itemsInNamespace,
  uniqueNamespace,
  type TestSnapshotTable,
} from './support/dynamodb.ts';

describe('the DynamoDB snapshot store on DynamoDB Local', () => {
  let table: TestSnapshotTable;

  before(async () => {
    table = await createTestSnapshotTable();
  });

  after(async () => {
    await table.drop();
  });

  describe('keeps the promises of every snapshot store', () => {
    testSnapshotStoreContract((options) => table.store(options));
  });

  it('R9 creates its table with the history index, on demand, and a TTL on expiresAt', async () => {
    const described = await table.client.send(
      new DescribeTableCommand({ TableName: table.tableName }),
    );
    const ttl = await table.client.send(
      new DescribeTimeToLiveCommand({ TableName: table.tableName }),
    );

    assert.equal(described.Table?.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST');
    assert.deepEqual(
      described.Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName),
      ['history'],
    );
    assert.equal(ttl.TimeToLiveDescription?.TimeToLiveStatus, 'ENABLED');
    assert.equal(ttl.TimeToLiveDescription?.AttributeName, 'expiresAt');
    assert.deepEqual(await ensureSnapshotTable(table.client, table.tableName, false), {
      created: false,
      timeToLiveEnabled: true,
    });
  });

  it('R1 R4 round-trips a namespace of 5,000 workloads stored in chunks under 350 KB', async () => {
    const store = table.store();
    const namespace = uniqueNamespace('big');
    const snapshot = snapshotOf(namespace, 'sleep-1', manyDeployments(namespace, 5_000));

    await store.putSnapshot(snapshot);

    const active = await store.getActiveSnapshot(namespace);
    assert.deepEqual(active?.snapshot, snapshot);
    assert.deepEqual(active?.defects, []);
    const chunks = (await table.rawItems(namespace)).filter((item) =>
      String(item.sk).includes('#chunk#'),
    );
    assert.ok(chunks.length > 1, `expected several chunks, got ${chunks.length}`);
    for (const chunk of chunks) {
      assert.ok(Buffer.byteLength(String(chunk.entries)) < 350 * 1024);
    }
  });

  it('G13 R7 restores a snapshot the previous release wrote in format 1', async () => {
    const store = table.store();
    const namespace = uniqueNamespace('v1');
    await table.putRaw(itemsInNamespace(formatV1, namespace));
    const zk = replicasEntry(namespace, 'StatefulSet', 'zk', present(3), 2).workload;

    const active = await store.getActiveSnapshot(namespace);
    const settled = await store.markEntryRestored(namespace, fixtureSnapshot.operationId, zk);
    await store.markSnapshotRestored(namespace, fixtureSnapshot.operationId);

    assert.equal(active?.formatVersion, 1);
    assert.deepEqual(active?.snapshot, inNamespace(fixtureSnapshot, namespace));
    assert.equal(settled, true);
    const ended = await store.getSnapshot(namespace, fixtureSnapshot.operationId);
    const zkEntry = ended?.snapshot.entries.find((entry) => entry.workload.name === 'zk');
    assert.equal(zkEntry?.restore?.outcome, 'restored');
    const [line] = await store.listHistory(namespace, 1);
    assert.deepEqual([line?.formatVersion, line?.state, line?.entryCount], [1, 'restored', 7]);
    assert.equal(typeof line?.expiresAt, 'number');
  });

  it('G13 R7 reads the format 2 fixture written raw into the same model as format 1', async () => {
    const store = table.store();
    const namespace = uniqueNamespace('v2');
    await table.putRaw(itemsInNamespace(formatV2, namespace));

    const active = await store.getActiveSnapshot(namespace);

    assert.equal(active?.formatVersion, 2);
    assert.deepEqual(active?.snapshot, inNamespace(fixtureSnapshot, namespace));
  });

  it('R6 reports a chunk lost behind its back and still returns the other entries', async () => {
    const store = table.store({ maxChunkBytes: 2_000 });
    const namespace = uniqueNamespace('lost');
    await store.putSnapshot(snapshotOf(namespace, 'sleep-1', manyDeployments(namespace, 30)));
    const chunks = (await table.rawItems(namespace)).filter((item) =>
      String(item.sk).includes('#chunk#'),
    );
    const lost = chunks[1]!;
    await table.documents.send(
      new DeleteCommand({ TableName: table.tableName, Key: { pk: lost.pk, sk: lost.sk } }),
    );

    const active = await store.getActiveSnapshot(namespace);

    const lostCount = (JSON.parse(String(lost.entries)) as unknown[]).length;
    assert.equal(active?.snapshot.entries.length, 30 - lostCount);
    assert.deepEqual(
      active?.defects.map((defect) => defect.problem),
      ['missing'],
    );
  });

  it('R2 G19 lets exactly one of two concurrent writes of one sleep win, leaving no stray chunks', async () => {
    const store = table.store();
    const namespace = uniqueNamespace('race');
    const attempts = [4, 5].map((replicas) =>
      snapshotOf(namespace, 'sleep-1', [
        replicasEntry(namespace, 'Deployment', 'web', present(replicas), 0),
      ]),
    );

    const results = await Promise.allSettled(
      attempts.map((snapshot) => store.putSnapshot(snapshot)),
    );

    const created = results.filter(
      (result) => result.status === 'fulfilled' && result.value.status === 'created',
    );
    assert.equal(created.length, 1, JSON.stringify(results));
    const [stored] = (await store.getActiveSnapshot(namespace))?.snapshot.entries ?? [];
    const winner = attempts[results.indexOf(created[0]!)]!;
    assert.deepEqual(stored?.original, winner.entries[0]?.original);
    const batches = new Set(
      (await table.rawItems(namespace))
        .filter((item) => String(item.sk).includes('#chunk#'))
        .map((item) => String(item.sk).split('#')[3]),
    );
    assert.equal(batches.size, 1);
  });

  it('reports a missing table as TableNotFound, not worth retrying', async () => {
    const store = new DynamoDbSnapshotStore({
      client: table.documents,
      tableName: `${table.tableName}-missing`,
      historyRetentionDays: 30,
    });

    await assert.rejects(
      store.getActiveSnapshot('team-a'),
      (err: SnapshotStoreError) => err.code === 'TableNotFound' && !err.retryable,
    );
  });

  it('O3 reports DynamoDB being unreachable as Unavailable, worth retrying', async () => {
    // Port 9 (discard) has no listener here: every connection is refused.
    const client = new DynamoDBClient({
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    const store = new DynamoDbSnapshotStore({
      client: DynamoDBDocumentClient.from(client),
      tableName: table.tableName,
      historyRetentionDays: 30,
    });

    try {
      await assert.rejects(
        store.getActiveSnapshot('team-a'),
        (err: SnapshotStoreError) => err.code === 'Unavailable' && err.retryable,
      );
    } finally {
      client.destroy();
    }
  });
});

function inNamespace(snapshot: Snapshot, namespace: string): Snapshot {
  const entries = snapshot.entries.map((entry) => ({
    ...entry,
    workload: { ...entry.workload, namespace },
  }));
  return { ...snapshot, namespace, entries };
}
