import { AdmissionregistrationV1Api } from '@kubernetes/client-node';

import type { Cluster } from './kube.ts';
import { uniqueName } from './kube.ts';

/**
 * Makes the real API server answer 500 to updates of Deployments and StatefulSets in one
 * namespace, while everything else keeps working: a validating webhook that nobody serves, with
 * failurePolicy Fail. Resolves with the function that removes it again.
 */
export async function refuseWorkloadUpdates(
  cluster: Cluster,
  namespace: string,
): Promise<() => Promise<void>> {
  const webhooks = cluster.kubeConfig.makeApiClient(AdmissionregistrationV1Api);
  const name = uniqueName('e2e-refuse-scale');
  await webhooks.createValidatingWebhookConfiguration({
    body: {
      metadata: { name },
      webhooks: [
        {
          name: 'refuse-scale.e2e.nsscaler.io',
          admissionReviewVersions: ['v1'],
          sideEffects: 'None',
          failurePolicy: 'Fail',
          timeoutSeconds: 1,
          clientConfig: { url: 'https://127.0.0.1:1/nobody-listens' },
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
          rules: [
            {
              apiGroups: ['apps'],
              apiVersions: ['v1'],
              operations: ['UPDATE'],
              resources: ['deployments', 'statefulsets'],
            },
          ],
        },
      ],
    },
  });
  return async () => {
    await webhooks.deleteValidatingWebhookConfiguration({ name }).catch(() => undefined);
  };
}
