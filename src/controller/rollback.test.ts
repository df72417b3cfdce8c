import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import pino from 'pino';

import type { WorkloadObject } from '../scaling/workload.ts';
import { MemorySnapshotStore } from '../snapshots/memory-store.ts';
import { replicasEntry } from '../snapshots/testing/entries.ts';
import { present } from '../snapshots/types.ts';
import type { SnapshotEntry, WorkloadKind } from '../snapshots/types.ts';
import { createMetrics } from '../telemetry/metrics.ts';
import type { OperationDeps, OperationTarget } from './operation.ts';
import { restoreSnapshot, rollBackSleep, rollBackWake } from './rollback.ts';
import { SnapshotCache } from './snapshot-cache.ts';

const namespace = 'team-a';
const target: OperationTarget = { namespace, policyName: 'dev', spec: {} };

/** Workloads in memory, written through a client that applies `spec.replicas` patches. */
function fakeCluster(replicas: Record<string, number>) {
  const objects = new Map<string, WorkloadObject>();
  for (const [key, value] of Object.entries(replicas)) {
    const [kind, name = ''] = key.split('/');
    objects.set(`${kind}/${name}`, {
      metadata: { name, namespace, resourceVersion: '1' },
      spec: { replicas: value },
    });
  }
  const writes: string[] = [];
  const kindOf = (plural: string) => (plural === 'deployments' ? 'Deployment' : 'StatefulSet');
  const client = {
    fieldManager: 'nsscaler',
    mergePatch(resource: { plural: string }, _ns: string, name: string, body: WorkloadObject) {
      const key = `${kindOf(resource.plural)}/${name}`;
      const object = objects.get(key);
      if (!object) return Promise.reject(new Error(`no ${key}`));
      object.spec = { ...object.spec, replicas: body.spec?.replicas };
      writes.push(`${key}=${String(body.spec?.replicas)}`);
      return Promise.resolve(object);
    },
  };
  const workloads = {
    ensureKinds: () => Promise.resolve(),
    get: (kind: WorkloadKind, _ns: string, name: string) => objects.get(`${kind}/${name}`),
  };
  const replicasOf = (key: string) => objects.get(key)?.spec?.replicas;
  return { client, workloads, writes, replicasOf };
}

async function setUp(replicas: Record<string, number>, entries: SnapshotEntry[]) {
  const cluster = fakeCluster(replicas);
  const store = new MemorySnapshotStore();
  const snapshots = new SnapshotCache(store);
  const loaded = await snapshots.create({
    namespace,
    policy: 'dev',
    operationId: 'sleep-1',
    takenAt: '2026-01-12T20:00:00.000Z',
    state: 'active',
    entries,
  });
  const deps = {
    client: cluster.client,
    workloads: cluster.workloads,
    snapshots,
    logger: pino({ level: 'silent' }),
    metrics: createMetrics(),
    now: () => new Date('2026-01-13T08:00:00Z'),
  } as unknown as OperationDeps;
  return { ...cluster, store, snapshots, loaded, deps };
}

describe('rollback writes', () => {
  const web = replicasEntry(namespace, 'Deployment', 'web', present(3), 0);
  const db = replicasEntry(namespace, 'StatefulSet', 'db', present(2), 0);
  const api = replicasEntry(namespace, 'Deployment', 'api', present(4), 0);

  it('O2 a failed wake puts every restored workload back to its sleep value and reopens the snapshot', async () => {
    const t = await setUp({ 'StatefulSet/db': 2, 'Deployment/web': 3, 'Deployment/api': 7 }, [
      web,
      db,
      api,
    ]);
    await t.snapshots.settleEntry(t.loaded, db.workload, 'restored');
    await t.snapshots.settleEntry(t.loaded, web.workload, 'restored');
    // Someone scaled api while asleep; the wake kept their value, and so does the rollback (R5).
    await t.snapshots.settleEntry(t.loaded, api.workload, 'kept-manual-change');

    const result = await rollBackWake(t.deps, target, t.loaded);

    assert.equal(result.state, 'Asleep');
    assert.deepEqual(result.written, ['Deployment/web', 'StatefulSet/db']);
    assert.equal(t.replicasOf('Deployment/web'), 0);
    assert.equal(t.replicasOf('StatefulSet/db'), 0);
    assert.equal(t.replicasOf('Deployment/api'), 7);
    const active = await t.store.getActiveSnapshot(namespace);
    assert.equal(active?.snapshot.operationId, result.operationId);
    assert.notEqual(result.operationId, 'sleep-1');
    assert.deepEqual(
      active?.snapshot.entries.map((entry) => [entry.workload.name, entry.original, entry.restore]),
      [
        ['web', present(3), undefined],
        ['db', present(2), undefined],
        ['api', present(4), undefined],
      ],
    );
    assert.equal((await t.store.getSnapshot(namespace, 'sleep-1'))?.snapshot.state, 'superseded');
  });

  it('O2 a failed sleep gets the originals back where nsscaler already wrote, and ends the snapshot', async () => {
    // web was put to sleep; db not yet when the sleep kept failing.
    const t = await setUp({ 'Deployment/web': 0, 'StatefulSet/db': 2 }, [web, db]);

    const result = await rollBackSleep(t.deps, target, t.loaded);

    assert.equal(result.state, 'Awake');
    assert.deepEqual(t.writes, ['Deployment/web=3']);
    assert.equal(t.replicasOf('StatefulSet/db'), 2);
    assert.equal(await t.store.getActiveSnapshot(namespace), undefined);
  });

  it('R9 a manual rollback writes exactly the chosen snapshot originals, whatever is there now', async () => {
    const t = await setUp({ 'Deployment/web': 5, 'StatefulSet/db': 1 }, [web, db]);
    await t.snapshots.finish(t.loaded);
    const chosen = await t.store.getSnapshot(namespace, 'sleep-1');
    assert.ok(chosen);

    const result = await restoreSnapshot(t.deps, target, chosen);

    assert.deepEqual(result.written, ['Deployment/web', 'StatefulSet/db']);
    assert.equal(t.replicasOf('Deployment/web'), 3);
    assert.equal(t.replicasOf('StatefulSet/db'), 2);
  });

  it('R9 a manual rollback names the workloads that are gone and still writes the others', async () => {
    const t = await setUp({ 'Deployment/web': 0 }, [web, db]);

    const result = await restoreSnapshot(t.deps, target, t.loaded);

    assert.deepEqual(result.written, ['Deployment/web']);
    assert.deepEqual(result.skipped, ['StatefulSet/db: gone']);
    assert.equal(await t.store.getActiveSnapshot(namespace), undefined);
  });
});
