import type { Logger } from 'pino';

import type { NamespaceScalingPolicyStatus } from '../gen/namespace-scaling-policy.ts';
import type { KubeClient } from '../k8s/client.ts';
import { isConflict, isNotFound } from '../k8s/errors.ts';
import type { EventRecorder } from '../k8s/events.ts';
import type { Informer } from '../k8s/informer.ts';
import { resources } from '../k8s/resources.ts';
import { validatePolicySpec } from '../policy/validate.ts';
import {
  computeDesiredState,
  resolveEffectiveTimeZone,
} from '../schedule/compute-desired-state.ts';
import type { SavingsConfig } from '../savings/config.ts';
import type { PolicySavings } from '../savings/policy-savings.ts';
import type { SavingsGauge } from '../telemetry/savings-metrics.ts';
import { namespaceAnnotations, readNamespaceSettings } from './namespace-annotations.ts';
import type { OutcomeBook } from './outcome-book.ts';
import { assignNamespace, policyTargets } from './ownership.ts';
import { estimatePolicySavings, savingsRequeueMs } from './savings-estimate.ts';
import type { SavingsSources } from './savings-estimate.ts';
import type { SnapshotCache } from './snapshot-cache.ts';
import { rollbackAnnotation, rollbackRequestProblem } from './rollback-annotation.ts';
import { buildPolicyStatus } from './status.ts';
import type { NamespaceObject, Policy } from './types.ts';
import { finalizer } from './types.ts';

export interface PolicyReconcilerDeps {
  client: KubeClient;
  policies: Informer<Policy>;
  namespaces: Informer<NamespaceObject>;
  snapshots: SnapshotCache;
  book: OutcomeBook;
  events: EventRecorder;
  logger: Logger;
  protectedNamespaces: ReadonlySet<string>;
  defaultTimeZone?: string | undefined;
  enqueueNamespace(name: string): void;
  /** The failing dependency, if any, for the `Degraded` condition. */
  degradation(): { dependency: string; message: string } | undefined;
  /** Prices and resolution of estimated savings, and where their inputs are read. */
  savings: SavingsConfig;
  savingsSources: SavingsSources;
  savingsGauge?: SavingsGauge | undefined;
  now(): Date;
}

/**
 * Keeps a policy's finalizer and status: applies `onDelete` when the policy is deleted (R5, G24),
 * and writes the status (conditions, namespaces, next transition) only when it changed.
 */
export class PolicyReconciler {
  private readonly deps: PolicyReconcilerDeps;
  private readonly reportedRequests = new Set<string>();

  constructor(deps: PolicyReconcilerDeps) {
    this.deps = deps;
  }

  async reconcile(name: string): Promise<{ requeueAfterMs?: number }> {
    const policy = this.deps.policies.get(name);
    if (!policy) {
      this.deps.savingsGauge?.forget(name);
      return {};
    }
    if (policy.metadata.deletionTimestamp) return this.finalize(policy);
    if (!policy.metadata.finalizers?.includes(finalizer)) {
      await this.setFinalizers(policy, [...(policy.metadata.finalizers ?? []), finalizer]);
    }
    await this.checkRollbackRequest(policy);
    return this.writeStatus(policy);
  }

  /** O5: a rollback annotation that cannot be carried out is a Warning Event, once per value. */
  private async checkRollbackRequest(policy: Policy): Promise<void> {
    const value = policy.metadata.annotations?.[rollbackAnnotation];
    const problem = rollbackRequestProblem(value, this.ownedNamespaces(policy));
    const key = `${policy.metadata.uid ?? policy.metadata.name}/${value ?? ''}`;
    if (!problem || this.reportedRequests.has(key)) return;
    this.reportedRequests.add(key);
    this.deps.logger.warn(
      { operation: 'rollback', annotation: rollbackAnnotation, value },
      problem,
    );
    await this.deps.events.emit({
      type: 'Warning',
      reason: 'InvalidRollbackRequest',
      action: 'Rollback',
      note: problem,
      regarding: {
        apiVersion: 'nsscaler.io/v1alpha1',
        kind: 'NamespaceScalingPolicy',
        name: policy.metadata.name,
        uid: policy.metadata.uid,
      },
    });
  }

  /** The namespaces this policy owns now. */
  private ownedNamespaces(policy: Policy): string[] {
    const policies = this.deps.policies.list();
    return this.deps.namespaces
      .list()
      .filter((namespace) => {
        const owner = assignNamespace(namespace, policies, this.deps.protectedNamespaces).owner;
        return owner?.metadata.name === policy.metadata.name;
      })
      .map((namespace) => namespace.metadata.name);
  }

