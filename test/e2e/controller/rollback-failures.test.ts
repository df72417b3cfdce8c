import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { AdmissionregistrationV1Api, EventsV1Api, setHeaderOptions } from '@kubernetes/client-node';

import { uniqueName, waitFor } from '../support/kube.ts';
import type { Nsscaler } from '../support/nsscaler.ts';
import { startNsscaler } from '../support/nsscaler.ts';
import { conditionOf, readPolicy, waitForNamespaceState } from '../support/policies.ts';
import { scenarios } from '../support/scenarios.ts';
import { deployment } from '../support/workloads.ts';

const mergePatch = setHeaderOptions('Content-Type', 'application/merge-patch+json');
const denyLabel = 'nsscaler-e2e/refuse-wake';

/**
 * O2 through the controller with a real admission refusal: a ValidatingAdmissionPolicy refuses
 * every write that gives one Deployment replicas, so each wake of its namespace fails.
 */
describe('rollback after repeated failures, and rollback disabled (O2)', () => {
  let env: Nsscaler;
  const { scenario, onCleanUp, cleanUp } = scenarios(() => env.cluster);

  before(async () => {
    env = await startNsscaler('rollback-failures');
  });

  after(async () => {
    await cleanUp();
    await env.close();
  });

  /** Refuses, in `namespace`, any update that leaves a Deployment labelled `denyLabel` above 0. */
  async function refuseWakes(namespace: string): Promise<void> {
    const admission = env.cluster.kubeConfig.makeApiClient(AdmissionregistrationV1Api);
    const name = uniqueName('e2e-refuse-wake');
    await admission.createValidatingAdmissionPolicy({
      body: {
        metadata: { name },
        spec: {
          failurePolicy: 'Fail',
          matchConstraints: {
            resourceRules: [
              {
                apiGroups: ['apps'],
                apiVersions: ['v1'],
                operations: ['UPDATE'],
                resources: ['deployments'],
              },
            ],
          },
          validations: [
            {
              expression: `!has(object.metadata.labels) || !('${denyLabel}' in object.metadata.labels) || object.spec.replicas == 0`,
              message: 'e2e: this Deployment may not be woken',
            },
          ],
        },
      },
    });
    await admission.createValidatingAdmissionPolicyBinding({
      body: {
        metadata: { name },
        spec: {
          policyName: name,
          validationActions: ['Deny'],
          matchResources: {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
          },
        },
      },
    });
    onCleanUp(async () => {
      await admission.deleteValidatingAdmissionPolicyBinding({ name }).catch(() => undefined);
      await admission.deleteValidatingAdmissionPolicy({ name }).catch(() => undefined);
    });
    await waitFor('the refusal to be enforced', async () => {
      try {
        await env.cluster.apps.patchNamespacedDeployment(
          { namespace, name: 'blocked', body: { spec: { replicas: 5 } }, dryRun: 'All' },
          mergePatch,
        );
        return undefined;
      } catch {
        return true;
      }
    });
  }

  it('O2 a wake that fails maxConsecutiveFailures times in a row is rolled back to its sleep state and locked', async () => {
    const s = await scenario('o2-repeat', {
      rollback: { maxConsecutiveFailures: 3, coolDownSeconds: 600 },
    });
    const blocked = deployment('blocked', 2);
    blocked.metadata = {
      ...blocked.metadata,
      labels: { ...blocked.metadata?.labels, [denyLabel]: 'true' },
    };
    await env.cluster.apps.createNamespacedDeployment({ namespace: s.namespace, body: blocked });
    await env.cluster.apps.createNamespacedDeployment({
      namespace: s.namespace,
      body: deployment('web', 1),
    });
    await s.create();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');
    await refuseWakes(s.namespace);

    await s.wake();
    const locked = await waitFor('the rollback after repeated failures', async () => {
      const entry = (await readPolicy(env.cluster, s.policy)).status?.namespaces?.find(
        (candidate) => candidate.name === s.namespace,
      );
      return entry?.lockedUntil ? entry : undefined;
    });

    assert.equal(locked.state, 'Asleep');
    assert.match(locked.message ?? '', /trigger RepeatedFailures/);
    assert.match(locked.message ?? '', /the wake failed 3 time\(s\) in a row/);
    const replicas = async (name: string) =>
      (await env.cluster.apps.readNamespacedDeployment({ namespace: s.namespace, name })).spec
        ?.replicas;
    // web was woken while blocked was refused; the rollback put web back to sleep.
    assert.match(locked.message ?? '', /wrote Deployment\/web[;]/);
    assert.equal(await replicas('web'), 0);
    assert.equal(await replicas('blocked'), 0);
    assert.equal(
      await env.controller.metric('nsscaler_rollbacks_total', { trigger: 'RepeatedFailures' }),
      1,
    );
    const condition = conditionOf(await readPolicy(env.cluster, s.policy), 'RolledBack');
    assert.equal(condition?.reason, 'RepeatedFailures');
    assert.ok(
      env.controller.logged(/"operation":"rollback".*"trigger":"RepeatedFailures"/).length >= 1,
    );
  });

  it('O2 with rollback.enabled false a wake that fails validation is reported Failed and left as it is', async () => {
    const s = await scenario('o2-disabled', {
      healthCheck: { timeoutSeconds: 3 },
      rollback: { enabled: false },
    });
    const stuck = deployment('stuck', 1);
    stuck.spec!.template.spec!.nodeSelector = { 'nsscaler.io/e2e-no-such-node': 'true' };
    await env.cluster.apps.createNamespacedDeployment({ namespace: s.namespace, body: stuck });
    await s.create();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');

    await s.wake();
    const policy = await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Failed');

    const entry = policy.status?.namespaces?.find((candidate) => candidate.name === s.namespace);
    assert.match(
      entry?.message ?? '',
      /not ready within 3 s: Deployment\/stuck 0\/1; rollback is disabled/,
    );
    assert.equal(entry?.lockedUntil, undefined);
    const woken = await env.cluster.apps.readNamespacedDeployment({
      namespace: s.namespace,
      name: 'stuck',
    });
    assert.equal(woken.spec?.replicas, 1);
    assert.equal(conditionOf(policy, 'Ready')?.status, 'False');
    const events = await env.cluster.kubeConfig
      .makeApiClient(EventsV1Api)
      .listNamespacedEvent({ namespace: s.namespace });
    assert.ok(
      events.items.some(
        (event) => event.type === 'Warning' && event.reason === 'HealthCheckFailed',
      ),
    );
    assert.equal(
      await env.controller.metric('nsscaler_rollbacks_total', { trigger: 'HealthCheckFailed' }),
      0,
    );

    await env.cluster.apps.deleteNamespacedDeployment({ namespace: s.namespace, name: 'stuck' });
  });
});
