import type { Informer } from '../k8s/informer.ts';
import { validatePolicySpec } from '../policy/validate.ts';
import { computeDesiredState } from '../schedule/compute-desired-state.ts';
import { ManualRollbacks } from './manual-rollback.ts';
import { readNamespaceSettings } from './namespace-annotations.ts';
import { notifyOutcome } from './notify.ts';
import type { OperationDeps, OperationTarget } from './operation.ts';
import { namespaceEvent } from './operation.ts';
import { assignNamespace } from './ownership.ts';
import { afterFailure, afterHealthFailure, leaveAwake } from './failure-handling.ts';
import type { FailureContext } from './failure-handling.ts';
import { Rollbacks } from './rollbacks.ts';
import { sleepNamespace } from './sleep.ts';
import type { NamespaceObject, NamespaceOutcome, Policy } from './types.ts';
import { wakeNamespace } from './wake.ts';

/** Reconciles are repeated at least this often, whatever the schedule says. */
export const resyncMs = 10 * 60_000;

export interface NamespaceReconcilerDeps extends OperationDeps {
  namespaces: Informer<NamespaceObject>;
  policies: Informer<Policy>;
  protectedNamespaces: ReadonlySet<string>;
  defaultTimeZone?: string | undefined;
  /** Called with each outcome, so the owning policy's status can be updated. */
  report(outcome: NamespaceOutcome | { namespace: string; removed: true }): void;
}

/**
 * Brings one namespace to the state its policy wants now (S1: level-triggered, so a late or
 * missed reconcile converges to the schedule's current answer), then asks to run again at the
 * next transition. Everything about one namespace is decided here; failures are thrown and the
 * queue retries them with backoff.
 */
export class NamespaceReconciler {
  private readonly deps: NamespaceReconcilerDeps;
  private readonly restoreIncomplete = new Map<string, Set<string>>();
  private readonly lastState = new Map<string, string>();
  private readonly operationStarted = new Map<string, { operation: string; at: number }>();
  private readonly rollbacks: Rollbacks;
  /** What the last wake's validation said (such as "judged on readiness alone"), kept for status. */
  private readonly wakeNotes = new Map<string, string>();
  private readonly manual: ManualRollbacks;
  private readonly failureContext: FailureContext;

  constructor(deps: NamespaceReconcilerDeps) {
    this.deps = deps;
    this.rollbacks = new Rollbacks(deps);
    this.manual = new ManualRollbacks(deps, this.rollbacks);
    this.failureContext = {
      deps,
      rollbacks: this.rollbacks,
      reportFailed: (target, failedOperation, message) =>
        this.record(target, { ...this.base(target), state: 'Failed', failedOperation, message }),
    };
  }

