import type { NamespaceScalingPolicySpec } from '../../src/gen/namespace-scaling-policy.ts';
import type { NamespaceObject, Policy } from '../../src/controller/types.ts';
import type { WorkloadObject } from '../../src/scaling/workload.ts';
import type { AdmissionRequest } from '../admission/review.ts';

/** Wednesday 2026-01-07 12:00 UTC: the instant unit tests decide states at. */
export const noon = new Date('2026-01-07T12:00:00Z');

/** A schedule asleep around the clock on Wednesdays (UTC), so `noon` is Asleep. */
export const asleepAtNoon: NamespaceScalingPolicySpec = {
  timeZone: 'UTC',
  sleep: [{ days: 'Wed', start: '00:00', end: '24:00' }],
};

/** A schedule asleep only on Sunday mornings, so `noon` is Awake. */
export const awakeAtNoon: NamespaceScalingPolicySpec = {
  timeZone: 'UTC',
  sleep: [{ days: 'Sun', start: '03:00', end: '04:00' }],
};

export function policy(
  name: string,
  spec: NamespaceScalingPolicySpec,
  createdAt = '2026-01-01T00:00:00Z',
): Policy {
  return {
    apiVersion: 'nsscaler.io/v1alpha1',
    kind: 'NamespaceScalingPolicy',
    metadata: { name, creationTimestamp: createdAt as unknown as Date },
    spec,
  };
}

export function namespace(
  name: string,
  labels: Record<string, string> = {},
  annotations?: Record<string, string>,
): NamespaceObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: { 'kubernetes.io/metadata.name': name, ...labels },
      ...(annotations ? { annotations } : {}),
    },
  };
}

export function replicasWorkload(
  kind: 'Deployment' | 'StatefulSet',
  name: string,
  namespaceName: string,
  replicas: number | undefined,
  metadata: Partial<WorkloadObject['metadata']> = {},
): WorkloadObject {
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace: namespaceName, ...metadata },
    spec: replicas === undefined ? {} : { replicas },
  };
}

export function cronJob(
  name: string,
  namespaceName: string,
  suspend: boolean | undefined,
  metadata: Partial<WorkloadObject['metadata']> = {},
): WorkloadObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: namespaceName, ...metadata },
    spec: suspend === undefined ? {} : { suspend },
  };
}

const groups: Record<string, string> = {
  Deployment: 'apps',
  StatefulSet: 'apps',
  CronJob: 'batch',
  NamespaceScalingPolicy: 'nsscaler.io',
};

/** An admission request for `object`, as the API server sends it. */
export function admissionRequest(
  object: { kind?: string; metadata?: { name?: string; namespace?: string } },
  options: {
    operation?: AdmissionRequest['operation'];
    oldObject?: unknown;
    username?: string;
    dryRun?: boolean;
  } = {},
): AdmissionRequest {
  const kind = object.kind ?? 'Deployment';
  return {
    uid: 'c0ffee00-0000-4000-8000-000000000001',
    kind: {
      group: groups[kind] ?? '',
      version: kind === 'NamespaceScalingPolicy' ? 'v1alpha1' : 'v1',
      kind,
    },
    name: object.metadata?.name,
    ...(object.metadata?.namespace ? { namespace: object.metadata.namespace } : {}),
    operation: options.operation ?? 'CREATE',
    userInfo: { username: options.username ?? 'jane' },
    object,
    ...(options.oldObject === undefined ? {} : { oldObject: options.oldObject }),
    dryRun: options.dryRun ?? false,
  };
}
