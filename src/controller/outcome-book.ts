import type { NamespaceOutcome } from './types.ts';

/**
 * The latest outcome of every namespace, grouped by the policy that owns it, so a policy's status
 * is built from what its namespace reconciles found. `onPolicyChanged` is called with the policy
 * whose status may need writing.
 */
export class OutcomeBook {
  private readonly byNamespace = new Map<string, NamespaceOutcome>();
  private readonly onPolicyChanged: (policy: string) => void;

  constructor(onPolicyChanged: (policy: string) => void) {
    this.onPolicyChanged = onPolicyChanged;
  }

  report(outcome: NamespaceOutcome | { namespace: string; removed: true }): void {
    const previous = this.byNamespace.get(outcome.namespace);
    if ('removed' in outcome) {
      if (!previous) return;
      this.byNamespace.delete(outcome.namespace);
      this.onPolicyChanged(previous.policy);
      return;
    }
    this.byNamespace.set(outcome.namespace, outcome);
    if (previous && previous.policy !== outcome.policy) this.onPolicyChanged(previous.policy);
    if (!previous || JSON.stringify(previous) !== JSON.stringify(outcome)) {
      this.onPolicyChanged(outcome.policy);
    }
  }

  outcomesOf(policy: string): NamespaceOutcome[] {
    return [...this.byNamespace.values()].filter((outcome) => outcome.policy === policy);
  }

  all(): NamespaceOutcome[] {
    return [...this.byNamespace.values()];
  }

  clear(): void {
    this.byNamespace.clear();
  }
}
