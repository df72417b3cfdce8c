import type { Informer } from '../k8s/informer.ts';
import { validatePolicySpec } from '../policy/validate.ts';
import { computeDesiredState } from '../schedule/compute-desired-state.ts';
import { readNamespaceSettings } from './namespace-annotations.ts';
import type { OperationDeps, OperationTarget } from './operation.ts';
import { namespaceEvent } from './operation.ts';
import { assignNamespace } from './ownership.ts';
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

  constructor(deps: NamespaceReconcilerDeps) {
    this.deps = deps;
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

    const operation = desired === 'Asleep' ? 'sleep' : 'wake';
    const began = performance.now();
    let outcome: NamespaceOutcome;
    try {
      if (desired === 'Asleep') {
        this.restoreIncomplete.delete(name);
        outcome = await sleepNamespace(deps, target);
      } else {
        outcome = await wakeNamespace(deps, target, this.incompleteOf(name));
        if (outcome.state === 'Awake' && decision.since) {
          outcome.since ??= decision.since.toISOString();
        }
      }
    } catch (err) {
      deps.metrics.scalingOperations.inc({ operation, result: 'error' });
      throw err;
    }
    this.measure(name, operation, outcome, began);
    await this.record(target, outcome);

    if (outcome.state === 'Waking') return { requeueAfterMs: 5_000 };
    const untilNext = decision.next ? decision.next.at.getTime() - now.getTime() + 50 : resyncMs;
    return { requeueAfterMs: Math.max(50, Math.min(untilNext, resyncMs)) };
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
    await this.deps.events.emit(
      namespaceEvent(target, {
        type: warning ? 'Warning' : 'Normal',
        reason: warning ? failureReason(outcome) : `Namespace${outcome.state}`,
        action: outcome.state === 'Asleep' ? 'Sleep' : outcome.state === 'Failed' ? 'Skip' : 'Wake',
        note: outcome.message ?? `namespace is ${outcome.state}`,
      }),
    );
  }

  forget(name: string): void {
    this.lastState.delete(name);
    this.restoreIncomplete.delete(name);
    this.deps.snapshots.forget(name);
    this.deps.report({ namespace: name, removed: true });
  }
}

function failureReason(outcome: NamespaceOutcome): string {
  if (outcome.invalid) return 'InvalidNamespaceConfiguration';
  return outcome.healthFailure ? 'HealthCheckFailed' : 'PolicyInvalid';
}
