import type { Condition } from '../gen/namespace-scaling-policy.ts';
import type { NamespaceOutcome } from './types.ts';

/**
 * The policy condition `RolledBack` (O2): True while a namespace of the policy is locked after a
 * rollback, naming each such namespace, its trigger and when its lock ends; False otherwise.
 */
export function rolledBackCondition(
  outcomes: readonly NamespaceOutcome[],
): Pick<Condition, 'type' | 'status' | 'reason' | 'message'> {
  const locked = outcomes.filter((outcome) => outcome.rolledBack && outcome.lockedUntil);
  if (locked.length === 0) {
    return {
      type: 'RolledBack',
      status: 'False',
      reason: 'NoRecentRollback',
      message: 'no namespace is locked after a rollback',
    };
  }
  const lines = locked.map(
    (outcome) =>
      `${outcome.namespace} (trigger ${outcome.rolledBack?.trigger ?? 'unknown'}, locked until ${outcome.lockedUntil ?? ''})`,
  );
  const [first] = locked;
  return {
    type: 'RolledBack',
    status: 'True',
    reason: locked.length === 1 && first?.rolledBack ? first.rolledBack.trigger : 'Several',
    message: `rolled back: ${lines.join(', ')}`.slice(0, 32_000),
  };
}
