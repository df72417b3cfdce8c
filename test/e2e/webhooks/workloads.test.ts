/**
 * The workload webhook through the real API server (A2, A3, G22): in an asleep namespace new and
 * scaled-up workloads are stored asleep with their intent; in an awake one they are untouched.
 * The intent guard (ValidatingAdmissionPolicy) is installed too: it admits the webhook's writes
 * made in users' requests and the controller's removal at wake.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { KubernetesObjectApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { V1CronJob, V1Deployment } from '@kubernetes/client-node';

import { workloadImage } from '../support/cluster-env.ts';
import { deleteNamespace, uniqueName, waitFor } from '../support/kube.ts';
import {
  createPolicy,
  deletePolicyAndWait,
  holdFor,
  patchPolicySpec,
  quietSchedule,
  waitForNamespaceState,
} from '../support/policies.ts';
import { deployment } from '../support/workloads.ts';
import type { Registration } from './support/registration.ts';
import { installIntentGuard, registerWebhooks } from './support/registration.ts';
import { refused } from './support/api-requests.ts';
import type { WebhookEnvironment } from './support/webhook-server.ts';
import { runScope, startWithWebhooks } from './support/webhook-server.ts';

const scope = runScope('wh-workloads');
const intent = 'nsscaler.io/intended-replicas';

describe('workload admission webhook', () => {
  let env: WebhookEnvironment;
  let registration: Registration;
  const cleanup: Array<() => Promise<void>> = [];
  let asleep: string;
  let awake: string;

  /** A namespace in this run's scope, held Asleep or Awake by a policy of its own. */
  async function namespaceHeld(
    prefix: string,
    state: 'Asleep' | 'Awake',
    populate: (namespace: string) => Promise<unknown> = () => Promise.resolve(),
  ) {
    const { cluster } = env.nsscaler;
    const name = uniqueName(prefix);
    await cluster.core.createNamespace({
      body: { metadata: { name, labels: { 'nsscaler.io/e2e': 'true', [scope.key]: scope.value } } },
    });
    await populate(name);
    const policy = uniqueName(prefix);
    cleanup.push(async () => {
      await deletePolicyAndWait(cluster, policy);
      await deleteNamespace(cluster, name);
    });
    await createPolicy(cluster, policy, {
      ...quietSchedule(),
      namespaces: [name],
      overrides: [holdFor(state)],
    });
    await waitForNamespaceState(cluster, policy, name, state);
    return { namespace: name, policy };
  }

  const read = (namespace: string, name: string) =>
    env.nsscaler.cluster.apps.readNamespacedDeployment({ namespace, name });

  before(async () => {
    env = await startWithWebhooks('webhook-workloads');
    registration = await registerWebhooks(env.nsscaler.cluster, {
      name: uniqueName('nsscaler-e2e-workloads'),
      port: env.port,
      caBundle: env.caCert,
      scope,
    });
    asleep = (await namespaceHeld('wh-asleep', 'Asleep')).namespace;
    awake = (await namespaceHeld('wh-awake', 'Awake')).namespace;
    // The intent guard too, so the webhook's own writes and the controller's wake pass it.
    const uninstallGuard = await installIntentGuard(env.nsscaler.cluster, uniqueName('e2e'), scope);
    cleanup.unshift(uninstallGuard);
    await waitFor('the intent guard to be enforced', async () => {
      const body = deployment(uniqueName('probe'), 0);
      body.metadata = { ...body.metadata, annotations: { [intent]: 'lots' } };
      const result = await refused(() =>
        env.nsscaler.cluster.apps.createNamespacedDeployment({
          namespace: awake,
          body,
          dryRun: 'All',
        }),
      ).catch(() => undefined);
      return result?.code === 403 ? true : undefined;
    });
    await waitFor('the workload webhook to be called', async () => {
      const probe = await env.nsscaler.cluster.apps.createNamespacedDeployment({
        namespace: asleep,
        body: deployment(uniqueName('probe'), 2),
        dryRun: 'All',
      });
      return probe.spec?.replicas === 0 ? true : undefined;
    });
  });

  after(async () => {
    for (const step of cleanup.reverse()) await step();
    await registration.unregister();
    await env.close();
  });

  it('G22 A3 stores a Deployment created with 3 in an asleep namespace with 0, and wakes it to 3', async () => {
    const { cluster } = env.nsscaler;
    const { namespace, policy } = await namespaceHeld('g22', 'Asleep', (name) =>
      cluster.apps.createNamespacedDeployment({ namespace: name, body: deployment('rest', 2) }),
    );
    await cluster.apps.createNamespacedDeployment({ namespace, body: deployment('web', 3) });

    const stored = await read(namespace, 'web');
    assert.equal(stored.spec?.replicas, 0);
    assert.equal(stored.metadata?.annotations?.[intent], '3');
    assert.equal((await read(namespace, 'rest')).spec?.replicas, 0);

    await patchPolicySpec(cluster, policy, { overrides: [holdFor('Awake')] });
    await waitForNamespaceState(cluster, policy, namespace, 'Awake');
    const woken = await read(namespace, 'web');
    assert.equal(woken.spec?.replicas, 3);
    assert.equal(woken.metadata?.annotations?.[intent], undefined);
    assert.equal((await read(namespace, 'rest')).spec?.replicas, 2);
  });

  it('A2 admits a Deployment created in an awake namespace unchanged', async () => {
    await env.nsscaler.cluster.apps.createNamespacedDeployment({
      namespace: awake,
      body: deployment('web', 3),
    });

    const stored = await read(awake, 'web');
    assert.equal(stored.spec?.replicas, 3);
    assert.equal(stored.metadata?.annotations?.[intent], undefined);
  });

  it('A3 keeps a Deployment asleep when an update raises its replicas, recording the new intent', async () => {
    const { apps } = env.nsscaler.cluster;
    await apps.createNamespacedDeployment({ namespace: asleep, body: deployment('api', 0) });
    await apps.patchNamespacedDeployment(
      { namespace: asleep, name: 'api', body: { spec: { replicas: 4 } } },
      setHeaderOptions('Content-Type', 'application/merge-patch+json'),
    );

    const stored = await read(asleep, 'api');
    assert.equal(stored.spec?.replicas, 0);
    assert.equal(stored.metadata?.annotations?.[intent], '4');
  });

  it('A3 stores a CronJob created in an asleep namespace suspended, with the intent "false"', async () => {
    const cronJob: V1CronJob = {
      metadata: { name: 'report' },
      spec: {
        schedule: '0 * * * *',
        suspend: false,
        jobTemplate: {
          spec: {
            template: {
              spec: {
                restartPolicy: 'Never',
                containers: [{ name: 'job', image: workloadImage }],
              },
            },
          },
        },
      },
    };
    await env.nsscaler.batch.createNamespacedCronJob({ namespace: asleep, body: cronJob });

    const stored = await env.nsscaler.batch.readNamespacedCronJob({
      namespace: asleep,
      name: 'report',
    });
    assert.equal(stored.spec?.suspend, true);
    assert.equal(stored.metadata?.annotations?.['nsscaler.io/intended-suspend'], 'false');
  });

  it('an apply with --dry-run=server of a workload shows the mutation and writes nothing', async () => {
    const objects = KubernetesObjectApi.makeApiClient(env.nsscaler.cluster.kubeConfig);
    const applied = (body: V1Deployment) =>
      objects.patch(
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          ...body,
          metadata: { ...body.metadata, namespace: asleep },
        },
        undefined,
        'All',
        'nsscaler-e2e',
        true,
        PatchStrategy.ServerSideApply,
      ) as Promise<V1Deployment>;
    await env.nsscaler.cluster.apps.createNamespacedDeployment({
      namespace: asleep,
      body: deployment('existing', 0),
    });
    const before = await read(asleep, 'existing');

    const created = await applied(deployment('fresh', 5));
    const raised = await applied(deployment('existing', 6));

    assert.equal(created.spec?.replicas, 0);
    assert.equal(created.metadata?.annotations?.[intent], '5');
    assert.equal(raised.spec?.replicas, 0);
    assert.equal(raised.metadata?.annotations?.[intent], '6');
    await assert.rejects(read(asleep, 'fresh'), (err: { code?: number }) => err.code === 404);
    const after = await read(asleep, 'existing');
    // Status writes of the deployment controller may come and go; the object itself did not change.
    assert.equal(after.metadata?.generation, before.metadata?.generation);
    assert.equal(after.spec?.replicas, 0);
    assert.equal(after.metadata?.annotations?.[intent], undefined);
    assert.ok(!after.metadata?.managedFields?.some((entry) => entry.manager === 'nsscaler-e2e'));
  });
});