  async reconcile(name: string): Promise<{ requeueAfterMs?: number }> {
    const { deps } = this;
    const namespace = deps.namespaces.get(name);
    if (!namespace || namespace.metadata.deletionTimestamp) {
      this.forget(name);
      return {};
    }

    const assignment = assignNamespace(namespace, deps.policies.list(), deps.protectedNamespaces);
    const settings = readNamespaceSettings(namespace);
    const policy = assignment.owner;
    if (!policy) return this.reconcileUnowned(name, settings);

    const target: OperationTarget = {
      namespace: name,
      policyName: policy.metadata.name,
      policyUid: policy.metadata.uid,
      spec: policy.spec,
    };
    if (!settings.valid) {
      await this.record(target, {
        ...this.base(target),
        state: 'Failed',
        invalid: settings.problems.join('; '),
        message: settings.problems.join('; '),
      });
      return { requeueAfterMs: resyncMs };
    }
    if (settings.settings.excluded) {
      const woken = await wakeNamespace(deps, target, this.incompleteOf(name));
      await this.record(target, {
        ...woken,
        state: woken.state === 'Awake' ? 'Excluded' : woken.state,
      });
      return { requeueAfterMs: resyncMs };
    }
    const problems = validatePolicySpec(policy.spec);
    if (problems.length > 0) {
      await this.record(target, {
        ...this.base(target),
        state: 'Failed',
        message: 'the policy is invalid; nothing is scaled',
      });
      return {};
    }

    const now = deps.now();
    const decision = computeDesiredState(policy.spec, name, now, deps.defaultTimeZone);
    const deleting = policy.metadata.deletionTimestamp !== undefined;
    const onDelete = policy.spec.onDelete ?? 'Wake';
    if (deleting && onDelete === 'KeepAsleep') return {};
    const desired = deleting ? 'Awake' : decision.state;

    if (policy.spec.suspend) {
      const active = await deps.snapshots.getActive(name);
      await this.record(target, {
        ...this.base(target),
        state: active ? 'Asleep' : 'Awake',
        message: 'the policy is suspended',
      });
      return { requeueAfterMs: resyncMs };
    }

    // A person's rollback goes first, even while locked (O2); a lock then holds off the schedule.
    const rolledBack = await this.manual.run(target, policy);
    if (rolledBack) return this.recordLocked(target, rolledBack, now);
    const lock = this.rollbacks.locks.current(name, policy, now);
    if (lock && !deleting) {
      return this.recordLocked(target, await this.rollbacks.lockedOutcome(target, lock), now);
    }

    const operation = desired === 'Asleep' ? 'sleep' : 'wake';
    const began = performance.now();
    const incomplete = this.incompleteOf(name).size;
    let outcome: NamespaceOutcome;
    try {
      if (desired === 'Asleep') {
        this.restoreIncomplete.delete(name);
        this.wakeNotes.delete(name);
        outcome = await sleepNamespace(deps, target);
      } else {
        outcome = this.keepWakeNote(
          name,
          await wakeNamespace(deps, target, this.incompleteOf(name)),
        );
        if (outcome.state === 'Awake' && decision.since) {
          outcome.since ??= decision.since.toISOString();
        }
      }
    } catch (err) {
      deps.metrics.scalingOperations.inc({ operation, result: 'error' });
      const failed = await afterFailure(this.failureContext, target, operation, err);
      if (failed) return this.recordLocked(target, failed, now);
      throw err;
    }
    this.rollbacks.failures.reset(name);
    this.notifyIncomplete(target, incomplete);
    if (outcome.healthFailure) {
      outcome = deleting
        ? await leaveAwake(deps, target, outcome)
        : await afterHealthFailure(this.failureContext, target, outcome);
      if (outcome.lockedUntil) {
        deps.metrics.scalingOperations.inc({ operation, result: 'error' });
        return this.recordLocked(target, outcome, now);
      }
    }
    this.measure(name, operation, outcome, began);
    await this.record(target, outcome);

    if (outcome.state === 'Waking') {
      return {
        requeueAfterMs: Math.max(50, Math.min(5_000, (outcome.checkAgainInMs ?? 5_000) + 50)),
      };
    }
    if (outcome.state === 'Failed') return { requeueAfterMs: resyncMs };
    const untilNext = decision.next ? decision.next.at.getTime() - now.getTime() + 50 : resyncMs;
    return { requeueAfterMs: Math.max(50, Math.min(untilNext, resyncMs)) };
  }

  /** Keeps the note of the wake that finished, for the later reconciles of the awake namespace. */
  private keepWakeNote(namespace: string, outcome: NamespaceOutcome): NamespaceOutcome {
    if (outcome.state !== 'Awake') return outcome;
    if (outcome.acted) {
      if (outcome.message) this.wakeNotes.set(namespace, outcome.message);
      else this.wakeNotes.delete(namespace);
      return outcome;
    }
    const note = this.wakeNotes.get(namespace);
    return note && !outcome.message ? { ...outcome, message: note } : outcome;
  }

  /** Records the outcome of a locked namespace and comes back when the lock ends. */
  private async recordLocked(
    target: OperationTarget,
    outcome: NamespaceOutcome,
    now: Date,
  ): Promise<{ requeueAfterMs?: number }> {
    this.operationStarted.delete(target.namespace);
    await this.record(target, outcome);
    if (!outcome.lockedUntil) return { requeueAfterMs: resyncMs };
    const untilUnlock = Date.parse(outcome.lockedUntil) - now.getTime() + 50;
    return { requeueAfterMs: Math.max(50, Math.min(untilUnlock, resyncMs)) };
  }

  /** R6: notifies the workloads a wake could not restore, once each. */
  private notifyIncomplete(target: OperationTarget, before: number): void {
    const lines = [...this.incompleteOf(target.namespace)].slice(before);
    if (lines.length === 0) return;
    notifyOutcome(this.deps, target, 'RestoreIncomplete', {
      summary: `the wake could not restore ${lines.join('; ')}`,
      action: 'restored every other workload and left these as they are',
      nextStep: 'Restore the workloads named by hand; their originals are in the snapshot history.',
    });
  }

