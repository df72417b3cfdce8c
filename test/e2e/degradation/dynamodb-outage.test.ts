import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { Snapshot } from '../../../src/snapshots/types.ts';
import { waitFor } from '../support/kube.ts';
import { waitForNamespaceState } from '../support/policies.ts';
import { originals, OutageScenario } from './outage-scenario.ts';

/**
 * DynamoDB Local is killed before a sleep and started again with its data (a service outage):
 * the journal carries the snapshot across the outage and is replayed into what DynamoDB kept.
 */
describe('O3 snapshots while DynamoDB is down', () => {
  let scenario: OutageScenario;

  before(async () => {
    scenario = await OutageScenario.start('outage', { persistent: true });
    await scenario.startController('outage-0');
  });

  after(async () => {
    await scenario.close();
  });

  it('O3 R1 R4 Stop DynamoDB Local in the middle of a sleep: the namespace still goes to sleep, the snapshot is journaled; start it again: the journal is replayed; the wake restores exact originals', async () => {
    const { namespace } = scenario;
    await scenario.createPolicy();
    await waitForNamespaceState(scenario.cluster, scenario.policy, namespace, 'Awake');

    await scenario.dynamoDb.kill();
    await scenario.sleep();

    await waitFor('the workloads to be asleep', async () => {
      const replicas = await scenario.replicas();
      return replicas.web === 0 && replicas.db === 0 ? replicas : undefined;
    });
    await waitForNamespaceState(scenario.cluster, scenario.policy, namespace, 'Asleep');
    const journaled = scenario.journalRecords().map((record) => record.mutation);
    assert.equal(journaled[0]?.type, 'putSnapshot');
    const snapshot = (journaled[0] as { snapshot: Snapshot }).snapshot;
    assert.equal(snapshot.namespace, namespace);
    assert.deepEqual(originalsOf(snapshot), {
      web: { state: 'present', value: originals.web },
      worker: { state: 'present', value: originals.worker },
      db: { state: 'present', value: originals.db },
    });

    await scenario.dynamoDb.restart();
    const store = scenario.dynamoDb.store(scenario.table);
    const replayed = await waitFor(
      'the journal to be replayed into DynamoDB and compacted',
      async () => {
        const active = await store.getActiveSnapshot(namespace);
        return active && scenario.journalRecords().length === 0 ? active : undefined;
      },
      { timeoutMs: 60_000 },
    );
    assert.deepEqual(replayed.snapshot, snapshot);

    await scenario.wake();
    await waitForNamespaceState(scenario.cluster, scenario.policy, namespace, 'Awake');
    assert.deepEqual(await scenario.replicas(), originals);
    const ended = await store.getSnapshot(namespace, snapshot.operationId);
    assert.equal(ended?.snapshot.state, 'restored');
    assert.equal(await store.getActiveSnapshot(namespace), undefined);
  });
});

function originalsOf(snapshot: Snapshot) {
  return Object.fromEntries(snapshot.entries.map((entry) => [entry.workload.name, entry.original]));
}
