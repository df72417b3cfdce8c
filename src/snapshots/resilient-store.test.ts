import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, afterEach, describe, it } from 'node:test';

import { parseJournal } from './journal/read-journal.ts';
import { replicasEntry, snapshotOf } from './testing/entries.ts';
import {
  eventually,
  openResilientFixture,
  type ResilientFixture,
  type ResilientFixtureOptions,
} from './testing/resilient-fixture.ts';
import { testSnapshotStoreContract } from './testing/store-contract.ts';
import { present } from './types.ts';

const sleepAt = new Date('2026-01-09T21:00:00.000Z');
const wakeAt = new Date('2026-01-10T06:00:00.000Z');
const web = replicasEntry('shop', 'Deployment', 'web', present(3), 0);
const worker = replicasEntry('shop', 'Deployment', 'worker', present(0), 'left-alone');
const newcomer = replicasEntry('shop', 'Deployment', 'newcomer', present(2), 0);
const sleep1 = snapshotOf('shop', 'sleep-1', [web, worker], sleepAt.toISOString());

describe('the resilient snapshot store', () => {
  const fixtures: ResilientFixture[] = [];
  const open = async (options: ResilientFixtureOptions = {}) => {
    const fixture = await openResilientFixture(options);
    fixtures.push(fixture);
    return fixture;
  };
  after(async () => {
    for (const fixture of fixtures) await fixture.close();
  });

  describe('keeps the promises of every snapshot store while DynamoDB is up', () => {
    testSnapshotStoreContract(async (options) => (await open(options)).store);
  });

  describe('keeps the promises of every snapshot store while DynamoDB refuses every write', () => {
    // Every mutation goes to the journal, every read is DynamoDB's answer with the journal on top.
    testSnapshotStoreContract(async (options) => {
      const fixture = await open({ ...options, breaker: { volumeThreshold: 1_000_000 } });
      fixture.dynamoDb.mode = 'writes-down';
      return fixture.store;
    });
  });

  describe('while DynamoDB is down', () => {
    let fixture: ResilientFixture;
    afterEach(() => fixture.close());

    it('R1 O3 journals the snapshot and returns only once the record is on disk', async () => {
      fixture = await open({ now: () => sleepAt });
      fixture.dynamoDb.mode = 'down';

      const result = await fixture.store.putSnapshot(sleep1);

      assert.equal(result.status, 'created');
      const onDisk = parseJournal(await readFile(fixture.journalPath), fixture.journalPath);
      assert.deepEqual(
        onDisk.records.map((record) => record.mutation),
        [{ type: 'putSnapshot', snapshot: sleep1 }],
      );
      assert.deepEqual(fixture.store.health.snapshotsWritten(), { dynamodb: 0, journal: 1 });
      assert.equal(fixture.store.health.pendingJournalRecords(), 1);
    });

    it('O3 reads a snapshot that exists only in the journal, with its later changes', async () => {
      fixture = await open({ now: () => sleepAt });
      fixture.dynamoDb.mode = 'down';
      await fixture.store.putSnapshot(sleep1);

      const added = await fixture.store.addEntries('shop', 'sleep-1', [newcomer, web]);
      const active = await fixture.store.getActiveSnapshot('shop');

      assert.deepEqual(added, { added: [newcomer.workload], alreadyRecorded: [web.workload] });
      assert.deepEqual(active?.snapshot, { ...sleep1, entries: [web, worker, newcomer] });
    });

    it('O3 fails a read it cannot answer without DynamoDB with Unavailable, never a guess', async () => {
      fixture = await open();
      fixture.dynamoDb.mode = 'down';

      await assert.rejects(fixture.store.getActiveSnapshot('shop'), {
        name: 'SnapshotStoreError',
        code: 'Unavailable',
        retryable: true,
      });
    });

    it('R1 fails a write that neither DynamoDB nor the journal can take, so nothing is scaled', async () => {
      fixture = await open();
      fixture.dynamoDb.mode = 'down';
      await fixture.journal.close();

      await assert.rejects(fixture.store.putSnapshot(sleep1), {
        name: 'SnapshotStoreError',
        code: 'Unavailable',
      });
      assert.equal(await fixture.store.health.writable(), false);
    });
  });

  describe('when DynamoDB returns', () => {
    let fixture: ResilientFixture;
    afterEach(() => fixture.close());

    it('O3 replays the journal in order, at the recorded instants, then compacts it', async () => {
      let now = sleepAt;
      fixture = await open({ now: () => now });
      fixture.dynamoDb.mode = 'down';
      await fixture.store.putSnapshot(sleep1);
      await fixture.store.addEntries('shop', 'sleep-1', [newcomer]);
      now = wakeAt;
      await fixture.store.markEntryRestored('shop', 'sleep-1', web.workload);
      await fixture.store.markSnapshotRestored('shop', 'sleep-1');

      fixture.dynamoDb.mode = 'up';
      await eventually(
        'the journal is replayed',
        () => fixture.store.health.pendingJournalRecords() === 0,
      );
      await fixture.store.replayIdle();

      assert.deepEqual(fixture.dynamoDb.answeredMutations(), [
        'putSnapshot shop/sleep-1',
        'addEntries shop/sleep-1',
        'markEntryRestored shop/sleep-1',
        'markSnapshotRestored shop/sleep-1',
      ]);
      const stored = await fixture.dynamoDb.memory.getSnapshot('shop', 'sleep-1');
      assert.equal(stored?.snapshot.state, 'restored');
      assert.equal(stored?.snapshot.endedAt, wakeAt.toISOString());
      assert.deepEqual(
        stored?.snapshot.entries.map((entry) => [
          entry.workload.name,
          entry.original,
          entry.restore,
        ]),
        [
          ['web', present(3), { outcome: 'restored', at: wakeAt.toISOString() }],
          ['worker', present(0), undefined],
          ['newcomer', present(2), undefined],
        ],
      );
      assert.equal(await readFile(fixture.journalPath, 'utf8'), '');
    });

    it('R8 a fresh process replays what the previous one left in the journal', async () => {
      fixture = await open({ now: () => sleepAt });
      fixture.dynamoDb.mode = 'down';
      await fixture.store.putSnapshot(sleep1);

      fixture.dynamoDb.mode = 'up';
      fixture = await fixture.restart();
      await eventually(
        'the journal is replayed',
        () => fixture.store.health.pendingJournalRecords() === 0,
      );

      const stored = await fixture.dynamoDb.memory.getActiveSnapshot('shop');
      assert.deepEqual(stored?.snapshot, sleep1);
    });

    it('R5 R8 replays records DynamoDB already holds (a crash before compaction) without change', async () => {
      fixture = await open({ now: () => wakeAt });
      await fixture.store.putSnapshot(sleep1);
      fixture.dynamoDb.mode = 'down';
      await fixture.store.markEntryRestored('shop', 'sleep-1', web.workload);
      await fixture.store.markSnapshotRestored('shop', 'sleep-1');
      // DynamoDB took both changes, but the process died before the journal was compacted.
      await fixture.dynamoDb.memory.markEntryRestored('shop', 'sleep-1', web.workload);
      await fixture.dynamoDb.memory.markSnapshotRestored('shop', 'sleep-1');
      const before = await fixture.dynamoDb.memory.getSnapshot('shop', 'sleep-1');

      fixture.dynamoDb.mode = 'up';
      fixture = await fixture.restart();
      const verdicts: string[] = [];
      fixture.store.health.events.on('replayed', (_record, verdict) =>
        verdicts.push(verdict.outcome),
      );
      await eventually(
        'the journal is replayed',
        () => fixture.store.health.pendingJournalRecords() === 0,
      );

      assert.deepEqual(verdicts, ['applied', 'applied']);
      assert.deepEqual(await fixture.dynamoDb.memory.getSnapshot('shop', 'sleep-1'), before);
    });

    it('R2 O3 keeps a journaled snapshot DynamoDB refuses (another sleep is active) in the rejected file', async () => {
      fixture = await open({ now: () => sleepAt });
      await fixture.dynamoDb.memory.putSnapshot(snapshotOf('shop', 'sleep-0', [web]));
      fixture.dynamoDb.mode = 'down';
      await fixture.store.putSnapshot(sleep1);

      fixture.dynamoDb.mode = 'up';
      await eventually(
        'the journal is replayed',
        () => fixture.store.health.pendingJournalRecords() === 0,
      );
      await fixture.store.replayIdle();

      const rejected = (await readFile(`${fixture.journalPath}.rejected`, 'utf8'))
        .trim()
        .split('\n');
      assert.equal(rejected.length, 1);
      const kept = JSON.parse(rejected[0]!) as { reason: string; record: { mutation: unknown } };
      assert.deepEqual(kept.record.mutation, { type: 'putSnapshot', snapshot: sleep1 });
      assert.match(kept.reason, /another active snapshot, sleep-0/);
      const active = await fixture.store.getActiveSnapshot('shop');
      assert.equal(active?.snapshot.operationId, 'sleep-0');
    });
  });
});
