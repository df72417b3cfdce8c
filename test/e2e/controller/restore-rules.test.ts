import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { AutoscalingV2Api, EventsV1Api, setHeaderOptions } from '@kubernetes/client-node';

import formatV1 from '../../../src/snapshots/fixtures/format-v1.json' with { type: 'json' };
import { itemsInNamespace } from '../support/dynamodb.ts';
import type { Nsscaler } from '../support/nsscaler.ts';
import { startNsscaler } from '../support/nsscaler.ts';
import { scenarios } from '../support/scenarios.ts';
import {
  holdFor,
  patchPolicySpec,
  readPolicy,
  waitForNamespaceState,
} from '../support/policies.ts';
import { cronJob, deployment, horizontalPodAutoscaler, statefulSet } from '../support/workloads.ts';

const mergePatch = setHeaderOptions('Content-Type', 'application/merge-patch+json');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a wake restores and what it leaves: people's changes, HPA bounds, a suspended policy. */
describe('restore rules', () => {
  let env: Nsscaler;
  const { scenario, cleanUp } = scenarios(() => env.cluster);

  before(async () => {
    env = await startNsscaler('restore');
  });

  after(async () => {
    await cleanUp();
    await env.close();
  });

  const replicas = async (namespace: string, name: string) =>
    (await env.cluster.apps.readNamespacedDeployment({ name, namespace })).spec?.replicas;
  const scaleAsAPerson = (namespace: string, name: string, count: number) =>
    env.cluster.apps.patchNamespacedDeployment(
      { name, namespace, body: { spec: { replicas: count } }, fieldManager: 'a-person' },
      mergePatch,
    );
  const eventsOf = async (namespace: string, reason: string) =>
    (
      await env.cluster.kubeConfig.makeApiClient(EventsV1Api).listNamespacedEvent({ namespace })
    ).items.filter((event) => event.reason === reason);

  it('G13 R7 wakes real workloads from a snapshot the previous release wrote in format 1', async () => {
    const s = await scenario('g13', { overrides: [holdFor('Awake')] });
    const { namespace } = s;
    // The workloads as the previous release left them asleep: zk at 2, web at 0, report suspended.
    const zk = await env.cluster.apps.createNamespacedStatefulSet({
      namespace,
      body: statefulSet('zk', 2),
    });
    const web = await env.cluster.apps.createNamespacedDeployment({
      namespace,
      body: deployment('web', 0),
    });
    const report = await env.batch.createNamespacedCronJob({
      namespace,
      body: cronJob('report', { suspend: true }),
    });
    const [active, header] = itemsInNamespace(formatV1, namespace) as [
      Record<string, unknown>,
      Record<string, unknown>,
    ];
    const entry = (kind: string, apiVersion: string, uid: string | undefined, rest: object) => ({
      kind,
      apiVersion,
      name: { StatefulSet: 'zk', Deployment: 'web', CronJob: 'report' }[kind],
      uid,
      ...rest,
    });
    // The upgrade: the previous release stopped after its sleep; this release starts afresh.
    await env.controller.stop();
    await env.table.putRaw([
      active,
      {
        ...header,
        policy: s.policy,
        entries: [
          entry('StatefulSet', 'apps/v1', zk.metadata?.uid, {
            original: 3,
            setAtSleep: 2,
            action: 'scaled',
          }),
          entry('Deployment', 'apps/v1', web.metadata?.uid, {
            original: 4,
            setAtSleep: 0,
            action: 'scaled',
          }),
          entry('CronJob', 'batch/v1', report.metadata?.uid, {
            original: false,
            setAtSleep: true,
            action: 'suspended',
          }),
        ],
      },
    ]);

    env.controller = await env.startReplica('restore-after-upgrade');
    await s.create();
    await waitForNamespaceState(env.cluster, s.policy, namespace, 'Awake');

    const statefulSetNow = await env.cluster.apps.readNamespacedStatefulSet({
      name: 'zk',
      namespace,
    });
    assert.equal(statefulSetNow.spec?.replicas, 3);
    assert.equal(await replicas(namespace, 'web'), 4);
    const reportNow = await env.batch.readNamespacedCronJob({ name: 'report', namespace });
    assert.equal(reportNow.spec?.suspend, false);
    const store = env.table.store();
    assert.equal(await store.getActiveSnapshot(namespace), undefined);
    const [line] = await store.listHistory(namespace, 1);
    assert.deepEqual([line?.formatVersion, line?.state], [1, 'restored']);
  });

  it('R5 leaves a workload someone changed while asleep as they set it, says so, and restores the rest', async () => {
    const s = await scenario('r5', { sleepReplicas: 1 });
    for (const [name, count] of [
      ['web', 3],
      ['api', 2],
    ] as const) {
      await env.cluster.apps.createNamespacedDeployment({
        namespace: s.namespace,
        body: deployment(name, count),
      });
    }
    await s.create();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');
    assert.equal(await replicas(s.namespace, 'web'), 1);

    // Below the sleep target, so the sleep has nothing to undo: someone switched web off.
    await scaleAsAPerson(s.namespace, 'web', 0);
    await pause(2_000);
    await s.wake();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Awake');

    assert.equal(await replicas(s.namespace, 'web'), 0);
    assert.equal(await replicas(s.namespace, 'api'), 2);
    const changed = await eventsOf(s.namespace, 'ChangedWhileAsleep');
    assert.equal(changed.length, 1);
    assert.match(changed[0]?.note ?? '', /Deployment\/web/);
    const active = await env.table.store().getActiveSnapshot(s.namespace);
    assert.equal(active, undefined, 'the snapshot ended: a restore never fires twice');
  });

  it('R5 C5 puts a scale-up while asleep back to sleep, and a wake right after restores the original', async () => {
    const s = await scenario('r5resleep');
    await env.cluster.apps.createNamespacedDeployment({
      namespace: s.namespace,
      body: deployment('web', 3),
    });
    await s.create();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');

    // The wake follows at once: the controller's cache may not show its own re-sleep yet, and
    // must not mistake the scale-up it just undid for a change to keep.
    await scaleAsAPerson(s.namespace, 'web', 5);
    await s.wake();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Awake');

    assert.equal(await replicas(s.namespace, 'web'), 3);
  });

  it('C2 restores an HPA minReplicas clamped to its current maxReplicas, with an Event', async () => {
    const s = await scenario('c2clamp', {
      sleepReplicas: 1,
      workloads: { kinds: ['Deployment', 'HorizontalPodAutoscaler'] },
    });
    const autoscaling = env.cluster.kubeConfig.makeApiClient(AutoscalingV2Api);
    await env.cluster.apps.createNamespacedDeployment({
      namespace: s.namespace,
      body: deployment('web', 4),
    });
    await autoscaling.createNamespacedHorizontalPodAutoscaler({
      namespace: s.namespace,
      body: horizontalPodAutoscaler('web', 3, 6),
    });
    const hpa = () =>
      autoscaling.readNamespacedHorizontalPodAutoscaler({ name: 'web', namespace: s.namespace });

    await s.create();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');
    assert.equal((await hpa()).spec?.minReplicas, 1);
    await autoscaling.patchNamespacedHorizontalPodAutoscaler(
      { name: 'web', namespace: s.namespace, body: { spec: { maxReplicas: 2 } } },
      mergePatch,
    );
    await s.wake();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Awake');

    const woken = await hpa();
    assert.equal(woken.spec?.minReplicas, 2, 'min 3 clamped to the new max 2');
    assert.equal(woken.spec?.maxReplicas, 2);
    const clamped = await eventsOf(s.namespace, 'MinReplicasClamped');
    assert.equal(clamped.length, 1);
    assert.match(clamped[0]?.note ?? '', /minReplicas 3/);
  });

  it('suspend keeps a namespace as it is whatever the schedule says, until it is lifted', async () => {
    const s = await scenario('suspend', { suspend: true });
    await env.cluster.apps.createNamespacedDeployment({
      namespace: s.namespace,
      body: deployment('web', 3),
    });

    await s.create();
    const suspended = await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Awake');
    const entry = suspended.status?.namespaces?.find((item) => item.name === s.namespace);
    assert.match(entry?.message ?? '', /suspended/);
    await pause(3_000);
    assert.equal(await replicas(s.namespace, 'web'), 3, 'held Asleep by its override, yet awake');

    await patchPolicySpec(env.cluster, s.policy, { suspend: false });
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');
    assert.equal(await replicas(s.namespace, 'web'), 0);
    const policy = await readPolicy(env.cluster, s.policy);
    assert.equal(policy.status?.asleepCount, 1);
  });

  it('RBAC sleeps and wakes every kind here with the ServiceAccount of config/rbac/, no 403', async () => {
    assert.equal(
      await env.controller.metric('nsscaler_kube_api_requests_total', { code: '403' }),
      0,
    );
    assert.deepEqual(env.controller.logged(/"code":403|forbidden/i), []);
  });
});
