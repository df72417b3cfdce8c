import type { SnapshotEntry, WorkloadKind } from '../snapshots/types.ts';
import type { FieldState } from '../snapshots/types.ts';
import { clampMinReplicas } from './kinds/hpa.ts';
import type { FieldValue, Scaler } from './scaler.ts';
import { sameFieldState } from './scaler.ts';
import { scalers } from './scalers.ts';
import type { WorkloadObject } from './workload.ts';

/** StatefulSets (often the data stores) first, then everything else together. */
export const defaultWakeOrder: readonly (readonly WorkloadKind[])[] = [
  ['StatefulSet'],
  ['Deployment', 'CronJob', 'HorizontalPodAutoscaler', 'ScaledObject'],
];

/**
 * Splits entries into the policy's wake-order groups (O1). Kinds the order does not name wake in
 * a last group of their own, so nothing is ever left asleep for want of a group.
 */
export function groupByWakeOrder<T extends { workload: { kind: WorkloadKind } }>(
  entries: readonly T[],
  wakeOrder: readonly (readonly WorkloadKind[])[] | undefined,
): T[][] {
  const order = wakeOrder?.length ? wakeOrder : defaultWakeOrder;
  const groups: T[][] = order.map(() => []);
  const rest: T[] = [];
  for (const entry of entries) {
    const index = order.findIndex((kinds) => kinds.includes(entry.workload.kind));
    (index === -1 ? rest : (groups[index] as T[])).push(entry);
  }
  if (rest.length) groups.push(rest);
  return groups.filter((group) => group.length > 0);
}

export type WakeDecision =
  | { type: 'restore'; value: FieldState<FieldValue>; clampedFrom?: number }
  | { type: 'keep'; why: 'changed-while-asleep' | 'recreated' | 'gone' }
  | { type: 'unrestorable'; why: string }
  | { type: 'already-restored' }
  | { type: 'nothing-to-do' };

/**
 * What the wake does with one entry (R5): restore the original only if the field still holds the
 * value nsscaler set at sleep; otherwise keep what someone else set. An intent the webhook
 * recorded while asleep (A3) wins over the original. HPA minReplicas is clamped to maxReplicas.
 */
export function decideWake(entry: SnapshotEntry, object: WorkloadObject | undefined): WakeDecision {
  if (entry.action.type === 'left-alone') return { type: 'nothing-to-do' };
  if (!object) return { type: 'keep', why: 'gone' };
  if (entry.workload.uid && object.metadata.uid && entry.workload.uid !== object.metadata.uid) {
    return { type: 'keep', why: 'recreated' };
  }

  const scaler: Scaler = scalers[entry.workload.kind];
  const current = scaler.current(object);
  const intent = scaler.original(object);
  const wanted = sameFieldState(intent, current) ? entry.original : intent;
  // Restored already, by a process that stopped before it could settle the entry (R8).
  if (sameFieldState(current, wanted) && wanted.state !== 'unknown')
    return { type: 'already-restored' };
  const setTo: FieldState<FieldValue> = { state: 'present', value: entry.action.setTo };
  if (!sameFieldState(current, setTo)) return { type: 'keep', why: 'changed-while-asleep' };

  const value = wanted;
  if (value.state === 'unknown') {
    return { type: 'unrestorable', why: `the original ${entry.field} was not known at sleep` };
  }
  if (entry.field === 'minReplicas' && value.state === 'present') {
    const clamped = clampMinReplicas(Number(value.value), object);
    if (clamped !== value.value) {
      return {
        type: 'restore',
        value: { state: 'present', value: clamped },
        clampedFrom: Number(value.value),
      };
    }
  }
  return { type: 'restore', value };
}
