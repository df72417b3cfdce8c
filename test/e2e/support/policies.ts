import { CustomObjectsApi } from '@kubernetes/client-node';

import type {
  NamespaceScalingPolicySpec,
  NamespaceScalingPolicyStatus,
} from '../../../src/gen/namespace-scaling-policy.ts';
import type { Cluster } from './kube.ts';
import { waitFor } from './kube.ts';

const group = 'nsscaler.io';
const version = 'v1alpha1';
const plural = 'namespacescalingpolicies';

export interface PolicyObject {
  metadata: { name: string; uid?: string; finalizers?: string[]; resourceVersion?: string };
  spec: NamespaceScalingPolicySpec;
  status?: NamespaceScalingPolicyStatus;
}

export function policiesApi(cluster: Cluster): CustomObjectsApi {
  return cluster.kubeConfig.makeApiClient(CustomObjectsApi);
}

/** An override that holds a state for the next hour: how the e2e suite drives transitions. */
export function holdFor(state: 'Awake' | 'Asleep', minutes = 60) {
  return {
    state,
    until: new Date(Date.now() + minutes * 60_000).toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}

/**
 * A policy that keeps its namespaces awake on schedule (a Sunday 03:00-03:01 window only) so the
 * tests decide every transition with overrides.
 */
export function quietSchedule(): Pick<NamespaceScalingPolicySpec, 'sleep' | 'timeZone'> {
  return { timeZone: 'UTC', sleep: [{ days: 'Sun', start: '03:00', end: '03:01' }] };
}

export async function createPolicy(
  cluster: Cluster,
  name: string,
  spec: NamespaceScalingPolicySpec,
): Promise<PolicyObject> {
  return (await policiesApi(cluster).createClusterCustomObject({
    group,
    version,
    plural,
    body: {
      apiVersion: `${group}/${version}`,
      kind: 'NamespaceScalingPolicy',
      metadata: { name },
      spec,
    },
  })) as PolicyObject;
}

export async function readPolicy(cluster: Cluster, name: string): Promise<PolicyObject> {
  return (await policiesApi(cluster).getClusterCustomObject({
    group,
    version,
    plural,
    name,
  })) as PolicyObject;
}

/** Merge-patches the spec (lists are replaced whole). */
export async function patchPolicySpec(
  cluster: Cluster,
  name: string,
  spec: Partial<NamespaceScalingPolicySpec>,
): Promise<void> {
  const { setHeaderOptions } = await import('@kubernetes/client-node');
  await policiesApi(cluster).patchClusterCustomObject(
    { group, version, plural, name, body: { spec } },
    setHeaderOptions('Content-Type', 'application/merge-patch+json'),
  );
}

export async function deletePolicy(cluster: Cluster, name: string): Promise<void> {
  await policiesApi(cluster)
    .deleteClusterCustomObject({ group, version, plural, name })
    .catch(() => undefined);
}

/** Deletes the policy and waits until it is gone (its finalizer has run). */
export async function deletePolicyAndWait(cluster: Cluster, name: string): Promise<void> {
  await deletePolicy(cluster, name);
  await waitFor(`policy ${name} to be gone`, async () => {
    try {
      await readPolicy(cluster, name);
      return undefined;
    } catch {
      return true;
    }
  });
}

export async function waitForNamespaceState(
  cluster: Cluster,
  policy: string,
  namespace: string,
  state: string,
  timeoutMs = 60_000,
): Promise<PolicyObject> {
  return waitFor(
    `namespace ${namespace} to be ${state} in the status of ${policy}`,
    async () => {
      const object = await readPolicy(cluster, policy);
      const entry = object.status?.namespaces?.find((candidate) => candidate.name === namespace);
      return entry?.state === state ? object : undefined;
    },
    { timeoutMs },
  );
}

export function conditionOf(policy: PolicyObject, type: string) {
  return policy.status?.conditions?.find((condition) => condition.type === type);
}
