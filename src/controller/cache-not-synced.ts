import type { WorkloadKind } from '../snapshots/types.ts';

/** Thrown while a workload cache has not listed its kind yet; the queue retries with backoff. */
export class CacheNotSyncedError extends Error {
  override name = 'CacheNotSyncedError';
  readonly kinds: readonly WorkloadKind[];

  constructor(kinds: readonly WorkloadKind[]) {
    super(`the cache of ${kinds.join(', ')} has not been listed yet; trying again later`);
    this.kinds = kinds;
  }
}
