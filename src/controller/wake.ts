import { countByKind, observedKinds, takeInventory } from '../scaling/inventory.ts';
import type { Inventory } from '../scaling/inventory.ts';
import type { Scaler } from '../scaling/scaler.ts';
import { sameFieldState } from '../scaling/scaler.ts';
import { scalers } from '../scaling/scalers.ts';
import { decideWake, groupByWakeOrder } from '../scaling/wake-plan.ts';
import type { LoadedSnapshot, SnapshotEntry } from '../snapshots/types.ts';
import { entryKey } from '../snapshots/types.ts';
import {
  defaultHealthTimeoutSeconds,
  describeLaggard,
  groupStartedAt,
  judgeReadiness,
} from './health-validation.ts';
import { findUnrecordedSleepers } from './missing-entries.ts';
import { runPrometheusCheck } from './wake-validation.ts';
import type { OperationDeps, OperationTarget } from './operation.ts';
import { forEachLimited, namespaceEvent, writeConcurrency, writeWithRetry } from './operation.ts';
import type { NamespaceOutcome } from './types.ts';

/**
 * Wakes a namespace from its active snapshot, one wake-order group at a time (O1): a group is
 * restored, and the next starts only when every Deployment and StatefulSet restored so far reports
 * ready. Each entry is restored only if it still holds the value nsscaler set (R5), and settled in
 * the store so it is never restored twice. A workload put to sleep without a usable entry is
 * reported (R6) and never stops the others. Returns `Waking` while waiting, `Awake` when done.
 */
export async function wakeNamespace(
  deps: OperationDeps,
  target: OperationTarget,
  restoreIncomplete: Set<string>,
): Promise<NamespaceOutcome> {
  const { namespace, spec } = target;
  const observed = observedKinds(spec);
  await deps.workloads.ensureKinds(observed);
  const inventory = takeInventory(spec, deps.workloads.inNamespace(observed, namespace));
  const workloads = inventory.managed.length + inventory.leftAlone.length;
  const workloadsByKind = countByKind(inventory);
  const loaded = await deps.snapshots.getActive(namespace);
  if (!loaded) {
    return outcome(target, 'Awake', {
      workloads,
      workloadsByKind,
      restoreIncomplete: [...restoreIncomplete],
    });
  }
  const { snapshot } = loaded;
  if (spec.dryRun) {
    return outcome(target, 'Asleep', {
      lastOperationId: snapshot.operationId,
      message: 'dry run: would wake the namespace',
    });
  }

  await deps.workloads.ensureKinds(snapshot.entries.map((entry) => entry.workload.kind));
  await reportUnrecorded(deps, target, inventory, loaded, restoreIncomplete);

  const groups = groupByWakeOrder(snapshot.entries, spec.wakeOrder);
  const timeoutSeconds = spec.healthCheck?.timeoutSeconds ?? defaultHealthTimeoutSeconds;
  for (const [index, group] of groups.entries()) {
    const deferred: string[] = [];
    const errors = await forEachLimited(
      group.filter((entry) => !entry.restore),
      writeConcurrency,
      async (entry) => {
        const settled = await settleEntry(deps, target, loaded, entry, restoreIncomplete);
        if (settled === 'deferred') deferred.push(entryKey(entry.workload));
      },
    );
    if (errors.length > 0) throw new AggregateError(errors, `${errors.length} restore(s) failed`);
    if (deferred.length > 0) {
      return outcome(target, 'Waking', {
        workloads,
        workloadsByKind,
        lastOperationId: snapshot.operationId,
        message: `waiting for the cache to show nsscaler's last write to ${deferred.join(', ')}`,
        restoreIncomplete: [...restoreIncomplete],
      });
    }

    const current = groupOf(loaded, group);
    const laggards: string[] = [];
    for (const entry of current) {
      if (entry.restore?.outcome !== 'restored') continue;
      const scaler = scalers[entry.workload.kind];
      const object = deps.workloads.get(entry.workload.kind, namespace, entry.workload.name);
      if (object && !isReadyAfterRestore(scaler, entry, object))
        laggards.push(describeLaggard(entry.workload.kind, object));
    }
    const startedAt =
      groupStartedAt(current) ??
      deps.memory.firstSeen(snapshot.operationId, `group ${index}`, deps.now());
    const verdict = judgeReadiness({ laggards, startedAt, now: deps.now(), timeoutSeconds });
    const common = {
      workloads,
      workloadsByKind,
      lastOperationId: snapshot.operationId,
      restoreIncomplete: [...restoreIncomplete],
    };
    if (verdict.verdict === 'waiting') {
      const deadline = new Date(startedAt.getTime() + timeoutSeconds * 1000).toISOString();
      return outcome(target, 'Waking', {
        ...common,
        since: startedAt.toISOString(),
        message: `waiting for ${laggards.join(', ')} to become ready (until ${deadline})`,
        checkAgainInMs: verdict.remainingMs,
      });
    }
    if (verdict.verdict === 'timed-out') {
      deps.metrics.healthChecks.inc({ result: 'failed' });
      const problem = `not ready within ${timeoutSeconds} s: ${laggards.join(', ')}`;
      deps.logger.warn({ operation: 'wake', laggards }, 'wake failed health validation');
      return outcome(target, 'Failed', { ...common, message: problem, healthFailure: problem });
    }
  }

  const verified = await runPrometheusCheck(deps, target);
  if (verified.failed) {
    return outcome(target, 'Failed', {
      workloads,
      workloadsByKind,
      lastOperationId: snapshot.operationId,
      restoreIncomplete: [...restoreIncomplete],
      message: verified.failed,
      healthFailure: verified.failed,
    });
  }

  await deps.snapshots.finish(loaded);
  deps.contests.forget(snapshot.operationId);
  deps.memory.forget(snapshot.operationId);
  deps.logger.info({ operation: 'wake' }, 'namespace awake; snapshot restored');
  return outcome(target, 'Awake', {
    workloads,
    workloadsByKind,
    acted: true,
    since: deps.now().toISOString(),
    lastOperationId: snapshot.operationId,
    message: verified.note,
    restoreIncomplete: [...restoreIncomplete],
  });
}

