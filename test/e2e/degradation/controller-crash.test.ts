import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { Snapshot } from '../../../src/snapshots/types.ts';
import { waitFor } from '../support/kube.ts';
import { waitForNamespaceState } from '../support/policies.ts';
import { originals, OutageScenario } from './outage-scenario.ts';

/**
 * DynamoDB Local runs in memory here: killed, it loses everything, so after the crash the journal
 * is the only copy of the snapshot. The fresh process starts while DynamoDB is still down (start-up
 * must not need it), creates the table once DynamoDB is back, and replays the journal into it.
 */
describe('R8 O3 a crash while snapshots wait in the journal', () => {
  let scenario: OutageScenario;

  before(async () => {
    scenario = await OutageScenario.start('crash', { persistent: false });
  });

  after(async () => {
    await scenario.close();
  });

  it('R8 O3 Kill the controller (SIGKILL) while journal entries are pending; a fresh process replays them', async () => {
    const { namespace } = scenario;
    const first = await scenario.startController('crash-0');
    await scenario.createPolicy();
    await waitForNamespaceState(scenario.cluster, scenario.policy, namespace, 'Awake');
    await scenario.dynamoDb.kill();
    await scenario.sleep();
    await waitFor('the workloads to be asleep', async () => {
      const replicas = await scenario.replicas();
      return replicas.web === 0 && replicas.db === 0 ? replicas : undefined;
    });

    await first.kill();

    const pending = scenario.journalRecords().map((record) => record.mutation);
    assert.deepEqual(
      pending.map((mutation) => mutation.type),
      ['putSnapshot'],
    );
    const snapshot = (pending[0] as { snapshot: Snapshot }).snapshot;
    const second = await scenario.startController('crash-1');
    assert.match(second.logged(/"snapshot journal open"/)[0] ?? '', /"pending":1/);
    await scenario.dynamoDb.restart();
    const store = scenario.dynamoDb.store(scenario.table);
    const replayed = await waitFor(
      'the journal to be replayed into DynamoDB and compacted',
      async () => {
        const active = await store.getActiveSnapshot(namespace).catch(() => undefined);
        return active && scenario.journalRecords().length === 0 ? active : undefined;
      },
      { timeoutMs: 60_000 },
    );
    assert.deepEqual(replayed.snapshot, snapshot);
    assert.deepEqual(
      Object.fromEntries(snapshot.entries.map((entry) => [entry.workload.name, entry.original])),
      {
        web: { state: 'present', value: originals.web },
        worker: { state: 'present', value: originals.worker },
        db: { state: 'present', value: originals.db },
      },
    );

    await scenario.wake();
    await waitForNamespaceState(scenario.cluster, scenario.policy, namespace, 'Awake');
    assert.deepEqual(await scenario.replicas(), originals);
    const ended = await store.getSnapshot(namespace, snapshot.operationId);
    assert.equal(ended?.snapshot.state, 'restored');
  });
});
