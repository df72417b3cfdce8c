import type { Inventory } from '../scaling/inventory.ts';
import type { SnapshotEntry } from '../snapshots/types.ts';
import { entryKey } from '../snapshots/types.ts';
import { managersOf } from './field-managers.ts';

/**
 * Workloads that look put to sleep by nsscaler but have no entry in the snapshot (R6): nsscaler's
 * field manager was the last to set the field, and the field holds the sleep value. Such a
 * workload cannot be restored exactly, so it must be reported rather than silently left asleep.
 */
export function findUnrecordedSleepers(
  inventory: Inventory,
  entries: readonly SnapshotEntry[],
  sleepReplicas: number,
  fieldManager: string,
): string[] {
  const recorded = new Set(entries.map((entry) => entryKey(entry.workload)));
  const missing: string[] = [];
  for (const { kind, object, scaler } of inventory.managed) {
    const key = entryKey({ kind, name: object.metadata.name });
    if (recorded.has(key)) continue;
    if (managersOf(object, scaler.field)[0] !== fieldManager) continue;
    const current = scaler.current(object);
    const asleep =
      current.state === 'present' && scaler.sleepValue(current, sleepReplicas) === undefined;
    if (asleep && scaler.field !== 'minReplicas') missing.push(key);
  }
  return missing;
}
