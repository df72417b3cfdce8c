import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { setApiServerStopped } from '../support/apiserver.ts';
import { createTestNamespace, deleteNamespace, uniqueName, waitFor } from '../support/kube.ts';
import type { Nsscaler } from '../support/nsscaler.ts';
import { startNsscaler } from '../support/nsscaler.ts';
import {
  createPolicy,
  deletePolicyAndWait,
  holdFor,
  patchPolicySpec,
  quietSchedule,
  waitForNamespaceState,
} from '../support/policies.ts';
import { deployment, statefulSet } from '../support/workloads.ts';

/** O3: the API server goes away in the middle of a wake; nothing is dropped, nothing restarts. */
describe('API server outage', () => {
  let env: Nsscaler;
  let namespace: string;
  const policy = uniqueName('outage');

  before(async () => {
    env = await startNsscaler('outage');
    namespace = await createTestNamespace(env.cluster, 'outage');
  });

  after(async () => {
    await setApiServerStopped(false);
    await deletePolicyAndWait(env.cluster, policy);
    await deleteNamespace(env.cluster, namespace);
    await env.close();
  });

  it('O3 completes a wake after the API server was stopped for 20 seconds in its middle', async () => {
    await env.cluster.apps.createNamespacedStatefulSet({ namespace, body: statefulSet('db', 2) });
    await env.cluster.apps.createNamespacedDeployment({ namespace, body: deployment('web', 3) });
    await createPolicy(env.cluster, policy, {
      ...quietSchedule(),
      namespaces: [namespace],
      wakeOrder: [['StatefulSet'], ['Deployment']],
      overrides: [holdFor('Asleep')],
    });
    await waitForNamespaceState(env.cluster, policy, namespace, 'Asleep');
    const pid = env.controller.pid();

    await patchPolicySpec(env.cluster, policy, { overrides: [holdFor('Awake')] });
    await waitFor(
      'the wake to start with the StatefulSet',
      async () => {
        const db = await env.cluster.apps.readNamespacedStatefulSet({ name: 'db', namespace });
        return db.spec?.replicas === 2 ? true : undefined;
      },
      { intervalMs: 20 },
    );
    await setApiServerStopped(true);
    await new Promise((resolve) => setTimeout(resolve, 20_000));
    await setApiServerStopped(false);

    await waitForNamespaceState(env.cluster, policy, namespace, 'Awake', 120_000);
    const web = await env.cluster.apps.readNamespacedDeployment({ name: 'web', namespace });
    const db = await env.cluster.apps.readNamespacedStatefulSet({ name: 'db', namespace });
    assert.equal(db.spec?.replicas, 2);
    assert.equal(web.spec?.replicas, 3);
    assert.equal(env.controller.pid(), pid);
    assert.doesNotThrow(() => process.kill(pid, 0), 'the controller process is gone');
    assert.equal(env.controller.logged(/"level":"fatal"/).length, 0);
  });
});
