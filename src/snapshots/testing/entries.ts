import type { FieldState, Snapshot, SnapshotEntry, WorkloadKind } from '../types.ts';
import { absent, present, unknown } from '../types.ts';

/** Builders and expected models shared by the snapshot tests (unit and e2e). */

const apiVersionOfKind: Record<WorkloadKind, string> = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  CronJob: 'batch/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
  ScaledObject: 'keda.sh/v1alpha1',
};

/** A Deployment or StatefulSet scaled from `original` to `setTo`, or left alone (R3). */
export function replicasEntry(
  namespace: string,
  kind: 'Deployment' | 'StatefulSet',
  name: string,
  original: FieldState<number>,
  setTo: number | 'left-alone',
): SnapshotEntry {
  return {
    workload: { kind, apiVersion: apiVersionOfKind[kind], namespace, name },
    field: 'replicas',
    original,
    action:
      setTo === 'left-alone'
        ? { type: 'left-alone', reason: 'at-or-below-target' }
        : { type: 'scaled', setTo },
  };
}

/** `count` Deployments with long, realistic names, each scaled from 3 to 0. */
export function manyDeployments(namespace: string, count: number): SnapshotEntry[] {
  return Array.from({ length: count }, (_, index) =>
    replicasEntry(
      namespace,
      'Deployment',
      `payments-ledger-reconciliation-worker-${String(index).padStart(5, '0')}`,
      present(3),
      0,
    ),
  );
}

export function snapshotOf(
  namespace: string,
  operationId: string,
  entries: readonly SnapshotEntry[],
  takenAt = '2026-01-09T21:00:00.000Z',
): Snapshot {
  return { namespace, policy: 'nights', operationId, takenAt, state: 'active', entries };
}

/**
 * The snapshot both fixtures (fixtures/format-v1.json and format-v2.json) hold, written out from
 * the rules rather than from a decoder: 0 and `true` are values, "absent" and "unknown" are
 * states (R4); `so-api` was restored at wake.
 */
export const fixtureSnapshot: Snapshot = {
  namespace: 'shop',
  policy: 'nights',
  operationId: 'sleep-2026-01-09T21.00Z',
  takenAt: '2026-01-09T21:00:00.000Z',
  state: 'active',
  entries: [
    {
      workload: {
        kind: 'StatefulSet',
        apiVersion: 'apps/v1',
        namespace: 'shop',
        name: 'zk',
        uid: '6f1c2a9e-3b1d-4c55-9a43-0d2e8f7b1a10',
      },
      field: 'replicas',
      original: present(3),
      action: { type: 'scaled', setTo: 2 },
    },
    replicasEntry('shop', 'Deployment', 'worker', present(0), 'left-alone'),
    {
      workload: { kind: 'CronJob', apiVersion: 'batch/v1', namespace: 'shop', name: 'legacy' },
      field: 'suspend',
      original: present(true),
      action: { type: 'left-alone', reason: 'at-or-below-target' },
    },
    {
      workload: { kind: 'CronJob', apiVersion: 'batch/v1', namespace: 'shop', name: 'report' },
      field: 'suspend',
      original: absent,
      action: { type: 'suspended', setTo: true },
    },
    {
      workload: {
        kind: 'ScaledObject',
        apiVersion: 'keda.sh/v1alpha1',
        namespace: 'shop',
        name: 'so-api',
      },
      field: 'pausedReplicas',
      original: absent,
      action: { type: 'paused', setTo: '0' },
      restore: { outcome: 'restored', at: '2026-01-10T06:00:05.000Z' },
    },
    {
      workload: {
        kind: 'ScaledObject',
        apiVersion: 'keda.sh/v1alpha1',
        namespace: 'shop',
        name: 'so-batch',
      },
      field: 'pausedReplicas',
      original: present('2'),
      action: { type: 'paused', setTo: '0' },
    },
    {
      workload: {
        kind: 'HorizontalPodAutoscaler',
        apiVersion: 'autoscaling/v2',
        namespace: 'shop',
        name: 'web',
      },
      field: 'minReplicas',
      original: unknown,
      action: { type: 'scaled', setTo: 1 },
    },
  ],
};
