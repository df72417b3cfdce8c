import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { CoordinationV1Api } from '@kubernetes/client-node';

import type { Nsscaler } from '../support/nsscaler.ts';
import { startNsscaler } from '../support/nsscaler.ts';
import { waitForNamespaceState } from '../support/policies.ts';
import { scenarios } from '../support/scenarios.ts';
import { deployment } from '../support/workloads.ts';

const deadlineSeconds = 10;

describe('graceful shutdown', () => {
  let env: Nsscaler;
  const { scenario, cleanUp } = scenarios(() => env.cluster);

  before(async () => {
    env = await startNsscaler('shutdown', {
      NSSCALER_SHUTDOWN_TIMEOUT_SECONDS: String(deadlineSeconds),
    });
  });

  after(async () => {
    await cleanUp();
    await env.close();
  });

  it('exits 0 on SIGTERM within the deadline and releases the Lease', async () => {
    const leases = env.cluster.kubeConfig.makeApiClient(CoordinationV1Api);
    const lease = () =>
      leases.readNamespacedLease({ name: 'nsscaler-shutdown', namespace: 'nsscaler-system' });
    const s = await scenario('shutdown');
    await env.cluster.apps.createNamespacedDeployment({
      namespace: s.namespace,
      body: deployment('web', 2),
    });
    await s.create();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');
    assert.equal((await lease()).spec?.holderIdentity, 'shutdown-0');
    const ready = await fetch(`http://127.0.0.1:${env.controller.metricsPort()}/readyz`);
    assert.equal(ready.status, 200);

    const began = Date.now();
    const code = await env.controller.stop();
    const took = Date.now() - began;

    assert.equal(code, 0);
    assert.ok(took < deadlineSeconds * 1000, `shutdown took ${took} ms`);
    assert.equal((await lease()).spec?.holderIdentity ?? undefined, undefined);
    assert.equal(env.controller.logged(/"msg":"lease released"/).length, 1);
    assert.equal(env.controller.logged(/"clean":true.*"msg":"stopped"/).length, 1);

    // The next process leads at once, without waiting for the Lease to expire.
    env.controller = await env.startReplica('shutdown-next');
    assert.equal((await lease()).spec?.holderIdentity, 'shutdown-next');
  });
});
