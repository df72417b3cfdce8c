import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { waitFor } from '../support/kube.ts';
import type { Nsscaler } from '../support/nsscaler.ts';
import { startNsscaler } from '../support/nsscaler.ts';
import { scenarios } from '../support/scenarios.ts';
import { waitForNamespaceState } from '../support/policies.ts';
import { cronJob as cronJobOf, deployment, statefulSet } from '../support/workloads.ts';

/** Sleep and wake against a real API server and DynamoDB Local, with exact originals. */
describe('sleep and wake with snapshots', () => {
  let env: Nsscaler;
  const { scenario, cleanUp } = scenarios(() => env.cluster);

  before(async () => {
    env = await startNsscaler('snapshots');
  });

  after(async () => {
    await cleanUp();
    await env.close();
  });

  /** A namespace and a policy that owns it, removed after the suite. */

  async function replicasOf(kind: 'Deployment' | 'StatefulSet', namespace: string, name: string) {
    const object =
      kind === 'Deployment'
        ? await env.cluster.apps.readNamespacedDeployment({ name, namespace })
        : await env.cluster.apps.readNamespacedStatefulSet({ name, namespace });
    return object.spec?.replicas;
  }

  it('O4 counts sleeps, wakes and API writes in /metrics as they happen', async () => {
    const metric = (name: string, labels: Record<string, string>) =>
      env.controller.metric(name, labels);
    const sleepsBefore = await metric('nsscaler_scaling_operations_total', { operation: 'sleep' });
    const wakesBefore = await metric('nsscaler_scaling_operations_total', { operation: 'wake' });
    const patchesBefore = await metric('nsscaler_kube_api_requests_total', {
      verb: 'patch',
      resource: 'deployments',
      code: '200',
    });
    const s = await scenario('o4');
    await env.cluster.apps.createNamespacedDeployment({
      namespace: s.namespace,
      body: deployment('web', 2),
    });
    await s.create();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');
    await s.wake();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Awake');

    assert.equal(
      await metric('nsscaler_scaling_operations_total', { operation: 'sleep' }),
      sleepsBefore + 1,
    );
    assert.equal(
      await metric('nsscaler_scaling_operations_total', { operation: 'wake' }),
      wakesBefore + 1,
    );
    const patches = await metric('nsscaler_kube_api_requests_total', {
      verb: 'patch',
      resource: 'deployments',
      code: '200',
    });
    assert.equal(patches, patchesBefore + 2);
    assert.equal(await metric('nsscaler_is_leader', {}), 1);
  });

  it('G07 R2 keeps the original while asleep and restores it at wake', async () => {
    const s = await scenario('g07', { sleepReplicas: 2, workloads: { kinds: ['StatefulSet'] } });
    await env.cluster.apps.createNamespacedStatefulSet({
      namespace: s.namespace,
      body: statefulSet('zk', 3),
    });
    await s.create();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');
    assert.equal(await replicasOf('StatefulSet', s.namespace, 'zk'), 2);

    // Many reconciles inside the window: touch the namespace and the workload repeatedly.
    for (let i = 0; i < 5; i += 1) {
      await env.cluster.core.patchNamespace(
        { name: s.namespace, body: { metadata: { labels: { touch: String(i) } } } },
        mergePatch,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const store = env.table.store();
    const asleep = await store.getActiveSnapshot(s.namespace);
    const zk = asleep?.snapshot.entries.find((entry) => entry.workload.name === 'zk');
    assert.deepEqual(zk?.original, { state: 'present', value: 3 });
    assert.equal(await replicasOf('StatefulSet', s.namespace, 'zk'), 2);

    await s.wake();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Awake');
    assert.equal(await replicasOf('StatefulSet', s.namespace, 'zk'), 3);
    assert.equal(await store.getActiveSnapshot(s.namespace), undefined);
    const restored = await store.getSnapshot(s.namespace, asleep?.snapshot.operationId ?? '');
    assert.equal(restored?.snapshot.state, 'restored');
  });

  it('G09 R1 snapshots an object without annotations and restores it', async () => {
    const s = await scenario('g09');
    const web = statefulSet('web', 1);
    delete web.metadata?.annotations;
    await env.cluster.apps.createNamespacedStatefulSet({ namespace: s.namespace, body: web });
    await s.create();

    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');
    const snapshot = await env.table.store().getActiveSnapshot(s.namespace);
    const entry = snapshot?.snapshot.entries.find((candidate) => candidate.workload.name === 'web');
    assert.deepEqual(entry?.original, { state: 'present', value: 1 });
    assert.equal(await replicasOf('StatefulSet', s.namespace, 'web'), 0);

    await s.wake();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Awake');
    assert.equal(await replicasOf('StatefulSet', s.namespace, 'web'), 1);
  });

  it('G10 R3 never raises replicas on sleep', async () => {
    const s = await scenario('g10', { sleepReplicas: 1 });
    await env.cluster.apps.createNamespacedDeployment({
      namespace: s.namespace,
      body: deployment('a', 3),
    });
    await env.cluster.apps.createNamespacedDeployment({
      namespace: s.namespace,
      body: deployment('b', 0),
    });
    await s.create();

    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');
    assert.equal(await replicasOf('Deployment', s.namespace, 'a'), 1);
    assert.equal(await replicasOf('Deployment', s.namespace, 'b'), 0);
    const snapshot = await env.table.store().getActiveSnapshot(s.namespace);
    const b = snapshot?.snapshot.entries.find((entry) => entry.workload.name === 'b');
    assert.deepEqual(b?.action, { type: 'left-alone', reason: 'at-or-below-target' });

    await s.wake();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Awake');
    assert.equal(await replicasOf('Deployment', s.namespace, 'a'), 3);
    assert.equal(await replicasOf('Deployment', s.namespace, 'b'), 0);
  });

  it('G11 R4 treats zero as a value: wakes api to 2 and leaves consumer at 0', async () => {
    const s = await scenario('g11');
    await env.cluster.apps.createNamespacedDeployment({
      namespace: s.namespace,
      body: deployment('api', 2),
    });
    await env.cluster.apps.createNamespacedDeployment({
      namespace: s.namespace,
      body: deployment('consumer', 0),
    });
    await s.create();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');

    await s.wake();
    const policy = await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Awake');
    assert.equal(await replicasOf('Deployment', s.namespace, 'api'), 2);
    assert.equal(await replicasOf('Deployment', s.namespace, 'consumer'), 0);
    const ready = policy.status?.conditions?.find((condition) => condition.type === 'Ready');
    assert.equal(ready?.status, 'True');
    const incomplete = policy.status?.conditions?.find((c) => c.type === 'RestoreIncomplete');
    assert.equal(incomplete?.status, 'False');
  });

  it('G16 C1 leaves nsscaler owning only spec.replicas of a Deployment', async () => {
    const s = await scenario('g16');
    const web = deployment('web', 2);
    const container = web.spec?.template.spec?.containers[0];
    if (container) container.env = [{ name: 'MODE', value: 'test' }];
    await env.cluster.apps.createNamespacedDeployment({ namespace: s.namespace, body: web });
    await s.create();

    const ownedByNsscaler = async () => {
      const object = await env.cluster.apps.readNamespacedDeployment({
        name: 'web',
        namespace: s.namespace,
      });
      return (object.metadata?.managedFields ?? []).filter((entry) => entry.manager === 'nsscaler');
    };
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');
    await waitFor('web to be at 0', async () =>
      (await replicasOf('Deployment', s.namespace, 'web')) === 0 ? true : undefined,
    );
    for (const phase of ['asleep', 'awake']) {
      const entries = await ownedByNsscaler();
      assert.ok(entries.length > 0, `nsscaler manages no field when ${phase}`);
      for (const entry of entries) {
        assert.deepEqual(entry.fieldsV1, { 'f:spec': { 'f:replicas': {} } }, phase);
      }
      if (phase === 'asleep') {
        await s.wake();
        await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Awake');
      }
    }
  });

  it('G17 R4 restores CronJobs exactly: report unchanged, legacy still suspended', async () => {
    const s = await scenario('g17');
    const cronJob = (name: string, suspend: boolean) =>
      cronJobOf(name, { suspend, startingDeadlineSeconds: 120 });
    await env.batch.createNamespacedCronJob({
      namespace: s.namespace,
      body: cronJob('report', false),
    });
    await env.batch.createNamespacedCronJob({
      namespace: s.namespace,
      body: cronJob('legacy', true),
    });
    const before = await env.batch.readNamespacedCronJob({
      name: 'report',
      namespace: s.namespace,
    });
    await s.create();

    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');
    const asleep = await env.batch.readNamespacedCronJob({
      name: 'report',
      namespace: s.namespace,
    });
    assert.equal(asleep.spec?.suspend, true);

    await s.wake();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Awake');
    const report = await env.batch.readNamespacedCronJob({
      name: 'report',
      namespace: s.namespace,
    });
    const legacy = await env.batch.readNamespacedCronJob({
      name: 'legacy',
      namespace: s.namespace,
    });
    assert.deepEqual(report.spec, before.spec);
    assert.equal(legacy.spec?.suspend, true);
  });
});

const { setHeaderOptions } = await import('@kubernetes/client-node');
const mergePatch = setHeaderOptions('Content-Type', 'application/merge-patch+json');