  private async finalize(policy: Policy): Promise<{ requeueAfterMs?: number }> {
    if (!policy.metadata.finalizers?.includes(finalizer)) return {};
    const owned = this.ownedNamespaces(policy);
    const onDelete = policy.spec.onDelete ?? 'Wake';

    if (onDelete === 'KeepAsleep') {
      for (const namespace of owned) {
        if (!(await this.deps.snapshots.getActive(namespace))) continue;
        await this.deps.client.mergePatch(resources.namespace, undefined, namespace, {
          metadata: { annotations: { [namespaceAnnotations.keptAsleepBy]: policy.metadata.name } },
        });
      }
    } else {
      // A namespace with invalid nsscaler annotations cannot be woken now; it is not waited for.
      // Once its annotations are fixed, it wakes as a namespace no policy owns.
      const stillAsleep: string[] = [];
      for (const namespace of owned) {
        const object = this.deps.namespaces.get(namespace);
        if (object && !readNamespaceSettings(object).valid) continue;
        if (await this.deps.snapshots.getActive(namespace)) stillAsleep.push(namespace);
      }
      if (stillAsleep.length > 0) {
        stillAsleep.forEach((namespace) => this.deps.enqueueNamespace(namespace));
        return { requeueAfterMs: 2_000 };
      }
    }

    await this.setFinalizers(
      policy,
      (policy.metadata.finalizers ?? []).filter((candidate) => candidate !== finalizer),
    );
    this.deps.logger.info({ operation: 'delete', onDelete }, 'policy finalized');
    return {};
  }

  private async setFinalizers(policy: Policy, finalizers: string[]): Promise<void> {
    try {
      await this.deps.client.mergePatch(resources.policy, undefined, policy.metadata.name, {
        metadata: { finalizers, resourceVersion: policy.metadata.resourceVersion },
      });
    } catch (err) {
      if (isNotFound(err)) return;
      // A stale cache lost the race; the informer's next event brings the policy back here.
      if (isConflict(err)) return;
      throw err;
    }
  }

  private async announceConditions(
    policy: Policy,
    status: NamespaceScalingPolicyStatus,
  ): Promise<void> {
    for (const condition of status.conditions ?? []) {
      const reason = announced[condition.type];
      const before = policy.status?.conditions?.find((c) => c.type === condition.type);
      if (!reason || condition.status !== 'True' || before?.status === 'True') continue;
      await this.deps.events.emit({
        type: 'Warning',
        reason,
        action: 'Reconcile',
        note: condition.message,
        regarding: {
          apiVersion: 'nsscaler.io/v1alpha1',
          kind: 'NamespaceScalingPolicy',
          name: policy.metadata.name,
          uid: policy.metadata.uid,
        },
      });
    }
  }

  /** Writes the status if it changed; asks to run again when the savings are next due. */
  private async writeStatus(policy: Policy): Promise<{ requeueAfterMs?: number }> {
    const { deps } = this;
    const now = deps.now();
    const problems = validatePolicySpec(policy.spec);
    const policies = deps.policies.list();
    const conflicts: Array<{ namespace: string; owner: string }> = [];
    const excluded: string[] = [];
    for (const namespace of deps.namespaces.list()) {
      if (!policyTargets(policy, namespace)) continue;
      const name = namespace.metadata.name;
      if (deps.protectedNamespaces.has(name)) {
        excluded.push(name);
        continue;
      }
      const owner = assignNamespace(namespace, policies, deps.protectedNamespaces).owner;
      if (owner && owner.metadata.name !== policy.metadata.name) {
        conflicts.push({ namespace: name, owner: owner.metadata.name });
      }
    }

    const outcomes = deps.book.outcomesOf(policy.metadata.name);
    let effectiveTimeZone: string | undefined;
    let nextTransition: { state: 'Awake' | 'Asleep'; at: Date } | undefined;
    if (problems.length === 0) {
      effectiveTimeZone = resolveEffectiveTimeZone(policy.spec.timeZone, deps.defaultTimeZone);
      for (const name of outcomes.length ? outcomes.map((o) => o.namespace) : ['']) {
        const next = computeDesiredState(policy.spec, name, now, deps.defaultTimeZone).next;
        if (next && (!nextTransition || next.at < nextTransition.at)) nextTransition = next;
      }
    }

    let savings: PolicySavings | undefined;
    if (effectiveTimeZone) {
      savings = await estimatePolicySavings(policy, outcomes, {
        timeZone: effectiveTimeZone,
        now,
        config: deps.savings,
        sources: deps.savingsSources,
      });
      deps.savingsGauge?.set(policy.metadata.name, savings.hourly);
    }
    const requeue = savings
      ? { requeueAfterMs: savingsRequeueMs(savings.nextUpdateAt.getTime() - now.getTime()) }
      : {};

    const status = buildPolicyStatus({
      policy,
      problems,
      effectiveTimeZone,
      nextTransition,
      outcomes,
      conflicts,
      excluded,
      degraded: deps.degradation(),
      savings,
      now,
    });
    if (sameStatus(policy.status, status)) return requeue;
    await this.announceConditions(policy, status);
    try {
      await deps.client.mergePatch(
        resources.policy,
        undefined,
        policy.metadata.name,
        { status },
        'status',
      );
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    return requeue;
  }
}

/** Policy conditions that, when they turn True, are also a Warning Event on the policy (O4). */
const announced: Record<string, string> = {
  Invalid: 'PolicyInvalid',
  Degraded: 'DependencyUnavailable',
  Conflict: 'NamespaceConflict',
  RestoreIncomplete: 'RestoreIncomplete',
};

function sameStatus(
  current: NamespaceScalingPolicyStatus | undefined,
  next: NamespaceScalingPolicyStatus,
): boolean {
  return JSON.stringify(normalize(current ?? {})) === JSON.stringify(normalize(next));
}

function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, normalize(v)]),
    );
  }
  return value;
}
