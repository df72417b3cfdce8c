import { entryKey, sleepActionOfField } from '../snapshots/types.ts';
import type { FieldState, Snapshot, SnapshotEntry, WorkloadRef } from '../snapshots/types.ts';
import type { Inventory, ManagedWorkload } from './inventory.ts';
import type { FieldValue } from './scaler.ts';

export interface SleepWrite {
  workload: ManagedWorkload;
  entry: SnapshotEntry;
  value: FieldValue;
}

export interface SleepPlan {
  /** Workloads the snapshot does not hold yet; recorded before anything is written (R1). */
  newEntries: SnapshotEntry[];
  /** Workloads whose field is not at its sleep value yet. */
  writes: SleepWrite[];
}

export function workloadRef(workload: ManagedWorkload): WorkloadRef {
  const { metadata, apiVersion } = workload.object;
  return {
    kind: workload.kind,
    apiVersion: apiVersion ?? workload.scaler.resource.version,
    namespace: metadata.namespace,
    name: metadata.name,
    ...(metadata.uid ? { uid: metadata.uid } : {}),
  };
}

/**
 * The snapshot entry of a workload about to sleep. The original is what the workload has (or the
 * intent the webhook recorded); the action is the value that puts it to sleep, or "left alone"
 * when it is already at or below the target (R3), so sleeping never raises replicas.
 */
export function entryFor(workload: ManagedWorkload, sleepReplicas: number): SnapshotEntry {
  const { scaler, object } = workload;
  const original = scaler.original(object);
  const sleepValue = scaler.sleepValue(original, sleepReplicas);
  const action =
    sleepValue === undefined
      ? { type: 'left-alone' as const, reason: 'at-or-below-target' as const }
      : { type: sleepActionOfField[scaler.field], setTo: sleepValue };
  return {
    workload: workloadRef(workload),
    field: scaler.field,
    original,
    action,
  } as SnapshotEntry;
}

function leftAloneEntry(workload: Inventory['leftAlone'][number]): SnapshotEntry {
  return {
    workload: workloadRef(workload),
    field: workload.scaler.field,
    original: workload.scaler.current(workload.object),
    action: { type: 'left-alone', reason: workload.reason },
  } as SnapshotEntry;
}

/**
 * What a sleep still has to do, given what the snapshot already holds (R2: an entry, once
 * recorded, is never recorded again in the same sleep, so a sleeping value never becomes an
 * "original"). Writes go only to workloads whose field is above the sleep value (R3).
 */
export function planSleep(
  inventory: Inventory,
  snapshot: Pick<Snapshot, 'entries'> | undefined,
  sleepReplicas: number,
): SleepPlan {
  const recorded = new Map<string, SnapshotEntry>();
  for (const entry of snapshot?.entries ?? []) recorded.set(entryKey(entry.workload), entry);

  const plan: SleepPlan = { newEntries: [], writes: [] };
  for (const workload of inventory.leftAlone) {
    const key = entryKey({ kind: workload.kind, name: workload.object.metadata.name });
    if (!recorded.has(key)) plan.newEntries.push(leftAloneEntry(workload));
  }
  for (const workload of inventory.managed) {
    const key = entryKey({ kind: workload.kind, name: workload.object.metadata.name });
    let entry = recorded.get(key);
    if (!entry) {
      entry = entryFor(workload, sleepReplicas);
      plan.newEntries.push(entry);
    }
    if (entry.action.type === 'left-alone') continue;
    const current: FieldState<FieldValue> = workload.scaler.current(workload.object);
    if (workload.scaler.sleepValue(current, sleepReplicas) === undefined) continue;
    plan.writes.push({ workload, entry, value: entry.action.setTo });
  }
  return plan;
}