  /**
   * A namespace no policy owns. If it is still asleep (its policy was deleted with `onDelete:
   * Wake`, or it no longer matches), it is woken with default settings, unless a policy deleted
   * with `onDelete: KeepAsleep` left it asleep on purpose.
   */
  private async reconcileUnowned(
    name: string,
    settings: ReturnType<typeof readNamespaceSettings>,
  ): Promise<{ requeueAfterMs?: number }> {
    this.deps.report({ namespace: name, removed: true });
    if (!settings.valid || settings.settings.keptAsleepBy !== undefined) return {};
    const active = await this.deps.snapshots.getActive(name);
    if (!active) return {};
    const target: OperationTarget = {
      namespace: name,
      policyName: active.snapshot.policy,
      spec: {},
    };
    const outcome = await wakeNamespace(this.deps, target, this.incompleteOf(name));
    // No policy to roll back under: a wake that fails validation is left awake, and said so.
    if (outcome.healthFailure) await leaveAwake(this.deps, target, outcome);
    return outcome.state === 'Waking' ? { requeueAfterMs: 5_000 } : {};
  }

  /**
   * Counts a sleep or wake when it ends, timed from the first reconcile that worked on it (a
   * wake that waits for readiness spans several reconciles).
   */
  private measure(
    namespace: string,
    operation: 'sleep' | 'wake',
    outcome: NamespaceOutcome,
    began: number,
  ) {
    const endState = operation === 'sleep' ? 'Asleep' : 'Awake';
    const started = this.operationStarted.get(namespace);
    if (outcome.state !== endState) {
      if (started?.operation !== operation)
        this.operationStarted.set(namespace, { operation, at: began });
      return;
    }
    this.operationStarted.delete(namespace);
    if (!outcome.acted) return;
    const at = started?.operation === operation ? started.at : began;
    this.deps.metrics.scalingOperations.inc({ operation, result: 'success' });
    this.deps.metrics.scalingOperationDuration.observe(
      { operation },
      (performance.now() - at) / 1000,
    );
  }

  private base(target: OperationTarget): NamespaceOutcome {
    return {
      namespace: target.namespace,
      policy: target.policyName,
      state: 'Awake',
      workloads: 0,
      asleepWorkloads: 0,
      restoreIncomplete: [...this.incompleteOf(target.namespace)],
    };
  }

  private incompleteOf(namespace: string): Set<string> {
    let set = this.restoreIncomplete.get(namespace);
    if (!set) {
      set = new Set();
      this.restoreIncomplete.set(namespace, set);
    }
    return set;
  }

  /** Reports the outcome, and on a change of state writes an Event and a log line (O4). */
  private async record(target: OperationTarget, outcome: NamespaceOutcome): Promise<void> {
    this.deps.report(outcome);
    const state = `${outcome.state}|${outcome.invalid ?? ''}`;
    if (this.lastState.get(target.namespace) === state) return;
    this.lastState.set(target.namespace, state);
    this.deps.logger.info(
      { operation: 'transition', state: outcome.state, message: outcome.message },
      `namespace ${outcome.state}`,
    );
    const warning = outcome.state === 'Failed';
    if (outcome.state === 'Asleep' || outcome.state === 'Awake') {
      notifyOutcome(this.deps, target, 'Transition', {
        summary: `the namespace is ${outcome.state}`,
        action: outcome.message ?? `the namespace is ${outcome.state}`,
        nextStep: 'Nothing to do.',
      });
    }
    await this.deps.events.emit(
      namespaceEvent(target, {
        type: warning ? 'Warning' : 'Normal',
        reason: warning ? failureReason(outcome) : `Namespace${outcome.state}`,
        action: outcome.state === 'Asleep' ? 'Sleep' : outcome.state === 'Failed' ? 'Skip' : 'Wake',
        note: outcome.message ?? `namespace is ${outcome.state}`,
      }),
    );
  }

  /** Reads the rollback locks back from the policies' status (a new leader, a restart). */
  seedLocks(): void {
    this.rollbacks.locks.seed(this.deps.policies.list(), this.deps.now());
  }

  forget(name: string): void {
    this.lastState.delete(name);
    this.rollbacks.locks.forget(name);
    this.wakeNotes.delete(name);
    this.rollbacks.failures.reset(name);
    this.restoreIncomplete.delete(name);
    this.deps.snapshots.forget(name);
    this.deps.report({ namespace: name, removed: true });
  }
}

function failureReason(outcome: NamespaceOutcome): string {
  if (outcome.invalid) return 'InvalidNamespaceConfiguration';
  if (outcome.healthFailure) return 'HealthCheckFailed';
  if (outcome.failedOperation)
    return outcome.failedOperation === 'sleep' ? 'SleepFailed' : 'WakeFailed';
  return 'PolicyInvalid';
}
