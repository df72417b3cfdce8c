import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { AdmissionregistrationV1Api, loadAllYaml } from '@kubernetes/client-node';
import type {
  V1MutatingWebhookConfiguration,
  V1ValidatingAdmissionPolicy,
  V1ValidatingAdmissionPolicyBinding,
  V1ValidatingWebhookConfiguration,
} from '@kubernetes/client-node';

import { webhookHost } from '../../support/cluster-env.ts';
import type { Cluster } from '../../support/kube.ts';

const repoRoot = new URL('../../../../', import.meta.url).pathname;

function manifests<T>(file: string): T[] {
  return loadAllYaml(readFileSync(join(repoRoot, 'config/webhook', file), 'utf8')) as T[];
}

/**
 * The label that scopes one test run's cluster-wide admission objects to its own namespaces and
 * policies, so other test files sharing the cluster are never sent to this run's webhooks.
 */
export interface RunScope {
  key: string;
  value: string;
}

export interface Registration {
  /** Name of this run's Validating- and MutatingWebhookConfiguration. */
  name: string;
  unregister(): Promise<void>;
}

/**
 * Registers config/webhook's webhook configurations for a local admission server: by URL on the
 * webhook host (127.0.0.1 on the local control plane, the host's address on kind's network) with
 * the test CA as caBundle (never a Service reference), under a unique name, and
 * scoped to the run's label: policy webhooks by objectSelector, workload webhooks by an extra
 * namespaceSelector requirement beside the shipped ones. Everything else (rules, failure
 * policies, timeouts, selectors, match conditions) is as shipped.
 */
export async function registerWebhooks(
  cluster: Cluster,
  options: { name: string; port: number; caBundle?: string; scope: RunScope },
): Promise<Registration> {
  const api = cluster.kubeConfig.makeApiClient(AdmissionregistrationV1Api);
  const { name, port, scope } = options;
  const caBundle =
    options.caBundle === undefined ? undefined : Buffer.from(options.caBundle).toString('base64');
  const retarget = <
    W extends { clientConfig: { service?: { path?: string }; url?: string; caBundle?: string } },
  >(
    webhook: W,
  ) => {
    const path = webhook.clientConfig.service?.path ?? '/';
    webhook.clientConfig = { url: `https://${webhookHost}:${port}${path}`, caBundle };
  };
  const scopeWebhook = (webhook: {
    name: string;
    objectSelector?: { matchLabels?: Record<string, string> };
    namespaceSelector?: {
      matchExpressions?: { key: string; operator: string; values?: string[] }[];
    };
  }) => {
    if (webhook.name.endsWith('.policies.nsscaler.io')) {
      webhook.objectSelector = { matchLabels: { [scope.key]: scope.value } };
    } else {
      webhook.namespaceSelector ??= {};
      webhook.namespaceSelector.matchExpressions = [
        ...(webhook.namespaceSelector.matchExpressions ?? []),
        { key: scope.key, operator: 'In', values: [scope.value] },
      ];
    }
  };

  const [validating] = manifests<V1ValidatingWebhookConfiguration>(
    'validating-webhook-configuration.yaml',
  );
  const [mutating] = manifests<V1MutatingWebhookConfiguration>(
    'mutating-webhook-configuration.yaml',
  );
  if (!validating || !mutating) throw new Error('config/webhook lacks a webhook configuration');
  for (const configuration of [validating, mutating]) {
    configuration.metadata = { name, labels: { [scope.key]: scope.value } };
    for (const webhook of configuration.webhooks ?? []) {
      retarget(webhook);
      scopeWebhook(webhook);
    }
  }
  await api.createValidatingWebhookConfiguration({ body: validating });
  await api.createMutatingWebhookConfiguration({ body: mutating });

  return {
    name,
    async unregister() {
      await api.deleteValidatingWebhookConfiguration({ name }).catch(() => undefined);
      await api.deleteMutatingWebhookConfiguration({ name }).catch(() => undefined);
    },
  };
}

/**
 * Installs config/webhook's ValidatingAdmissionPolicies and bindings under unique names, the
 * bindings limited to namespaces carrying the run's label. Returns a function removing them.
 */
export async function installIntentGuard(
  cluster: Cluster,
  prefix: string,
  scope: RunScope,
): Promise<() => Promise<void>> {
  const api = cluster.kubeConfig.makeApiClient(AdmissionregistrationV1Api);
  const objects = manifests<V1ValidatingAdmissionPolicy | V1ValidatingAdmissionPolicyBinding>(
    'intent-annotation-guard.yaml',
  );
  const policies: string[] = [];
  const bindings: string[] = [];
  for (const object of objects) {
    const name = `${prefix}-${object.metadata?.name ?? ''}`;
    object.metadata = { name, labels: { [scope.key]: scope.value } };
    if (object.kind === 'ValidatingAdmissionPolicy') {
      await api.createValidatingAdmissionPolicy({ body: object as V1ValidatingAdmissionPolicy });
      policies.push(name);
    } else {
      const binding = object as V1ValidatingAdmissionPolicyBinding;
      binding.spec = {
        ...binding.spec,
        policyName: `${prefix}-${binding.spec?.policyName ?? ''}`,
        matchResources: { namespaceSelector: { matchLabels: { [scope.key]: scope.value } } },
      };
      await api.createValidatingAdmissionPolicyBinding({ body: binding });
      bindings.push(name);
    }
  }
  return async () => {
    for (const name of bindings) {
      await api.deleteValidatingAdmissionPolicyBinding({ name }).catch(() => undefined);
    }
    for (const name of policies) {
      await api.deleteValidatingAdmissionPolicy({ name }).catch(() => undefined);
    }
  };
}