/** The group's entries as they are now in the (updated) snapshot. */
function groupOf(loaded: LoadedSnapshot, group: readonly SnapshotEntry[]): SnapshotEntry[] {
  const keys = new Set(group.map((entry) => entryKey(entry.workload)));
  return loaded.snapshot.entries.filter((entry) => keys.has(entryKey(entry.workload)));
}

/** Ready, and the cache already shows the restored value rather than the sleep value. */
function isReadyAfterRestore(
  scaler: Scaler,
  entry: SnapshotEntry,
  object: Parameters<Scaler['ready']>[0],
): boolean {
  if (entry.action.type === 'left-alone') return true;
  const stillAsleep = sameFieldState(scaler.current(object), {
    state: 'present',
    value: entry.action.setTo,
  });
  return !stillAsleep && scaler.ready(object);
}

/**
 * Restores one entry, or keeps what someone set (R5), and settles it in the store. `deferred`
 * when the decision cannot be made from the cache yet: the cached object predates nsscaler's own
 * last write (a re-sleep moments ago would look like someone's change, and the workload would be
 * left asleep), or a conflicting write showed the object changed; the next reconcile decides.
 */
async function settleEntry(
  deps: OperationDeps,
  target: OperationTarget,
  loaded: LoadedSnapshot,
  entry: SnapshotEntry,
  restoreIncomplete: Set<string>,
): Promise<'settled' | 'deferred'> {
  if (entry.action.type === 'left-alone') return 'settled';
  const { kind, name } = entry.workload;
  const key = entryKey(entry.workload);
  const object = deps.workloads.get(kind, target.namespace, name);
  const cacheKey = `${target.namespace}/${key}`;
  if (object && deps.expectations.isStale(cacheKey, object.metadata.resourceVersion)) {
    return 'deferred';
  }
  const decision = decideWake(entry, object);

  switch (decision.type) {
    case 'nothing-to-do':
      return 'settled';
    case 'already-restored':
      await deps.snapshots.settleEntry(loaded, entry.workload, 'restored');
      return 'settled';
    case 'unrestorable':
      restoreIncomplete.add(`${key}: ${decision.why}`);
      await deps.events.emit(
        namespaceEvent(target, {
          type: 'Warning',
          reason: 'RestoreIncomplete',
          action: 'Wake',
          note: `${key} cannot be restored: ${decision.why}; it is left as it is`,
        }),
      );
      await deps.snapshots.settleEntry(loaded, entry.workload, 'kept-manual-change');
      return 'settled';
    case 'keep':
      if (decision.why !== 'gone') {
        await deps.events.emit(
          namespaceEvent(target, {
            type: 'Normal',
            reason: 'ChangedWhileAsleep',
            action: 'Wake',
            note: `${key} was ${decision.why === 'recreated' ? 'recreated' : 'changed'} while asleep; left as it is`,
          }),
        );
      }
      await deps.snapshots.settleEntry(loaded, entry.workload, 'kept-manual-change');
      return 'settled';
    case 'restore': {
      const scaler = scalers[kind];
      // After a 409 the write goes ahead only if the fresh object still holds nsscaler's value.
      const result = await writeWithRetry(
        deps,
        scaler,
        object as NonNullable<typeof object>,
        decision.value,
        (fresh) => decideWake(entry, fresh).type === 'restore',
      );
      if (result === 'not-wanted') return 'deferred';
      if (decision.clampedFrom !== undefined && decision.value.state === 'present') {
        await deps.events.emit(
          namespaceEvent(target, {
            type: 'Warning',
            reason: 'MinReplicasClamped',
            action: 'Wake',
            note: `${key}: minReplicas ${decision.clampedFrom} is above maxReplicas; restored ${String(decision.value.value)}`,
          }),
        );
      }
      await deps.snapshots.settleEntry(
        loaded,
        entry.workload,
        result === 'gone' ? 'kept-manual-change' : 'restored',
      );
      return 'settled';
    }
  }
}

