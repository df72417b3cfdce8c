/**
 * Self-managed webhook certificates on the real API server: nsscaler generates a CA and serving
 * certificate, stores them in a Secret of its namespace, sets the caBundle of its own webhook
 * configurations, and the API server then trusts it; a restarted process reuses the Secret.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { AdmissionregistrationV1Api, RbacAuthorizationV1Api } from '@kubernetes/client-node';

import { webhookHost } from '../support/cluster-env.ts';
import { connect, uniqueName, waitFor } from '../support/kube.ts';
import type { Nsscaler } from '../support/nsscaler.ts';
import { startNsscaler } from '../support/nsscaler.ts';
import { policiesApi, quietSchedule } from '../support/policies.ts';
import { refused } from './support/api-requests.ts';
import type { Registration } from './support/registration.ts';
import { registerWebhooks } from './support/registration.ts';
import { freePort, runScope, waitForListening } from './support/webhook-server.ts';

const scope = runScope('wh-self');
const namespace = 'nsscaler-system';

describe('self-managed webhook certificate', () => {
  const configurationName = uniqueName('nsscaler-e2e-self');
  const secretName = uniqueName('nsscaler-e2e-tls');
  let env: Nsscaler;
  let registration: Registration;
  let rbac: RbacAuthorizationV1Api;
  let processEnv: Record<string, string>;

  const secret = () => env.cluster.core.readNamespacedSecret({ namespace, name: secretName });
  const caBundles = async () => {
    const api = env.cluster.kubeConfig.makeApiClient(AdmissionregistrationV1Api);
    const validating = await api.readValidatingWebhookConfiguration({ name: configurationName });
    const mutating = await api.readMutatingWebhookConfiguration({ name: configurationName });
    return [...(validating.webhooks ?? []), ...(mutating.webhooks ?? [])].map(
      (webhook) => webhook.clientConfig.caBundle,
    );
  };

  before(async () => {
    const port = await freePort();
    // Registered first, without caBundle: nsscaler fills it in at start-up.
    const cluster = connect();
    registration = await registerWebhooks(cluster, { name: configurationName, port, scope });
    rbac = cluster.kubeConfig.makeApiClient(RbacAuthorizationV1Api);
    // config/rbac grants the configurations named nsscaler; this run's have a name of their own.
    await rbac.createClusterRole({
      body: {
        metadata: { name: configurationName },
        rules: [
          {
            apiGroups: ['admissionregistration.k8s.io'],
            resources: ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations'],
            resourceNames: [configurationName],
            verbs: ['get', 'patch'],
          },
        ],
      },
    });
    await rbac.createClusterRoleBinding({
      body: {
        metadata: { name: configurationName },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: configurationName,
        },
        subjects: [{ kind: 'ServiceAccount', name: 'nsscaler', namespace }],
      },
    });
    processEnv = {
      NSSCALER_WEBHOOK_ENABLED: 'true',
      NSSCALER_WEBHOOK_SELF_SIGNED: 'true',
      NSSCALER_WEBHOOK_CERT_HOSTS: webhookHost,
      NSSCALER_WEBHOOK_BIND_ADDRESS: webhookHost,
      NSSCALER_WEBHOOK_PORT: String(port),
      NSSCALER_WEBHOOK_SECRET_NAME: secretName,
      NSSCALER_WEBHOOK_CONFIGURATION_NAME: configurationName,
    };
    env = await startNsscaler('webhook-self-managed', processEnv);
    await waitForListening(env);
  });

  after(async () => {
    if (env) await env.close();
    await registration.unregister();
    await rbac.deleteClusterRoleBinding({ name: configurationName }).catch(() => undefined);
    await rbac.deleteClusterRole({ name: configurationName }).catch(() => undefined);
    await connect()
      .core.deleteNamespacedSecret({ namespace, name: secretName })
      .catch(() => undefined);
  });

  it("stores the CA and serving certificate in a Secret and sets only its own configurations' caBundle", async () => {
    const stored = await secret();
    assert.deepEqual(Object.keys(stored.data ?? {}).sort(), [
      'ca.crt',
      'ca.key',
      'tls.crt',
      'tls.key',
    ]);

    const bundles = await caBundles();
    assert.equal(bundles.length, 4);
    for (const bundle of bundles) assert.equal(bundle, stored.data?.['ca.crt']);
  });

  it('is trusted by the API server: an invalid policy is denied by the webhook', async () => {
    // The API server picks the new caBundle up a moment after nsscaler sets it.
    const message = await waitFor('the API server to call the webhook over TLS', async () => {
      const result = await refused(() =>
        policiesApi(env.cluster).createClusterCustomObject({
          group: 'nsscaler.io',
          version: 'v1alpha1',
          plural: 'namespacescalingpolicies',
          dryRun: 'All',
          body: {
            apiVersion: 'nsscaler.io/v1alpha1',
            kind: 'NamespaceScalingPolicy',
            metadata: { name: uniqueName('self'), labels: { [scope.key]: scope.value } },
            spec: { ...quietSchedule(), namespaces: ['kube-system'] },
          },
        }),
      );
      if (!/denied/.test(result.message)) throw new Error(result.message);
      return result.message;
    });

    assert.match(message, /admission webhook "validate\.policies\.nsscaler\.io" denied/);
  });

  it('reuses the stored certificate after a restart', async () => {
    const before = await secret();
    await env.controller.stop();
    env.controller = await env.startReplica('webhook-self-managed-restarted', { env: processEnv });
    await waitFor('the restarted admission server to listen', () =>
      Promise.resolve(
        env.controller.logged(/admission server listening/).length ? true : undefined,
      ),
    );

    const afterRestart = await secret();
    assert.equal(afterRestart.metadata?.resourceVersion, before.metadata?.resourceVersion);
    assert.equal(env.controller.logged(/storing a new serving certificate/).length, 0);
  });
});
