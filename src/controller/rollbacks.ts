import { countByKind, enabledKinds, takeInventory } from '../scaling/inventory.ts';
import type { LoadedSnapshot } from '../snapshots/types.ts';
import { FailureCounter } from './failure-counter.ts';
import { NamespaceLocks, lockMessage } from './lock.ts';
import type { NamespaceLock } from './lock.ts';
import { notifyOutcome } from './notify.ts';
import type { OperationDeps, OperationTarget } from './operation.ts';
import { namespaceEvent } from './operation.ts';
import { restoreSnapshot, rollBackSleep, rollBackWake } from './rollback.ts';
import type { RollbackWrites } from './rollback.ts';
import type { NamespaceOutcome, RollbackTrigger } from './types.ts';

/** `rollback.coolDownSeconds` when the policy leaves it out (the CRD's default). */
export const defaultCoolDownSeconds = 1800;
/** `rollback.maxConsecutiveFailures` when the policy leaves it out (the CRD's default). */
export const defaultMaxConsecutiveFailures = 3;

/**
 * Rolls namespaces back (O2) and keeps what follows from it: the lock against automatic
 * operations for the cool-down, the count of failures in a row, and the announcement (Warning
 * Events on the namespace and the policy, `rollbacks_total`, a notification).
 */
export class Rollbacks {
  readonly locks = new NamespaceLocks();
  readonly failures = new FailureCounter();
  private readonly deps: OperationDeps;

  constructor(deps: OperationDeps) {
    this.deps = deps;
  }

  /** An automatic rollback of a failed sleep or wake, back to the state before it. */
  async rollBack(
    target: OperationTarget,
    trigger: Exclude<RollbackTrigger, 'Manual'>,
    failed: 'sleep' | 'wake',
    why: string,
  ): Promise<NamespaceOutcome> {
    const loaded = await this.deps.snapshots.getActive(target.namespace);
    let writes: RollbackWrites;
    if (failed === 'sleep') writes = await rollBackSleep(this.deps, target, loaded);
    else if (loaded) writes = await rollBackWake(this.deps, target, loaded);
    else writes = { state: 'Awake', written: [], skipped: [] };
    const back =
      failed === 'wake' ? 'its sleep state before the wake' : 'its state before the sleep';
    return this.announce(target, trigger, why, `rolled back to ${back}`, writes);
  }

  /** A person's rollback to `chosen`, a snapshot of the namespace's history (R9). */
  async restore(target: OperationTarget, chosen: LoadedSnapshot): Promise<NamespaceOutcome> {
    const writes = await restoreSnapshot(this.deps, target, chosen);
    const { operationId, takenAt } = chosen.snapshot;
    const why = `asked for on the policy`;
    return this.announce(
      target,
      'Manual',
      why,
      `restored the originals of snapshot ${operationId} taken at ${takenAt}`,
      writes,
    );
  }

  /** The outcome of a namespace while its lock holds: its state now, the lock, and why. */
  async lockedOutcome(target: OperationTarget, lock: NamespaceLock): Promise<NamespaceOutcome> {
    const { spec, namespace } = target;
    const kinds = enabledKinds(spec);
    await this.deps.workloads.ensureKinds(kinds);
    const inventory = takeInventory(spec, this.deps.workloads.inNamespace(kinds, namespace));
    const active = await this.deps.snapshots.getActive(namespace);
    const asleep = active?.snapshot.entries.filter((e) => e.action.type !== 'left-alone') ?? [];
    return {
      namespace,
      policy: target.policyName,
      state: active ? 'Asleep' : 'Awake',
      since: lock.at,
      workloads: inventory.managed.length + inventory.leftAlone.length,
      workloadsByKind: countByKind(inventory),
      asleepWorkloads: asleep.length,
      lastOperationId: active?.snapshot.operationId,
      message: lockMessage(lock),
      restoreIncomplete: [],
      lockedUntil: lock.until.toISOString(),
      rolledBack: { trigger: lock.trigger, at: lock.at, detail: lock.detail },
    };
  }

  private async announce(
    target: OperationTarget,
    trigger: RollbackTrigger,
    why: string,
    what: string,
    writes: RollbackWrites,
  ): Promise<NamespaceOutcome> {
    const { deps } = this;
    const now = deps.now();
    const coolDown = target.spec.rollback?.coolDownSeconds ?? defaultCoolDownSeconds;
    const parts = [
      `${why}; ${what}`,
      writes.written.length ? `wrote ${writes.written.join(', ')}` : 'nothing needed writing',
      writes.skipped.length ? `left ${writes.skipped.join(', ')}` : '',
    ];
    const detail = parts.filter(Boolean).join('; ');
    const lock: NamespaceLock = {
      until: new Date(now.getTime() + coolDown * 1000),
      trigger,
      at: now.toISOString(),
      detail,
    };
    this.locks.set(target.namespace, lock);
    this.failures.reset(target.namespace);

    deps.metrics.rollbacks.inc({ trigger });
    deps.logger.warn(
      { operation: 'rollback', trigger, written: writes.written, skipped: writes.skipped },
      `namespace rolled back; locked for ${coolDown} s`,
    );
    const note = `${target.namespace} rolled back (${trigger}): ${detail}; locked until ${lock.until.toISOString()}`;
    const event = { type: 'Warning' as const, reason: 'RolledBack', action: 'Rollback', note };
    await deps.events.emit(namespaceEvent(target, event));
    await deps.events.emit({
      ...event,
      regarding: {
        apiVersion: 'nsscaler.io/v1alpha1',
        kind: 'NamespaceScalingPolicy',
        name: target.policyName,
        uid: target.policyUid,
      },
    });
    notifyOutcome(deps, target, 'RolledBack', {
      summary: why,
      action: `${what}; ${writes.written.length} workload(s) written; automatic sleep and wake wait until ${lock.until.toISOString()}`,
      nextStep:
        'Find out why the operation failed (Events and logs with the correlation id); after the ' +
        'cool-down the schedule takes over again.',
    });
    return this.lockedOutcome(target, lock);
  }
}
