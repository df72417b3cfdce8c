import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  ApiextensionsV1Api,
  KubernetesObjectApi,
  PatchStrategy,
  loadAllYaml,
} from '@kubernetes/client-node';
import type { KubernetesObject } from '@kubernetes/client-node';

import type { Cluster } from './kube.ts';
import { waitFor } from './kube.ts';

const repoRoot = new URL('../../../', import.meta.url).pathname;

export function readManifests(folder: string): KubernetesObject[] {
  const dir = join(repoRoot, folder);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .flatMap((file) => loadAllYaml(readFileSync(join(dir, file), 'utf8')) as KubernetesObject[]);
}

/** Server-side applies manifests, as `kubectl apply --server-side` would. */
export async function applyManifests(cluster: Cluster, objects: KubernetesObject[]): Promise<void> {
  const api = KubernetesObjectApi.makeApiClient(cluster.kubeConfig);
  for (const object of objects) {
    await api.patch(
      object,
      undefined,
      undefined,
      'nsscaler-e2e',
      true,
      PatchStrategy.ServerSideApply,
    );
  }
}

/** Installs the CRD (and waits until it is served) and the RBAC of config/rbac/. */
export async function installNsscaler(cluster: Cluster): Promise<void> {
  await applyManifests(cluster, readManifests('crds'));
  const extensions = cluster.kubeConfig.makeApiClient(ApiextensionsV1Api);
  await waitFor('the NamespaceScalingPolicy CRD to be established', async () => {
    const crd = await extensions.readCustomResourceDefinition({
      name: 'namespacescalingpolicies.nsscaler.io',
    });
    const established = crd.status?.conditions?.some(
      (c) => c.type === 'Established' && c.status === 'True',
    );
    return established ? true : undefined;
  });
  await applyManifests(cluster, readManifests('config/rbac'));
}
