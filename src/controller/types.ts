import type { KubernetesObject } from '@kubernetes/client-node';

import type {
  NamespaceScalingPolicySpec,
  NamespaceScalingPolicyStatus,
  NamespaceStatus,
} from '../gen/namespace-scaling-policy.ts';

/** A NamespaceScalingPolicy as the informer caches it. */
export interface Policy extends KubernetesObject {
  metadata: NonNullable<KubernetesObject['metadata']> & { name: string };
  spec: NamespaceScalingPolicySpec;
  status?: NamespaceScalingPolicyStatus;
}

export interface NamespaceObject extends KubernetesObject {
  metadata: NonNullable<KubernetesObject['metadata']> & { name: string };
}

export type NamespaceState = NamespaceStatus['state'];

/** What the last reconcile of a namespace found; the policy's status is built from these. */
export interface NamespaceOutcome {
  namespace: string;
  policy: string;
  state: NamespaceState;
  since?: string | undefined;
  workloads: number;
  /** Managed workloads by kind, for the workloads_managed metric. */
  workloadsByKind?: Record<string, number>;
  asleepWorkloads: number;
  lastOperationId?: string | undefined;
  message?: string | undefined;
  /** Workloads put to sleep that could not be restored (R6): `Kind/name: why`. */
  restoreIncomplete: string[];
  /** True when this reconcile started or finished a sleep or wake (for the operation metrics). */
  acted?: boolean;
  /** Problems with the namespace's own configuration (O5), such as a bad annotation. */
  invalid?: string | undefined;
}

export const finalizer = 'nsscaler.io/finalizer';
