import type {
  Condition,
  EstimatedSavings,
  NamespaceScalingPolicyStatus,
  NamespaceStatus,
} from '../gen/namespace-scaling-policy.ts';
import type { PolicyProblem } from '../policy/problems.ts';
import type { NamespaceSavings } from '../savings/policy-savings.ts';
import { rolledBackCondition } from './rollback-condition.ts';
import type { NamespaceOutcome, Policy } from './types.ts';

export interface StatusInputs {
  policy: Policy;
  problems: readonly PolicyProblem[];
  effectiveTimeZone?: string | undefined;
  nextTransition?: { state: 'Awake' | 'Asleep'; at: Date } | undefined;
  outcomes: readonly NamespaceOutcome[];
  /** Namespaces this policy targets that an older policy owns (C6). */
  conflicts: ReadonlyArray<{ namespace: string; owner: string }>;
  /** Protected namespaces this policy targets (A4). */
  excluded: readonly string[];
  /** A dependency that is failing, such as DynamoDB (O4): sets `Degraded`, naming it. */
  degraded?: { dependency: string; message: string } | undefined;
  /** Estimated savings, in total and per asleep namespace; absent keeps the previous total. */
  savings?:
    { total: EstimatedSavings; namespaces: ReadonlyMap<string, NamespaceSavings> } | undefined;
  now: Date;
}

type ConditionInput = Pick<Condition, 'type' | 'status' | 'reason' | 'message'>;

/**
 * The status a policy should have (pure). Conditions keep their lastTransitionTime while their
 * status does not change, so an unchanged policy yields an identical status and is not written.
 */
export function buildPolicyStatus(inputs: StatusInputs): NamespaceScalingPolicyStatus {
  const { policy, problems, outcomes, conflicts, excluded } = inputs;
  const generation = policy.metadata.generation;
  const namespaces: NamespaceStatus[] = [
    ...outcomes.map((outcome) =>
      namespaceStatus(outcome, inputs.savings?.namespaces.get(outcome.namespace)),
    ),
    ...conflicts.map(({ namespace, owner }) => ({
      name: namespace,
      state: 'Conflict' as const,
      message: `owned by the older policy ${owner}`,
    })),
    ...excluded.map((name) => ({
      name,
      state: 'Excluded' as const,
      message: 'system or controller namespace; never put to sleep',
    })),
  ].sort((a, b) => a.name.localeCompare(b.name));

  const failed = outcomes.filter((outcome) => outcome.state === 'Failed');
  const incomplete = outcomes.flatMap((outcome) =>
    outcome.restoreIncomplete.map((line) => `${outcome.namespace}/${line}`),
  );
  const wanted: ConditionInput[] = [
    problems.length
      ? condition(
          'Invalid',
          'True',
          'InvalidSpec',
          problems.map((p) => `${p.path}: ${p.message}`).join('; '),
        )
      : condition('Invalid', 'False', 'Valid', 'the policy is valid'),
    conflicts.length
      ? condition(
          'Conflict',
          'True',
          'NamespaceOwnedElsewhere',
          conflicts.map((c) => `${c.namespace} (owned by ${c.owner})`).join(', '),
        )
      : condition('Conflict', 'False', 'NoConflict', 'no namespace is claimed by another policy'),
    incomplete.length
      ? condition('RestoreIncomplete', 'True', 'SnapshotEntryMissing', incomplete.join('; '))
      : condition(
          'RestoreIncomplete',
          'False',
          'RestoreComplete',
          'every workload put to sleep can be restored',
        ),
    inputs.degraded
      ? condition(
          'Degraded',
          'True',
          `${inputs.degraded.dependency}Unavailable`,
          inputs.degraded.message,
        )
      : condition('Degraded', 'False', 'DependenciesAvailable', 'every dependency is available'),
    readyCondition(problems.length > 0, failed),
    rolledBackCondition(outcomes),
  ];

  const status: NamespaceScalingPolicyStatus = {
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    conditions: mergeConditions(policy.status?.conditions ?? [], wanted, generation, inputs.now),
    namespaces,
    namespaceCount: outcomes.length,
    asleepCount: outcomes.filter((outcome) => outcome.state === 'Asleep').length,
  };
  if (inputs.effectiveTimeZone) status.effectiveTimeZone = inputs.effectiveTimeZone;
  if (inputs.nextTransition) {
    status.nextTransition = {
      state: inputs.nextTransition.state,
      time: inputs.nextTransition.at.toISOString(),
    };
  }
  const estimatedSavings = inputs.savings?.total ?? policy.status?.estimatedSavings;
  if (estimatedSavings) status.estimatedSavings = estimatedSavings;
  return status;
}

function readyCondition(invalid: boolean, failed: readonly NamespaceOutcome[]): ConditionInput {
  if (invalid)
    return condition('Ready', 'False', 'InvalidSpec', 'the policy is invalid; nothing is scaled');
  if (failed.length) {
    const names = failed.map((outcome) => `${outcome.namespace}: ${outcome.message ?? 'failed'}`);
    return condition('Ready', 'False', 'NamespaceFailed', names.join('; '));
  }
  return condition(
    'Ready',
    'True',
    'Reconciled',
    'every namespace is in the state the schedule wants',
  );
}

function namespaceStatus(
  outcome: NamespaceOutcome,
  savings: NamespaceSavings | undefined,
): NamespaceStatus {
  const status: NamespaceStatus = {
    name: outcome.namespace,
    state: outcome.state,
    workloads: outcome.workloads,
    asleepWorkloads: outcome.asleepWorkloads,
  };
  if (outcome.since) status.since = outcome.since;
  if (outcome.lastOperationId) status.lastOperationId = outcome.lastOperationId;
  if (outcome.message) status.message = outcome.message;
  if (savings) status.savings = savings;
  if (outcome.lockedUntil) status.lockedUntil = outcome.lockedUntil;
  return status;
}

function condition(
  type: string,
  status: Condition['status'],
  reason: string,
  message: string,
): ConditionInput {
  return { type, status, reason, message: message.slice(0, 32_000) };
}

function mergeConditions(
  existing: readonly Condition[],
  wanted: readonly ConditionInput[],
  generation: number | undefined,
  now: Date,
): Condition[] {
  return wanted.map((next) => {
    const previous = existing.find((candidate) => candidate.type === next.type);
    const unchanged = previous !== undefined && previous.status === next.status;
    return {
      ...next,
      ...(generation !== undefined ? { observedGeneration: generation } : {}),
      lastTransitionTime: unchanged
        ? previous.lastTransitionTime
        : now.toISOString().replace(/\.\d+Z$/, 'Z'),
    };
  });
}
