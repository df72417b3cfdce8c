import { clampMinReplicas } from '../scaling/kinds/hpa.ts';
import type { FieldValue } from '../scaling/scaler.ts';
import { sameFieldState } from '../scaling/scaler.ts';
import { scalers } from '../scaling/scalers.ts';
import { decideWake } from '../scaling/wake-plan.ts';
import type { FieldState, LoadedSnapshot, SnapshotEntry } from '../snapshots/types.ts';
import { entryKey, present } from '../snapshots/types.ts';
import type { OperationDeps, OperationTarget } from './operation.ts';
import { forEachLimited, writeConcurrency, writeWithRetry } from './operation.ts';
import { newOperationId } from './sleep.ts';

/** What a rollback did to the namespace's workloads. */
export interface RollbackWrites {
  /** The state the namespace is in afterwards. */
  readonly state: 'Asleep' | 'Awake';
  /** Workloads written, as `Kind/name`. */
  readonly written: string[];
  /** Workloads not written, as `Kind/name: why`. */
  readonly skipped: string[];
  /** The active snapshot afterwards, if any. */
  readonly operationId?: string | undefined;
}

type Wanted = { value: FieldState<FieldValue> } | { skip: string } | undefined;

/**
 * Writes, for each entry, the value `want` chooses (undefined: nothing to do), and returns which
 * workloads were written and which were left with why. Every entry is tried; failures are thrown
 * together at the end, so one bad workload never stops the others.
 */
async function writeEach(
  deps: OperationDeps,
  target: OperationTarget,
  entries: readonly SnapshotEntry[],
  want: (
    entry: SnapshotEntry,
    object: NonNullable<ReturnType<typeof deps.workloads.get>>,
  ) => Wanted,
): Promise<{ written: string[]; skipped: string[] }> {
  await deps.workloads.ensureKinds(entries.map((entry) => entry.workload.kind));
  const written: string[] = [];
  const skipped: string[] = [];
  const errors = await forEachLimited(entries, writeConcurrency, async (entry) => {
    const key = entryKey(entry.workload);
    const object = deps.workloads.get(entry.workload.kind, target.namespace, entry.workload.name);
    if (!object) {
      if (entry.action.type !== 'left-alone') skipped.push(`${key}: gone`);
      return;
    }
    const wanted = want(entry, object);
    if (!wanted) return;
    if ('skip' in wanted) {
      skipped.push(`${key}: ${wanted.skip}`);
      return;
    }
    const scaler = scalers[entry.workload.kind];
    if (sameFieldState(scaler.current(object), wanted.value)) return;
    const result = await writeWithRetry(deps, scaler, object, wanted.value);
    (result === 'written' ? written : skipped).push(result === 'written' ? key : `${key}: gone`);
  });
  if (errors.length > 0)
    throw new AggregateError(errors, `${errors.length} rollback write(s) failed`);
  return { written: written.sort(), skipped: skipped.sort() };
}

/**
 * A wake that failed (O2): every workload goes back to the value nsscaler set at sleep, as the
 * snapshot records it, so no namespace is left half awake. A workload someone changed while
 * asleep keeps their value, as the wake left it (R5). The snapshot is reopened, so the next wake
 * restores the same originals.
 */
export async function rollBackWake(
  deps: OperationDeps,
  target: OperationTarget,
  loaded: LoadedSnapshot,
): Promise<RollbackWrites> {
  const { written, skipped } = await writeEach(
    deps,
    target,
    loaded.snapshot.entries,
    (entry, object) => {
      if (entry.action.type === 'left-alone') return undefined;
      if (entry.restore?.outcome === 'kept-manual-change') return undefined;
      if (entry.workload.uid && object.metadata.uid && entry.workload.uid !== object.metadata.uid) {
        return { skip: 'recreated since the sleep' };
      }
      return { value: present(entry.action.setTo) };
    },
  );
  const now = deps.now();
  const reopened = await deps.snapshots.reopen(loaded, newOperationId(now), now.toISOString());
  return { state: 'Asleep', written, skipped, operationId: reopened.snapshot.operationId };
}

/**
 * A sleep that failed (O2): every workload nsscaler already put to sleep gets its original back,
 * as a wake would restore it (R5), and the snapshot ends, so the namespace is Awake again. Without
 * a snapshot nothing was written yet (R1) and there is nothing to undo.
 */
export async function rollBackSleep(
  deps: OperationDeps,
  target: OperationTarget,
  loaded: LoadedSnapshot | undefined,
): Promise<RollbackWrites> {
  if (!loaded) return { state: 'Awake', written: [], skipped: [] };
  const { written, skipped } = await writeEach(deps, target, loaded.snapshot.entries, wakeValue);
  await deps.snapshots.finish(loaded);
  return { state: 'Awake', written, skipped };
}

/**
 * A person's rollback to a snapshot of the history (O2, R9): every workload the snapshot holds
 * gets exactly the original it recorded, whatever it holds now. Workloads left alone at sleep
 * because another controller drives them (C3, C4) are not written. An active snapshot ends, so
 * the namespace is Awake with the chosen originals.
 */
export async function restoreSnapshot(
  deps: OperationDeps,
  target: OperationTarget,
  chosen: LoadedSnapshot,
): Promise<RollbackWrites> {
  const { written, skipped } = await writeEach(
    deps,
    target,
    chosen.snapshot.entries,
    (entry, object) => {
      if (entry.action.type === 'left-alone' && entry.action.reason !== 'at-or-below-target') {
        return { skip: `left alone at sleep (${entry.action.reason})` };
      }
      const original = entry.original;
      if (original.state === 'unknown') return { skip: `the original ${entry.field} is not known` };
      if (original.state === 'absent' && entry.field === 'replicas') {
        return { skip: 'the snapshot holds no replicas value' };
      }
      if (entry.field === 'minReplicas' && original.state === 'present') {
        return { value: present(clampMinReplicas(Number(original.value), object)) };
      }
      return { value: original };
    },
  );
  // Workloads put to sleep after the chosen snapshot was taken wake from the active one.
  const active = await deps.snapshots.getActive(target.namespace);
  if (active) {
    const chosenKeys = new Set(chosen.snapshot.entries.map((entry) => entryKey(entry.workload)));
    const rest = active.snapshot.entries.filter(
      (entry) => !chosenKeys.has(entryKey(entry.workload)),
    );
    const woken = await writeEach(deps, target, rest, wakeValue);
    written.push(...woken.written);
    skipped.push(...woken.skipped);
    await deps.snapshots.finish(active);
  }
  return { state: 'Awake', written, skipped };
}

/** The value a wake would restore (R5), for entries rolled back to their originals. */
function wakeValue(entry: SnapshotEntry, object: Parameters<typeof decideWake>[1]): Wanted {
  const decision = decideWake(entry, object);
  if (decision.type === 'restore') return { value: decision.value };
  if (decision.type === 'unrestorable') return { skip: decision.why };
  return undefined;
}
