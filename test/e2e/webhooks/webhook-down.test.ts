/**
 * With the admission server down (A2, G21, G02): nsscaler's webhooks are registered, but nothing
 * listens on their port. Workloads fail open and the controller catches up; policies fail closed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { generateCertificateAuthority } from '../../../webhooks/tls/generate.ts';
import { deleteNamespace, uniqueName, waitFor } from '../support/kube.ts';
import type { Nsscaler } from '../support/nsscaler.ts';
import { startNsscaler } from '../support/nsscaler.ts';
import {
  conditionOf,
  createPolicy,
  deletePolicyAndWait,
  holdFor,
  patchPolicySpec,
  policiesApi,
  quietSchedule,
  waitForNamespaceState,
} from '../support/policies.ts';
import { deployment } from '../support/workloads.ts';
import { refused } from './support/api-requests.ts';
import type { Registration } from './support/registration.ts';
import { registerWebhooks } from './support/registration.ts';
import { freePort, runScope } from './support/webhook-server.ts';

const scope = runScope('wh-down');

describe('admission webhooks while the admission server is down', () => {
  let env: Nsscaler;
  let registration: Registration;
  const cleanup: Array<() => Promise<void>> = [];

  async function namespaceWith(prefix: string, web?: number): Promise<string> {
    const name = uniqueName(prefix);
    await env.cluster.core.createNamespace({
      body: { metadata: { name, labels: { 'nsscaler.io/e2e': 'true', [scope.key]: scope.value } } },
    });
    cleanup.push(() => deleteNamespace(env.cluster, name));
    if (web !== undefined) {
      await env.cluster.apps.createNamespacedDeployment({
        namespace: name,
        body: deployment('web', web),
      });
    }
    return name;
  }

  async function policyFor(prefix: string, namespace: string, spec: Record<string, unknown>) {
    const name = uniqueName(prefix);
    cleanup.push(() => deletePolicyAndWait(env.cluster, name));
    await createPolicy(env.cluster, name, { namespaces: [namespace], ...spec });
    return name;
  }

  /** Creates a Deployment and returns how long the API server took to admit it. */
  async function timedCreate(namespace: string, name: string, replicas: number): Promise<number> {
    const started = Date.now();
    await env.cluster.apps.createNamespacedDeployment({
      namespace,
      body: deployment(name, replicas),
    });
    return Date.now() - started;
  }

  before(async () => {
    env = await startNsscaler('webhook-down');
    const { caCert } = await generateCertificateAuthority('nsscaler-e2e-unused-ca');
    registration = await registerWebhooks(env.cluster, {
      name: uniqueName('nsscaler-e2e-down'),
      port: await freePort(),
      caBundle: caCert,
      scope,
    });
  });

  after(async () => {
    for (const step of cleanup.reverse()) await step();
    await registration.unregister();
    await env.close();
  });

  it('G21 A2 admits Deployments within 5 s in kube-system, an awake and an asleep namespace; the controller puts the asleep one to sleep', async () => {
    const awake = await namespaceWith('g21-awake');
    const asleep = await namespaceWith('g21-asleep');
    await policyFor('g21-awake', awake, { ...quietSchedule(), overrides: [holdFor('Awake')] });
    const asleepPolicy = await policyFor('g21-asleep', asleep, {
      ...quietSchedule(),
      overrides: [holdFor('Asleep')],
    });
    await waitForNamespaceState(env.cluster, asleepPolicy, asleep, 'Asleep');
    const system = uniqueName('g21-system');
    cleanup.push(() =>
      env.cluster.apps
        .deleteNamespacedDeployment({ namespace: 'kube-system', name: system })
        .then(() => undefined),
    );

    const took = {
      'kube-system': await timedCreate('kube-system', system, 1),
      awake: await timedCreate(awake, 'web', 3),
      asleep: await timedCreate(asleep, 'web', 3),
    };

    for (const [where, ms] of Object.entries(took)) assert.ok(ms < 5_000, `${where} took ${ms} ms`);
    const replicas = async (namespace: string) =>
      (await env.cluster.apps.readNamespacedDeployment({ namespace, name: 'web' })).spec?.replicas;
    await waitFor('the controller to put the new Deployment to sleep', async () =>
      (await replicas(asleep)) === 0 ? true : undefined,
    );
    assert.equal(await replicas(awake), 3);

    // Its intent, 3, was recorded before it was put to sleep: the wake brings it there.
    await patchPolicySpec(env.cluster, asleepPolicy, { overrides: [holdFor('Awake')] });
    await waitForNamespaceState(env.cluster, asleepPolicy, asleep, 'Awake');
    assert.equal(await replicas(asleep), 3);
  });

  it('G21 A1 refuses to create a policy, naming the webhook that could not be called', async () => {
    const namespace = await namespaceWith('g21-policy');
    const result = await refused(() =>
      policiesApi(env.cluster).createClusterCustomObject({
        group: 'nsscaler.io',
        version: 'v1alpha1',
        plural: 'namespacescalingpolicies',
        body: {
          apiVersion: 'nsscaler.io/v1alpha1',
          kind: 'NamespaceScalingPolicy',
          metadata: { name: uniqueName('g21'), labels: { [scope.key]: scope.value } },
          spec: { ...quietSchedule(), namespaces: [namespace] },
        },
      }),
    );

    assert.equal(result.code, 500);
    assert.match(
      result.message,
      /failed calling webhook "(default|validate)\.policies\.nsscaler\.io".*connection refused/,
    );
  });

  it('G02 S5 a policy with Mon-Sun 03:00-03:00 that reaches the controller gets Invalid and scales nothing', async () => {
    const namespace = await namespaceWith('g02', 3);
    // Not labelled for this run's webhooks: the policy reaches the API server as it would before
    // the webhooks are installed; the CRD schema alone does not refuse it.
    const policy = await policyFor('g02', namespace, {
      timeZone: 'UTC',
      sleep: [{ days: 'Mon-Sun', start: '03:00', end: '03:00' }],
    });

    const status = await waitForNamespaceState(env.cluster, policy, namespace, 'Failed');
    const invalid = conditionOf(status, 'Invalid');
    assert.equal(invalid?.status, 'True');
    assert.match(invalid?.message ?? '', /spec\.sleep\[0\]\.end/);
    const web = await env.cluster.apps.readNamespacedDeployment({ namespace, name: 'web' });
    assert.equal(web.spec?.replicas, 3);
  });
});
