import { KubeApiError, isTransient } from '../k8s/errors.ts';
import { SnapshotStoreError } from '../snapshots/errors.ts';
import { CacheNotSyncedError } from './cache-not-synced.ts';

/**
 * Whether a failed reconcile counts towards a rollback (O2, pure). A failure the operation itself
 * causes does: the API server refusing a write (an admission denial, 403, 422) or an error of
 * nsscaler's own. A dependency that is down does not: the network, throttling, 5xx, an open
 * breaker, an unavailable snapshot store, a workload cache that could not list its kind yet.
 * Then the operation waits in the queue with backoff (O3) instead of being undone, since the
 * rollback's own writes would fail the same way. Of several errors, one that counts is enough.
 */
export function countsTowardRollback(err: unknown): boolean {
  if (err instanceof AggregateError) return err.errors.some(countsTowardRollback);
  if (err instanceof KubeApiError) return !isTransient(err);
  if (err instanceof SnapshotStoreError) return !err.retryable;
  if (err instanceof CacheNotSyncedError) return false;
  return true;
}

/**
 * Failures in a row of one operation of one namespace (O2): a sleep or wake whose reconcile
 * threw. A success, or a failure of the other operation, starts the count again, so only the
 * same operation failing again and again adds up.
 *
 * Known limitations: the count lives in memory, so a restarted or new leader starts from zero
 * and needs `maxConsecutiveFailures` more failures before it rolls back.
 */
export class FailureCounter {
  private readonly counts = new Map<string, { operation: string; failures: number }>();

  /** Records a failure and returns how many failures of this operation came in a row. */
  recordFailure(namespace: string, operation: string): number {
    const previous = this.counts.get(namespace);
    const failures = previous?.operation === operation ? previous.failures + 1 : 1;
    this.counts.set(namespace, { operation, failures });
    return failures;
  }

  /** The operation ended well (or was rolled back): the next failure is the first again. */
  reset(namespace: string): void {
    this.counts.delete(namespace);
  }

  failures(namespace: string, operation: string): number {
    const current = this.counts.get(namespace);
    return current?.operation === operation ? current.failures : 0;
  }
}
