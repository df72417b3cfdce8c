import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  AutoscalingV2Api,
  CustomObjectsApi,
  EventsV1Api,
  setHeaderOptions,
} from '@kubernetes/client-node';

import { applyManifests, readManifests } from '../support/install.ts';
import { WaitAborted, waitFor } from '../support/kube.ts';
import type { Nsscaler } from '../support/nsscaler.ts';
import { startNsscaler } from '../support/nsscaler.ts';
import { scenarios } from '../support/scenarios.ts';
import { readPolicy, waitForNamespaceState } from '../support/policies.ts';
import { deployment, horizontalPodAutoscaler } from '../support/workloads.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const keda = { group: 'keda.sh', version: 'v1alpha1', plural: 'scaledobjects' };
const pausedReplicas = 'autoscaling.keda.sh/paused-replicas';

/** How nsscaler lives with HPAs, KEDA, operators and people writing the same objects. */
describe('living with other controllers', () => {
  let env: Nsscaler;
  const { scenario, cleanUp } = scenarios(() => env.cluster);

  before(async () => {
    const { connect } = await import('../support/kube.ts');
    await applyManifests(connect(), readManifests('test/e2e/fixtures'));
    env = await startNsscaler('others');
  });

  after(async () => {
    await cleanUp();
    await env.close();
  });

  const replicas = async (namespace: string, name: string) =>
    (await env.cluster.apps.readNamespacedDeployment({ name, namespace })).spec?.replicas;

  it('G14 C2 sleeps a Deployment with an HPA at 0 without ever writing minReplicas 0', async () => {
    const s = await scenario('g14', {
      workloads: { kinds: ['Deployment', 'HorizontalPodAutoscaler'] },
    });
    const autoscaling = env.cluster.kubeConfig.makeApiClient(AutoscalingV2Api);
    await env.cluster.apps.createNamespacedDeployment({
      namespace: s.namespace,
      body: deployment('web', 3),
    });
    await autoscaling.createNamespacedHorizontalPodAutoscaler({
      namespace: s.namespace,
      body: horizontalPodAutoscaler('web', 2, 6),
    });
    await s.create();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');

    // The HPA controller syncs every 15 s: it must leave a target at 0 alone for the whole window.
    for (let i = 0; i < 4; i += 1) {
      assert.equal(await replicas(s.namespace, 'web'), 0);
      const hpa = await autoscaling.readNamespacedHorizontalPodAutoscaler({
        name: 'web',
        namespace: s.namespace,
      });
      assert.equal(hpa.spec?.minReplicas, 2);
      assert.equal(
        hpa.metadata?.managedFields?.some((entry) => entry.manager === 'nsscaler'),
        false,
      );
      await pause(5_000);
    }

    await s.wake();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Awake');
    assert.equal(await replicas(s.namespace, 'web'), 3);
  });

  it('G15 C3 pauses ScaledObjects instead of scaling their targets, and restores the annotations', async () => {
    const s = await scenario('g15', { workloads: { kinds: ['Deployment', 'ScaledObject'] } });
    const objects = env.cluster.kubeConfig.makeApiClient(CustomObjectsApi);
    const scaledObject = (name: string, target: string, annotations?: Record<string, string>) => ({
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name, ...(annotations ? { annotations } : {}) },
      spec: { scaleTargetRef: { name: target } },
    });
    await env.cluster.apps.createNamespacedDeployment({
      namespace: s.namespace,
      body: deployment('api', 3),
    });
    await env.cluster.apps.createNamespacedDeployment({
      namespace: s.namespace,
      body: deployment('batch', 2),
    });
    for (const body of [
      scaledObject('so-api', 'api'),
      scaledObject('so-batch', 'batch', { [pausedReplicas]: '2' }),
    ]) {
      await objects.createNamespacedCustomObject({ ...keda, namespace: s.namespace, body });
    }
    const annotationOf = async (name: string) => {
      const object = (await objects.getNamespacedCustomObject({
        ...keda,
        namespace: s.namespace,
        name,
      })) as {
        metadata: { annotations?: Record<string, string> };
      };
      return object.metadata.annotations?.[pausedReplicas];
    };

    await s.create();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');
    assert.equal(await annotationOf('so-api'), '0');
    assert.equal(await annotationOf('so-batch'), '0');
    const api = await env.cluster.apps.readNamespacedDeployment({
      name: 'api',
      namespace: s.namespace,
    });
    assert.equal(api.spec?.replicas, 3);
    assert.equal(
      api.metadata?.managedFields?.some((entry) => entry.manager === 'nsscaler'),
      false,
    );

    await s.wake();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Awake');
    assert.equal(await annotationOf('so-api'), undefined);
    assert.equal(await annotationOf('so-batch'), '2');
    assert.equal(await replicas(s.namespace, 'api'), 3);
  });

  it('C4 leaves a workload controlled by another operator alone and says so in status', async () => {
    const s = await scenario('c4');
    const owner = await env.cluster.core.createNamespacedConfigMap({
      namespace: s.namespace,
      body: { metadata: { name: 'operator-object' } },
    });
    const owned = deployment('managed', 2);
    owned.metadata = {
      ...owned.metadata,
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          name: 'operator-object',
          uid: owner.metadata?.uid ?? '',
          controller: true,
        },
      ],
    };
    await env.cluster.apps.createNamespacedDeployment({ namespace: s.namespace, body: owned });
    await env.cluster.apps.createNamespacedDeployment({
      namespace: s.namespace,
      body: deployment('web', 2),
    });

    await s.create();
    const policy = await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');
    assert.equal(await replicas(s.namespace, 'managed'), 2);
    assert.equal(await replicas(s.namespace, 'web'), 0);
    const entry = policy.status?.namespaces?.find((candidate) => candidate.name === s.namespace);
    assert.match(
      entry?.message ?? '',
      /Deployment\/managed \(controlled by ConfigMap\/operator-object\)/,
    );
    const events = await env.cluster.kubeConfig
      .makeApiClient(EventsV1Api)
      .listNamespacedEvent({ namespace: s.namespace });
    const leftAlone = events.items.find((event) => event.reason === 'WorkloadsLeftAlone');
    assert.match(
      leftAlone?.note ?? '',
      /Deployment\/managed \(controlled by ConfigMap\/operator-object\)/,
    );
  });

  it('G18 C5 gives up after 3 attempts against a writer that keeps undoing the sleep', async () => {
    const s = await scenario('g18');
    await env.cluster.apps.createNamespacedDeployment({
      namespace: s.namespace,
      body: deployment('web', 2),
    });
    const actor = 'gitops-actor';
    let actorWrites = 0;
    let stopped = false;
    const restoreAfterSleep = async () => {
      while (!stopped && actorWrites < 6) {
        const scale = await env.cluster.apps.readNamespacedDeploymentScale({
          name: 'web',
          namespace: s.namespace,
        });
        if ((scale.spec?.replicas ?? 0) === 0) {
          await pause(5_000);
          // Self-heal the way GitOps tools do: a patch of the object with their own manager.
          await env.cluster.apps.patchNamespacedDeployment(
            {
              name: 'web',
              namespace: s.namespace,
              fieldManager: actor,
              body: { spec: { replicas: 2 } },
            },
            setHeaderOptions('Content-Type', 'application/merge-patch+json'),
          );
          actorWrites += 1;
        }
        await pause(200);
      }
    };
    // The actor's own failures end the test with their message, not as a silent time-out.
    let actorFailure: unknown;
    const actorLoop = restoreAfterSleep().catch((err: unknown) => {
      actorFailure = err;
      stopped = true;
    });

    await s.create();
    const events = env.cluster.kubeConfig.makeApiClient(EventsV1Api);
    const contested = () =>
      events
        .listNamespacedEvent({ namespace: s.namespace })
        .then((list) => list.items.filter((event) => event.reason === 'SleepContested'));
    await waitFor(
      'a SleepContested Warning',
      async () => {
        if (actorFailure)
          throw new WaitAborted(`the test actor failed: ${(actorFailure as Error).message}`);
        return (await contested()).length > 0 ? true : undefined;
      },
      { timeoutMs: 60_000 },
    );
    // Three sleep writes happened; after the third undo nsscaler writes no more in this sleep.
    await pause(8_000);
    stopped = true;
    await actorLoop;

    assert.equal(actorWrites, 3);
    assert.equal(await replicas(s.namespace, 'web'), 2);
    const warnings = await contested();
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]?.type, 'Warning');
    assert.match(warnings[0]?.note ?? '', /gitops-actor/);
  });

  it('G19 C7 records what a user set at the moment of sleep, never the sleep value', async () => {
    const s = await scenario('g19');
    await env.cluster.apps.createNamespacedDeployment({
      namespace: s.namespace,
      body: deployment('web', 3),
    });

    await Promise.all([
      s.create(),
      env.cluster.apps.patchNamespacedDeploymentScale(
        { name: 'web', namespace: s.namespace, body: { spec: { replicas: 4 } } },
        setHeaderOptions('Content-Type', 'application/merge-patch+json'),
      ),
    ]);
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');
    await waitFor('web to be at 0', async () =>
      (await replicas(s.namespace, 'web')) === 0 ? true : undefined,
    );

    const store = env.table.store();
    const history = await store.listHistory(s.namespace, 10);
    const active = await store.getActiveSnapshot(s.namespace);
    const web = active?.snapshot.entries.find((entry) => entry.workload.name === 'web');
    assert.equal(history.length, 1);
    assert.deepEqual(web?.original, { state: 'present', value: 4 });

    await s.wake();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Awake');
    assert.equal(await replicas(s.namespace, 'web'), 4);
    const policy = await readPolicy(env.cluster, s.policy);
    assert.equal(policy.status?.asleepCount, 0);
  });

  it('RBAC sleeps and wakes every kind here with the ServiceAccount of config/rbac/, no 403', async () => {
    assert.equal(
      await env.controller.metric('nsscaler_kube_api_requests_total', { code: '403' }),
      0,
    );
    assert.deepEqual(env.controller.logged(/"code":403|forbidden/i), []);
  });
});
