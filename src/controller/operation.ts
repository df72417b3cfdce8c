import type { Logger } from 'pino';

import type { NamespaceScalingPolicySpec } from '../gen/namespace-scaling-policy.ts';
import type { KubeClient } from '../k8s/client.ts';
import { isConflict, isNotFound } from '../k8s/errors.ts';
import type { EventRecorder, EventSpec } from '../k8s/events.ts';
import type { PrometheusHealthCheck } from '../health/prometheus-check.ts';
import type { Notifier } from '../notifications/notifier.ts';
import type { Scaler } from '../scaling/scaler.ts';
import type { WorkloadObject } from '../scaling/workload.ts';
import type { FieldState } from '../snapshots/types.ts';
import type { FieldValue } from '../scaling/scaler.ts';
import type { Metrics } from '../telemetry/metrics.ts';
import type { ContestTracker } from './contests.ts';
import type { OperationMemory } from './operation-memory.ts';
import type { SnapshotCache } from './snapshot-cache.ts';
import type { WorkloadCache } from './workload-cache.ts';
import type { WriteExpectations } from './write-expectations.ts';

/** What sleep and wake operations work with. */
export interface OperationDeps {
  client: KubeClient;
  snapshots: SnapshotCache;
  workloads: WorkloadCache;
  events: EventRecorder;
  contests: ContestTracker;
  /** Per-operation reports made and wake groups seen, dropped when the operation ends. */
  memory: OperationMemory;
  expectations: WriteExpectations;
  metrics: Metrics;
  logger: Logger;
  /** The Prometheus check after a wake (O1); absent, a configured query counts as unavailable. */
  prometheus?: Pick<PrometheusHealthCheck, 'check'> | undefined;
  /** Tells people about failures and, when asked, transitions (O4); never blocks. */
  notifier?: Pick<Notifier, 'notify'> | undefined;
  now(): Date;
}

/** One namespace under one policy, for one reconcile. */
export interface OperationTarget {
  namespace: string;
  policyName: string;
  policyUid?: string | undefined;
  spec: NamespaceScalingPolicySpec;
}

/** How many writes one namespace sends at once. */
export const writeConcurrency = 8;

/** Runs `work` over `items`, at most `limit` at a time, and settles every one of them. */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<unknown[]> {
  const errors: unknown[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item).catch((err: unknown) => errors.push(err));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return errors;
}

/** Written; the object is gone; or the fresh object after a conflict no longer wants it. */
export type WriteResult = 'written' | 'gone' | 'not-wanted';

/**
 * Writes one field, re-reading the object and trying again when the write lost a race with
 * another writer (409, C7): a conflict is expected, not an error. `stillWanted` decides, from the
 * fresh object, whether the write is still needed.
 */
export async function writeWithRetry(
  deps: OperationDeps,
  scaler: Scaler,
  object: WorkloadObject,
  value: FieldState<FieldValue>,
  stillWanted: (fresh: WorkloadObject) => boolean = () => true,
): Promise<WriteResult> {
  let current = object;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await scaler.write(deps.client, current, value);
      return 'written';
    } catch (err) {
      if (isNotFound(err)) return 'gone';
      if (!isConflict(err) || attempt >= 5) throw err;
      deps.logger.debug({ kind: scaler.kind, name: object.metadata.name }, 'conflict; re-reading');
      try {
        current = await deps.client.get<WorkloadObject>(
          scaler.resource,
          object.metadata.namespace,
          object.metadata.name,
        );
      } catch (readErr) {
        if (isNotFound(readErr)) return 'gone';
        throw readErr;
      }
      if (!stillWanted(current)) return 'not-wanted';
    }
  }
}

export function namespaceEvent(
  target: OperationTarget,
  event: Omit<EventSpec, 'regarding' | 'related'>,
): EventSpec {
  return {
    ...event,
    regarding: { apiVersion: 'v1', kind: 'Namespace', name: target.namespace },
    related: {
      apiVersion: 'nsscaler.io/v1alpha1',
      kind: 'NamespaceScalingPolicy',
      name: target.policyName,
      uid: target.policyUid,
    },
  };
}

export function emitAll(events: EventRecorder, specs: readonly EventSpec[]): Promise<void[]> {
  return Promise.all(specs.map((spec) => events.emit(spec)));
}
