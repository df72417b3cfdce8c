import type { Logger } from 'pino';

import type { KubeClient } from '../../src/k8s/client.ts';
import { KubeApiError, isConflict, isNotFound } from '../../src/k8s/errors.ts';
import type { ResourceType } from '../../src/k8s/resources.ts';

const group = 'admissionregistration.k8s.io';
export const webhookConfigurationKinds: readonly ResourceType[] = [
  {
    group,
    version: 'v1',
    plural: 'validatingwebhookconfigurations',
    kind: 'ValidatingWebhookConfiguration',
    namespaced: false,
  },
  {
    group,
    version: 'v1',
    plural: 'mutatingwebhookconfigurations',
    kind: 'MutatingWebhookConfiguration',
    namespaced: false,
  },
];

interface WebhookConfigurationObject {
  metadata: { name: string; resourceVersion?: string };
  webhooks?: { name: string; clientConfig?: { caBundle?: string } }[];
}

const maxAttempts = 5;

/**
 * Sets the caBundle of every webhook in nsscaler's own Validating- and MutatingWebhookConfiguration
 * (both named `name`), and of nothing else. A configuration that is not installed is skipped with
 * a warning; one already carrying the bundle is not written. Each write is a JSON Patch guarded by
 * the resourceVersion read, retried on conflict. Returns the kinds it found.
 */
export async function patchCaBundles(
  client: KubeClient,
  name: string,
  caCertPem: string,
  logger: Logger,
): Promise<string[]> {
  const caBundle = Buffer.from(caCertPem, 'utf8').toString('base64');
  const found: string[] = [];
  for (const kind of webhookConfigurationKinds) {
    if (await patchOne(client, kind, name, caBundle, logger)) found.push(kind.kind);
  }
  return found;
}

async function patchOne(
  client: KubeClient,
  kind: ResourceType,
  name: string,
  caBundle: string,
  logger: Logger,
): Promise<boolean> {
  for (let attempt = 1; ; attempt += 1) {
    let object: WebhookConfigurationObject;
    try {
      object = await client.get<WebhookConfigurationObject>(kind, undefined, name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      logger.warn(
        { kind: kind.kind, name },
        'webhook configuration not installed; caBundle not set',
      );
      return false;
    }

    const operations: unknown[] = [
      { op: 'test', path: '/metadata/resourceVersion', value: object.metadata.resourceVersion },
    ];
    (object.webhooks ?? []).forEach((webhook, index) => {
      if (webhook.clientConfig?.caBundle === caBundle) return;
      operations.push({
        op: 'add',
        path: `/webhooks/${index}/clientConfig/caBundle`,
        value: caBundle,
      });
    });
    if (operations.length === 1) return true;

    try {
      await client.jsonPatch(kind, undefined, name, operations);
      logger.info({ kind: kind.kind, name, webhooks: operations.length - 1 }, 'caBundle set');
      return true;
    } catch (err) {
      // A failed `test` (the object changed since it was read) is a 422 from the API server.
      const stale = isConflict(err) || (err instanceof KubeApiError && err.code === 422);
      if (!stale || attempt >= maxAttempts) throw err;
    }
  }
}
