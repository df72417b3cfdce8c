import { countsTowardRollback } from './failure-counter.ts';
import { notifyOutcome } from './notify.ts';
import type { OperationDeps, OperationTarget } from './operation.ts';
import { namespaceEvent } from './operation.ts';
import type { Rollbacks } from './rollbacks.ts';
import { defaultMaxConsecutiveFailures } from './rollbacks.ts';
import type { NamespaceOutcome } from './types.ts';

/** What the failure handling of a namespace reconcile works with. */
export interface FailureContext {
  deps: OperationDeps;
  rollbacks: Rollbacks;
  /** Records the namespace as Failed after repeated failures with rollback disabled. */
  reportFailed(
    target: OperationTarget,
    operation: 'sleep' | 'wake',
    message: string,
  ): Promise<void>;
}

/**
 * A sleep or wake whose reconcile threw: notified, counted when the operation itself failed
 * (not a dependency that is down, see `countsTowardRollback`), and after
 * `rollback.maxConsecutiveFailures` in a row rolled back (O2), or reported Failed when the
 * policy disabled rollback. Returns the outcome to record instead of retrying, if any.
 */
export async function afterFailure(
  context: FailureContext,
  target: OperationTarget,
  operation: 'sleep' | 'wake',
  err: unknown,
): Promise<NamespaceOutcome | undefined> {
  const reason = err instanceof Error ? err.message : String(err);
  const outcome = operation === 'sleep' ? 'SleepFailed' : 'WakeFailed';
  if (!countsTowardRollback(err)) {
    notifyOutcome(context.deps, target, outcome, {
      summary: `the ${operation} is waiting for a dependency: ${reason}`,
      action: 'retrying with backoff; nothing is rolled back while a dependency is down',
      nextStep: 'Check the API server and the snapshot store (the policy condition Degraded).',
    });
    return undefined;
  }
  const failures = context.rollbacks.failures.recordFailure(target.namespace, operation);
  const settings = target.spec.rollback;
  const max = settings?.maxConsecutiveFailures ?? defaultMaxConsecutiveFailures;
  const enabled = settings?.enabled ?? true;
  const why = `the ${operation} failed ${failures} time(s) in a row: ${reason}`;
  notifyOutcome(context.deps, target, outcome, {
    summary: why,
    action:
      failures >= max && enabled
        ? 'rolling the namespace back to its state before the operation'
        : failures >= max
          ? 'nothing: rollback is disabled for this policy; retrying with backoff'
          : `retrying with backoff; rolled back after ${max} failures in a row`,
    nextStep: 'Look at the Events and the controller log with this correlation id.',
  });
  if (failures < max) return undefined;
  if (enabled) return context.rollbacks.rollBack(target, 'RepeatedFailures', operation, why);
  await context.reportFailed(target, operation, `${why}; rollback is disabled`);
  return undefined;
}

/** A wake that failed health validation (O1): rolled back, or Failed when rollback is off. */
export async function afterHealthFailure(
  context: FailureContext,
  target: OperationTarget,
  outcome: NamespaceOutcome,
): Promise<NamespaceOutcome> {
  const enabled = target.spec.rollback?.enabled ?? true;
  notifyOutcome(context.deps, target, 'HealthCheckFailed', {
    summary: `the wake failed health validation: ${outcome.healthFailure ?? ''}`,
    action: enabled
      ? 'rolling the namespace back to its sleep state'
      : 'nothing: rollback is disabled for this policy; the namespace stays as it is',
    nextStep: 'Find out why the workloads named are not ready, then wake the namespace again.',
  });
  if (!enabled) return { ...outcome, message: `${outcome.message ?? ''}; rollback is disabled` };
  const why = `the wake failed health validation: ${outcome.healthFailure ?? ''}`;
  return context.rollbacks.rollBack(target, 'HealthCheckFailed', 'wake', why);
}

/**
 * While the policy is deleted with `onDelete: Wake`, or once no policy owns the namespace, a
 * wake that fails validation is not rolled back (that would keep the policy from going, or the
 * namespace asleep for ever): the snapshot ends with what was restored, and a Warning Event
 * names the laggards.
 */
export async function leaveAwake(
  deps: OperationDeps,
  target: OperationTarget,
  outcome: NamespaceOutcome,
): Promise<NamespaceOutcome> {
  const active = await deps.snapshots.getActive(target.namespace);
  if (active) await deps.snapshots.finish(active);
  const note = `no policy keeps the namespace asleep; woken although ${outcome.healthFailure ?? ''}`;
  await deps.events.emit(
    namespaceEvent(target, {
      type: 'Warning',
      reason: 'HealthCheckFailed',
      action: 'Wake',
      note,
    }),
  );
  return { ...outcome, state: 'Awake', healthFailure: undefined, message: note };
}
