import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { waitFor } from '../support/kube.ts';
import type { Nsscaler } from '../support/nsscaler.ts';
import { startNsscaler } from '../support/nsscaler.ts';
import { conditionOf, readPolicy, waitForNamespaceState } from '../support/policies.ts';
import { refuseWorkloadUpdates } from '../support/refuse-writes.ts';
import { scenarios } from '../support/scenarios.ts';
import { deployment } from '../support/workloads.ts';

/**
 * The API server refuses nsscaler's scale writes with a server error while everything else keeps
 * working: a validating webhook on Deployments that nobody serves, with failurePolicy Fail,
 * makes the real API server answer 500 to writes of Deployments in the test namespace.
 */
describe('O3 the circuit breaker on API writes', () => {
  let env: Nsscaler;
  const { scenario, cleanUp, onCleanUp } = scenarios(() => env.cluster);

  before(async () => {
    env = await startNsscaler('api-write-breaker', {
      NSSCALER_KUBE_BREAKER_VOLUME_THRESHOLD: '2',
      NSSCALER_KUBE_BREAKER_RESET_TIMEOUT_MS: '2000',
    });
  });

  after(async () => {
    await cleanUp();
    await env.close();
  });

  async function failScaleWritesIn(namespace: string): Promise<() => Promise<void>> {
    const remove = await refuseWorkloadUpdates(env.cluster, namespace);
    onCleanUp(remove);
    return remove;
  }

  it('O3 O4 opens on failing writes, sets Degraded naming the API server, and sleeps once they work again', async () => {
    const s = await scenario('breaker');
    await env.cluster.apps.createNamespacedDeployment({
      namespace: s.namespace,
      body: deployment('web', 2),
    });
    const allowScaleWrites = await failScaleWritesIn(s.namespace);

    await s.create();
    const degraded = await waitFor('the policy to report Degraded', async () => {
      const condition = conditionOf(await readPolicy(env.cluster, s.policy), 'Degraded');
      return condition?.status === 'True' ? condition : undefined;
    });
    assert.match(degraded.message ?? '', /circuit breaker is open/);
    assert.equal(degraded.reason, 'KubeAPIServerUnavailable');
    assert.equal(
      await env.controller.metric('nsscaler_circuit_breaker_state', { breaker: 'kube-api-writes' }),
      2,
    );
    const web = await env.cluster.apps.readNamespacedDeployment({
      name: 'web',
      namespace: s.namespace,
    });
    assert.equal(web.spec?.replicas, 2);

    await allowScaleWrites();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');
    const asleep = await env.cluster.apps.readNamespacedDeployment({
      name: 'web',
      namespace: s.namespace,
    });
    assert.equal(asleep.spec?.replicas, 0);
    await waitFor('Degraded to clear', async () => {
      const condition = conditionOf(await readPolicy(env.cluster, s.policy), 'Degraded');
      return condition?.status === 'False' ? true : undefined;
    });
    assert.equal(
      await env.controller.metric('nsscaler_circuit_breaker_state', { breaker: 'kube-api-writes' }),
      0,
    );
  });
});