/** R6: workloads asleep at nsscaler's hand that the snapshot does not hold, reported once. */
async function reportUnrecorded(
  deps: OperationDeps,
  target: OperationTarget,
  inventory: Inventory,
  loaded: LoadedSnapshot,
  restoreIncomplete: Set<string>,
): Promise<void> {
  const missing = findUnrecordedSleepers(
    inventory,
    loaded.snapshot.entries,
    target.spec.sleepReplicas ?? 0,
    deps.client.fieldManager,
  );
  for (const key of missing) {
    const line = `${key}: no snapshot entry`;
    if (restoreIncomplete.has(line)) continue;
    restoreIncomplete.add(line);
    await deps.events.emit(
      namespaceEvent(target, {
        type: 'Warning',
        reason: 'RestoreIncomplete',
        action: 'Wake',
        note: `${key} was put to sleep but its snapshot entry is missing; it stays as it is. Restore it by hand.`,
      }),
    );
  }
  for (const defect of loaded.defects) {
    const line = `${defect.part}: ${defect.problem}`;
    if (!restoreIncomplete.has(line)) restoreIncomplete.add(line);
  }
}

function outcome(
  target: OperationTarget,
  state: NamespaceOutcome['state'],
  extra: Partial<NamespaceOutcome> = {},
): NamespaceOutcome {
  return {
    namespace: target.namespace,
    policy: target.policyName,
    state,
    workloads: 0,
    asleepWorkloads: 0,
    restoreIncomplete: [],
    ...extra,
  };
}
