import { randomBytes } from 'node:crypto';

import {
  countByKind,
  describeLeftAlone,
  observedKinds,
  takeInventory,
} from '../scaling/inventory.ts';
import { planSleep } from '../scaling/plan.ts';
import type { SleepWrite } from '../scaling/plan.ts';
import { isConflict, isNotFound } from '../k8s/errors.ts';
import { sameFieldState } from '../scaling/scaler.ts';
import type { WorkloadObject } from '../scaling/workload.ts';
import { entryKey, present } from '../snapshots/types.ts';
import type { LoadedSnapshot, SnapshotEntry } from '../snapshots/types.ts';
import { managersOf } from './field-managers.ts';
import { defaultHealthTimeoutSeconds, describeSleepLaggard } from './health-validation.ts';
import { findUnrecordedSleepers } from './missing-entries.ts';
import { notifyOutcome } from './notify.ts';
import type { OperationDeps, OperationTarget } from './operation.ts';
import { forEachLimited, namespaceEvent, writeConcurrency } from './operation.ts';
import type { NamespaceOutcome } from './types.ts';

export function newOperationId(now: Date): string {
  return `${now.getTime().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/**
 * Puts a namespace to sleep, or keeps it asleep. The first reconcile of a sleep records every
 * workload in a new snapshot before anything is written (R1); later reconciles in the same sleep
 * add only workloads the snapshot does not hold (R2) and put back to sleep what was woken,
 * at most three times per workload per sleep (C5).
 */
export async function sleepNamespace(
  deps: OperationDeps,
  target: OperationTarget,
): Promise<NamespaceOutcome> {
  const { namespace, spec } = target;
  const sleepReplicas = spec.sleepReplicas ?? 0;
  const kinds = observedKinds(spec);
  await deps.workloads.ensureKinds(kinds);
  const inventory = takeInventory(spec, deps.workloads.inNamespace(kinds, namespace));

  let loaded = await deps.snapshots.getActive(namespace);
  const planned = planSleep(inventory, loaded?.snapshot, sleepReplicas);
  // R2: a workload nsscaler itself put to sleep whose entry was lost is never recorded again with
  // its sleeping value as an "original"; the wake reports it instead (R6).
  const unrecorded = new Set(
    findUnrecordedSleepers(
      inventory,
      loaded?.snapshot.entries ?? [],
      sleepReplicas,
      deps.client.fieldManager,
    ),
  );
  planned.newEntries = planned.newEntries.filter(
    (entry) => !unrecorded.has(entryKey(entry.workload)),
  );
  if (spec.dryRun) {
    return outcome(target, loaded ? 'Asleep' : 'Awake', inventory.managed.length, 0, {
      message: `dry run: would put ${planned.writes.length} workload(s) to sleep`,
    });
  }

  const acted = !loaded;
  if (!loaded) {
    const now = deps.now();
    loaded = await deps.snapshots.create({
      namespace,
      policy: target.policyName,
      operationId: newOperationId(now),
      takenAt: now.toISOString(),
      state: 'active',
      entries: planned.newEntries,
    });
    countSkipped(deps, planned.newEntries);
    deps.logger.info(
      { operation: 'sleep', entries: planned.newEntries.length, writes: planned.writes.length },
      'snapshot taken; putting the namespace to sleep',
    );
  } else if (planned.newEntries.length > 0) {
    countSkipped(deps, planned.newEntries);
    await deps.snapshots.addEntries(loaded, planned.newEntries);
    deps.logger.info({ operation: 'sleep', added: planned.newEntries.length }, 'snapshot extended');
  }

  const snapshot = loaded.snapshot;
  const plan = planSleep(inventory, snapshot, sleepReplicas);
  const contested: string[] = [];
  const errors = await forEachLimited(plan.writes, writeConcurrency, async (write) => {
    const key = entryKey(write.entry.workload);
    if (!deps.contests.canWrite(snapshot.operationId, key)) {
      contested.push(key);
      await reportContested(deps, target, snapshot.operationId, write);
      return;
    }
    const cacheKey = `${namespace}/${key}`;
    const { resourceVersion } = write.workload.object.metadata;
    if (deps.expectations.isStale(cacheKey, resourceVersion)) return;
    const written = await sleepWorkload(deps, loaded, write, sleepReplicas);
    deps.expectations.recordWrite(cacheKey, written);
  });
  if (errors.length > 0) throw new AggregateError(errors, `${errors.length} sleep write(s) failed`);

  const asleep = snapshot.entries.filter((entry) => entry.action.type !== 'left-alone').length;
  const skipped = describeLeftAlone(inventory);
  if (acted && skipped.length > 0) {
    await deps.events.emit(
      namespaceEvent(target, {
        type: 'Normal',
        reason: 'WorkloadsLeftAlone',
        action: 'Sleep',
        note: `left alone: ${skipped.join(', ')}`,
      }),
    );
  }
  const notes = [
    skipped.length ? `left alone: ${skipped.join(', ')}` : '',
    contested.length ? `contested, gave up: ${contested.join(', ')}` : '',
    await checkSleepTargets(deps, target, snapshot),
  ].filter(Boolean);
  return outcome(target, 'Asleep', inventory.managed.length + skipped.length, asleep, {
    workloadsByKind: countByKind(inventory),
    acted,
    since: snapshot.takenAt,
    lastOperationId: snapshot.operationId,
    message: notes.join('; ') || undefined,
  });
}

/**
 * Writes one workload's sleep value. A write that loses a race (409) re-reads the workload and
 * tries again (C7). If the workload changed between the snapshot and nsscaler's first write in
 * this sleep (a user scaled it at the moment of sleep, G19), its entry is re-recorded with the new
 * value before the write, so the snapshot holds what the user set, never the sleep value.
 */
async function sleepWorkload(
  deps: OperationDeps,
  loaded: LoadedSnapshot,
  write: SleepWrite,
  sleepReplicas: number,
): Promise<string | undefined> {
  const { scaler, kind } = write.workload;
  const operationId = loaded.snapshot.operationId;
  const key = entryKey(write.entry.workload);
  const firstWrite = deps.contests.attempts(operationId, key) === 0;
  let object = write.workload.object;
  let entry = write.entry;

  for (let attempt = 1; ; attempt += 1) {
    const current = scaler.current(object);
    if (scaler.sleepValue(current, sleepReplicas) === undefined) return undefined;
    const original = scaler.original(object);
    if (firstWrite && current.state === 'present' && !sameFieldState(original, entry.original)) {
      entry = { ...entry, original } as SnapshotEntry;
      await deps.snapshots.replacePendingEntry(loaded, entry);
      deps.logger.info(
        { kind, name: object.metadata.name },
        'changed before its first sleep write; original re-recorded',
      );
    }
    try {
      const stored = await scaler.write(deps.client, object, present(write.value));
      // Only a write that landed counts towards C5: one the API server refused undid nothing.
      deps.contests.recordWrite(operationId, key);
      deps.logger.debug(
        { kind, name: object.metadata.name, resourceVersion: stored.metadata.resourceVersion },
        'sleep value written',
      );
      return stored.metadata.resourceVersion;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      if (!isConflict(err) || attempt >= 5) throw err;
    }
    try {
      object = await deps.client.get<WorkloadObject>(
        scaler.resource,
        object.metadata.namespace,
        object.metadata.name,
      );
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }
}

/**
 * After a sleep (O1): Deployments and StatefulSets whose pods are not down to the sleep target
 * yet. Within `healthCheck.timeoutSeconds` of the snapshot that is normal and nothing is said, so
 * pods draining one by one never rewrite the policy status. Past it the status names them (by
 * name only, which changes no more often than a workload finishes), and once per sleep a Warning
 * Event gives their pod counts.
 */
async function checkSleepTargets(
  deps: OperationDeps,
  target: OperationTarget,
  snapshot: LoadedSnapshot['snapshot'],
): Promise<string> {
  const timeoutSeconds = target.spec.healthCheck?.timeoutSeconds ?? defaultHealthTimeoutSeconds;
  const elapsedMs = deps.now().getTime() - Date.parse(snapshot.takenAt);
  if (elapsedMs < timeoutSeconds * 1000) return '';

  const laggards: string[] = [];
  const names: string[] = [];
  for (const entry of snapshot.entries) {
    if (entry.field !== 'replicas' || entry.action.type === 'left-alone') continue;
    const { kind, name } = entry.workload;
    const object = deps.workloads.get(kind, target.namespace, name);
    const late = object && describeSleepLaggard(kind, object, entry.action.setTo);
    if (!late) continue;
    laggards.push(late);
    names.push(entryKey(entry.workload));
  }
  if (laggards.length === 0) return '';

  const late = `not down to the sleep target within ${timeoutSeconds} s`;
  if (deps.memory.reportOnce(snapshot.operationId, 'sleep incomplete')) {
    deps.logger.warn({ operation: 'sleep', laggards }, 'sleep targets not reached in time');
    const note = `${late}: ${laggards.join(', ')}`;
    await deps.events.emit(
      namespaceEvent(target, { type: 'Warning', reason: 'SleepIncomplete', action: 'Sleep', note }),
    );
  }
  return `${late}: ${names.join(', ')}`;
}

function countSkipped(deps: OperationDeps, entries: readonly SnapshotEntry[]): void {
  for (const entry of entries) {
    if (entry.action.type === 'left-alone') {
      deps.metrics.workloadsSkipped.inc({ reason: entry.action.reason });
    }
  }
}

async function reportContested(
  deps: OperationDeps,
  target: OperationTarget,
  operationId: string,
  write: SleepWrite,
): Promise<void> {
  const key = entryKey(write.entry.workload);
  if (!deps.memory.reportOnce(operationId, `contested ${key}`)) return;
  const others = managersOf(write.workload.object, write.entry.field).filter(
    (manager) => manager !== deps.client.fieldManager,
  );
  const by = others[0] ?? 'an unknown writer';
  deps.logger.warn(
    { kind: write.workload.kind, name: write.workload.object.metadata.name, by },
    'contested',
  );
  await deps.events.emit(
    namespaceEvent(target, {
      type: 'Warning',
      reason: 'SleepContested',
      action: 'Sleep',
      note: `${key}: field manager "${by}" keeps undoing the sleep; nsscaler stopped after 3 attempts until the next sleep`,
    }),
  );
  notifyOutcome(deps, target, 'Contested', {
    summary: `${key}: field manager "${by}" keeps undoing the sleep`,
    action: 'stopped after 3 attempts; the workload stays awake until the next sleep',
    nextStep: `Stop "${by}" from managing the replicas of ${key}, or exclude the workload.`,
  });
}

function outcome(
  target: OperationTarget,
  state: NamespaceOutcome['state'],
  workloads: number,
  asleepWorkloads: number,
  extra: Partial<NamespaceOutcome> = {},
): NamespaceOutcome {
  return {
    namespace: target.namespace,
    policy: target.policyName,
    state,
    workloads,
    asleepWorkloads,
    restoreIncomplete: [],
    ...extra,
  };
}
