import type { KubernetesObject } from '@kubernetes/client-node';

import type { PodTemplateRequests } from '../savings/requests.ts';
import type { WorkloadKind } from '../snapshots/types.ts';

/** A workload object as the informers cache it: metadata plus the parts nsscaler reads. */
export interface WorkloadObject extends KubernetesObject {
  metadata: NonNullable<KubernetesObject['metadata']> & { name: string; namespace: string };
  spec?: {
    replicas?: number;
    suspend?: boolean;
    minReplicas?: number;
    maxReplicas?: number;
    scaleTargetRef?: { apiVersion?: string; kind?: string; name?: string };
    /** Only the containers' resource requests survive trimming (for estimated savings). */
    template?: PodTemplateRequests;
  };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    updatedReplicas?: number;
    observedGeneration?: number;
  };
}

export interface Workload {
  kind: WorkloadKind;
  object: WorkloadObject;
}

/** Annotation and label keys nsscaler reads or writes on workloads and namespaces. */
export const annotations = {
  /** The replicas a workload should have when its namespace wakes (set by the webhook, A3). */
  intendedReplicas: 'nsscaler.io/intended-replicas',
  /** The CronJob `suspend` value to restore when the namespace wakes (set by the webhook). */
  intendedSuspend: 'nsscaler.io/intended-suspend',
  /** KEDA's pause annotation on a ScaledObject. */
  kedaPausedReplicas: 'autoscaling.keda.sh/paused-replicas',
} as const;

export const labels = {
  /** `true` on a workload or namespace keeps nsscaler away from it. */
  exclude: 'nsscaler.io/exclude',
} as const;
