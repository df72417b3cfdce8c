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
  /** While Waking: when the readiness timeout of the current group ends, in ms from now. */
  checkAgainInMs?: number | undefined;
  /** Why the wake failed health validation (O1): the laggards, or the Prometheus answer. */
  healthFailure?: string | undefined;
  /** The operation whose repeated failures left the namespace Failed (rollback disabled). */
  failedOperation?: 'sleep' | 'wake' | undefined;
  /** Until when automatic operations wait after a rollback (O2), ISO 8601. */
  lockedUntil?: string | undefined;
  /** The rollback that set the lock: what triggered it and what it did. */
  rolledBack?: { trigger: RollbackTrigger; at: string; detail: string } | undefined;
}

/**
 * What started a rollback (O2), the `trigger` label of `rollbacks_total`: a wake that failed
 * health validation, an operation that failed `rollback.maxConsecutiveFailures` times in a row,
 * or a person asking through the policy annotation.
 */
export type RollbackTrigger = 'HealthCheckFailed' | 'RepeatedFailures' | 'Manual';

export const finalizer = 'nsscaler.io/finalizer';
