import { randomBytes } from 'node:crypto';

import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';

/**
 * The cluster the e2e suite runs against. Tests never start a cluster: they read KUBECONFIG, which
 * `make e2e` (test/e2e/run.sh) points at the cluster it started or found.
 */
export function loadKubeConfig(): KubeConfig {
  if (!process.env.KUBECONFIG) {
    throw new Error('KUBECONFIG is not set; run the e2e suite with `make e2e`');
  }
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromDefault();
  return kubeConfig;
}

export interface Cluster {
  kubeConfig: KubeConfig;
  core: CoreV1Api;
  apps: AppsV1Api;
}

export function connect(): Cluster {
  const kubeConfig = loadKubeConfig();
  return {
    kubeConfig,
    core: kubeConfig.makeApiClient(CoreV1Api),
    apps: kubeConfig.makeApiClient(AppsV1Api),
  };
}

/** A DNS-1123 name that no other test run uses: `prefix-<8 hex>`. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** Thrown by a probe to stop waiting at once: the condition can no longer come true. */
export class WaitAborted extends Error {
  override name = 'WaitAborted';
}

/**
 * Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs` with the
 * description and the last value seen. Tests wait on conditions with deadlines, never on sleeps.
 */
export async function waitFor<T>(
  description: string,
  probe: () => Promise<T | undefined>,
  { timeoutMs = 60_000, intervalMs = 250 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      if (err instanceof WaitAborted) throw err;
      lastError = err;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Creates a namespace labelled as a test namespace and returns its name. */
export async function createTestNamespace(cluster: Cluster, prefix: string): Promise<string> {
  const name = uniqueName(prefix);
  await cluster.core.createNamespace({
    body: { metadata: { name, labels: { 'nsscaler.io/e2e': 'true' } } },
  });
  return name;
}

export async function deleteNamespace(cluster: Cluster, name: string): Promise<void> {
  await cluster.core.deleteNamespace({ name }).catch(() => undefined);
}
