import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { WorkloadObject } from '../scaling/workload.ts';
import { replicasEntry } from '../snapshots/testing/entries.ts';
import type { LoadedSnapshot, SnapshotEntry } from '../snapshots/types.ts';
import { present } from '../snapshots/types.ts';
import { asleepNamespaces, savingsRequeueMs } from './savings-estimate.ts';
import type { SavingsSources } from './savings-estimate.ts';
import type { NamespaceOutcome } from './types.ts';

const ns = 'team-a';

function workload(kind: string, name: string, replicas: number, cpu: string, memory: string) {
  const object: WorkloadObject = {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace: ns },
    spec: {
      replicas,
      template: { spec: { containers: [{ resources: { requests: { cpu, memory } } }] } },
    },
  };
  return object;
}

function sources(entries: SnapshotEntry[], objects: WorkloadObject[]): SavingsSources {
  const snapshot: LoadedSnapshot = {
    snapshot: {
      namespace: ns,
      policy: 'p',
      operationId: 'op',
      takenAt: '',
      state: 'active',
      entries,
    },
    formatVersion: 2,
    defects: [],
  };
  return {
    getActiveSnapshot: () => Promise.resolve(snapshot),
    getWorkload: (kind, _namespace, name) =>
      objects.find((object) => object.kind === kind && object.metadata.name === name),
  };
}

const asleep: NamespaceOutcome = {
  namespace: ns,
  policy: 'p',
  state: 'Asleep',
  since: '2026-03-10T20:00:00Z',
  workloads: 4,
  asleepWorkloads: 3,
  restoreIncomplete: [],
};

describe('requests removed by a sleep', () => {
  it('counts what nsscaler scaled down or paused through a ScaledObject, only that', async () => {
    // web: 3 → 0 replicas of 500m + 1Gi = 1.5 cores, 3 GiB.
    // db: StatefulSet 2 → 1 replica of 1 core + 2Gi = 1 core, 2 GiB.
    // queue: scaled by its ScaledObject (C3), 4 → 0 replicas of 250m + 256Mi = 1 core, 1 GiB.
    // tiny: left alone at 0 (R3) counts nothing. Total 3.5 cores and 6 GiB.
    const entries: SnapshotEntry[] = [
      replicasEntry(ns, 'Deployment', 'web', present(3), 0),
      replicasEntry(ns, 'StatefulSet', 'db', present(2), 1),
      {
        ...replicasEntry(ns, 'Deployment', 'queue', present(4), 'left-alone'),
        action: { type: 'left-alone', reason: 'targeted-by-scaled-object' },
      },
      replicasEntry(ns, 'Deployment', 'tiny', present(0), 'left-alone'),
    ];
    const objects = [
      workload('Deployment', 'web', 0, '500m', '1Gi'),
      workload('StatefulSet', 'db', 1, '1', '2Gi'),
      workload('Deployment', 'queue', 0, '250m', '256Mi'),
      workload('Deployment', 'tiny', 0, '8', '8Gi'),
    ];

    const result = await asleepNamespaces([asleep], [], sources(entries, objects));

    assert.deepEqual(result, [
      { namespace: ns, since: asleep.since, requests: { cpu: 3.5, memoryGiB: 6 } },
    ]);
  });

  it('leaves out namespaces that are not asleep', async () => {
    const entries = [replicasEntry(ns, 'Deployment', 'web', present(3), 0)];
    const objects = [workload('Deployment', 'web', 0, '500m', '1Gi')];
    const waking = { ...asleep, state: 'Waking' as const };

    assert.deepEqual(await asleepNamespaces([waking], [], sources(entries, objects)), []);
  });

  it('keeps the previous requests when the snapshot cannot be read', async () => {
    const failing: SavingsSources = {
      getActiveSnapshot: () => Promise.reject(new Error('DynamoDB unavailable')),
      getWorkload: () => undefined,
    };
    const previous = [
      {
        name: ns,
        state: 'Asleep' as const,
        savings: { cpu: '1.5', memoryGiB: '3', hourly: '0.075', thisSleep: '0.1' },
      },
    ];

    assert.deepEqual(await asleepNamespaces([asleep], previous, failing), [
      { namespace: ns, since: asleep.since, requests: { cpu: 1.5, memoryGiB: 3 } },
    ]);
  });
});

describe('when savings are looked at again', () => {
  it('waits until they are due, within one second and ten minutes', () => {
    assert.equal(savingsRequeueMs(120_000), 120_000);
    assert.equal(savingsRequeueMs(-5), 1_000);
    // The start of next month, 28 days away, would overflow a timer (2^31 ms is 24.8 days).
    assert.equal(savingsRequeueMs(28 * 24 * 3_600_000), 600_000);
  });
});
