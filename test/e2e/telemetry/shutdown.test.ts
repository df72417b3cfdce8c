import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';

import { AdmissionregistrationV1Api, CoordinationV1Api } from '@kubernetes/client-node';

import { uniqueName, waitFor } from '../support/kube.ts';
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

  it('hands a write still running at the deadline to the next leader, not ready meanwhile', async () => {
    // A webhook that accepts connections and never answers holds nsscaler's scale write in the
    // API server for about 10 s (its TLS handshake timeout), longer than the deadline of 3 s.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const webhooks = env.cluster.kubeConfig.makeApiClient(AdmissionregistrationV1Api);
    const webhookName = uniqueName('e2e-hold-scale');
    const s = await scenario('shutdown-held');
    await webhooks.createValidatingWebhookConfiguration({
      body: {
        metadata: { name: webhookName },
        webhooks: [
          {
            name: 'hold-scale.e2e.nsscaler.io',
            admissionReviewVersions: ['v1'],
            sideEffects: 'None',
            failurePolicy: 'Fail',
            timeoutSeconds: 15,
            clientConfig: { url: `https://127.0.0.1:${port}/hold` },
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': s.namespace } },
            rules: [
              {
                apiGroups: ['apps'],
                apiVersions: ['v1'],
                operations: ['UPDATE'],
                resources: ['deployments'],
              },
            ],
          },
        ],
      },
    });
    try {
      await env.cluster.apps.createNamespacedDeployment({
        namespace: s.namespace,
        body: deployment('web', 2),
      });
      await env.controller.stop();
      env.controller = await env.startReplica('shutdown-held', {
        env: { NSSCALER_SHUTDOWN_TIMEOUT_SECONDS: '3' },
      });
      await s.create();
      const held = env.controller;
      await waitFor('the scale write to be under way', () =>
        Promise.resolve(
          held.logged(/snapshot taken; putting the namespace to sleep/).length > 0 || undefined,
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 500));

      const readyz = `http://127.0.0.1:${env.controller.metricsPort()}/readyz`;
      const began = Date.now();
      const exiting = env.controller.stop();
      const notReady = await waitFor(
        '/readyz to report the shutdown',
        async () => {
          const response = await fetch(readyz);
          return response.status === 503 ? response.text() : undefined;
        },
        { intervalMs: 50 },
      );
      assert.match(notReady, /shutdown in progress/);
      const code = await exiting;
      const took = Date.now() - began;

      assert.equal(code, 1);
      assert.ok(took >= 3_000 && took < 10_000, `shutdown took ${took} ms`);
      assert.equal(env.controller.logged(/"msg":"shutdown deadline passed/).length, 1);
    } finally {
      await webhooks.deleteValidatingWebhookConfiguration({ name: webhookName });
      silent.close();
    }

    // The next leader finds the snapshot and finishes the sleep.
    env.controller = await env.startReplica('shutdown-after-held');
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');
    const web = await env.cluster.apps.readNamespacedDeployment({
      name: 'web',
      namespace: s.namespace,
    });
    assert.equal(web.spec?.replicas, 0);
  });
});
