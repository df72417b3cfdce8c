import type { NamespaceScalingPolicySpec } from '../../../src/gen/namespace-scaling-policy.ts';
import type { Cluster } from './kube.ts';
import { createTestNamespace, deleteNamespace, uniqueName } from './kube.ts';
import {
  createPolicy,
  deletePolicyAndWait,
  holdFor,
  patchPolicySpec,
  quietSchedule,
} from './policies.ts';

export interface Scenario {
  namespaces: string[];
  namespace: string;
  policy: string;
  /** Creates the policy, held Asleep by an override (extra spec fields win). */
  create(): Promise<unknown>;
  /** Replaces the override with one that holds the namespaces Awake. */
  wake(): Promise<void>;
}

/**
 * Scenarios for one e2e file: each is fresh namespaces and a policy that owns them, removed
 * (policy first, so its finalizer wakes what it put to sleep) by `cleanUp` after the suite.
 */
export function scenarios(cluster: () => Cluster) {
  const cleanups: Array<() => Promise<void>> = [];

  async function scenario(
    prefix: string,
    spec: Partial<NamespaceScalingPolicySpec> = {},
    count = 1,
  ): Promise<Scenario> {
    const namespaces: string[] = [];
    for (let i = 0; i < count; i += 1) {
      namespaces.push(await createTestNamespace(cluster(), prefix));
    }
    const policy = uniqueName(prefix);
    cleanups.push(async () => {
      await deletePolicyAndWait(cluster(), policy);
      for (const name of namespaces) await deleteNamespace(cluster(), name);
    });
    return {
      namespaces,
      namespace: namespaces[0] as string,
      policy,
      create: () =>
        createPolicy(cluster(), policy, {
          ...quietSchedule(),
          namespaces,
          overrides: [holdFor('Asleep')],
          ...spec,
        }),
      wake: () => patchPolicySpec(cluster(), policy, { overrides: [holdFor('Awake')] }),
    };
  }

  /** Also registers other clean-up steps, run in reverse order with the scenarios'. */
  function onCleanUp(step: () => Promise<void>): void {
    cleanups.push(step);
  }

  async function cleanUp(): Promise<void> {
    for (const step of cleanups.reverse()) await step();
  }

  return { scenario, onCleanUp, cleanUp };
}
