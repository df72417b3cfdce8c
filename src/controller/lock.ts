import type { Policy, RollbackTrigger } from './types.ts';

/** A namespace locked against automatic operations after a rollback (O2). */
export interface NamespaceLock {
  readonly until: Date;
  readonly trigger: RollbackTrigger;
  /** When the rollback happened, ISO 8601. */
  readonly at: string;
  /** What the rollback did, for status and notifications. */
  readonly detail: string;
}

const triggers: readonly RollbackTrigger[] = ['HealthCheckFailed', 'RepeatedFailures', 'Manual'];

/** The status message of a locked namespace; `lockFromStatus` reads the trigger back from it. */
export function lockMessage(lock: NamespaceLock): string {
  return (
    `rolled back (trigger ${lock.trigger}) at ${lock.at}: ${lock.detail}; ` +
    `automatic sleep and wake wait until ${lock.until.toISOString()}`
  );
}

/**
 * The lock recorded in the policy's status (`namespaces[].lockedUntil`), which the controller
 * reads back after a restart or a change of leader, so a lock outlives the process that set it.
 */
export function lockFromStatus(policy: Policy, namespace: string): NamespaceLock | undefined {
  const entry = policy.status?.namespaces?.find((candidate) => candidate.name === namespace);
  if (!entry?.lockedUntil) return undefined;
  const until = new Date(entry.lockedUntil);
  if (Number.isNaN(until.getTime())) return undefined;
  const named = /\(trigger (\w+)\) at (\S+): (.*); automatic sleep/.exec(entry.message ?? '');
  const trigger = triggers.find((candidate) => candidate === named?.[1]) ?? 'Manual';
  return {
    until,
    trigger,
    at: named?.[2] ?? entry.since ?? entry.lockedUntil,
    detail: named?.[3] ?? 'rolled back before the controller restarted',
  };
}

/**
 * The locks of this process, seeded from policy status: while a namespace's lock holds, nothing
 * automatic happens to it; once it ends, the schedule takes over again (S1).
 *
 * Known limitations: the lock reaches the policy's status with the next status write, a moment
 * after the rollback. A process killed in that moment loses it; the next leader then wakes (or
 * puts to sleep) the namespace as the schedule says, and a failure rolls it back and locks it
 * again.
 */
export class NamespaceLocks {
  private readonly locks = new Map<string, NamespaceLock>();

  set(namespace: string, lock: NamespaceLock): void {
    this.locks.set(namespace, lock);
  }

  /** The lock in force at `now`, from memory or else from the policy's status. */
  current(namespace: string, policy: Policy, now: Date): NamespaceLock | undefined {
    const lock = this.locks.get(namespace) ?? lockFromStatus(policy, namespace);
    if (!lock || lock.until.getTime() <= now.getTime()) {
      this.locks.delete(namespace);
      return undefined;
    }
    this.locks.set(namespace, lock);
    return lock;
  }

  /**
   * Takes the locks recorded in the policies' status, before anything else runs: the first status
   * write of a new leader is built from its own (still empty) outcomes and would drop them.
   */
  seed(policies: readonly Policy[], now: Date): void {
    for (const policy of policies) {
      for (const entry of policy.status?.namespaces ?? []) {
        const lock = this.locks.has(entry.name) ? undefined : lockFromStatus(policy, entry.name);
        if (lock && lock.until.getTime() > now.getTime()) this.locks.set(entry.name, lock);
      }
    }
  }

  forget(namespace: string): void {
    this.locks.delete(namespace);
  }
}
