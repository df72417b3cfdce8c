/** How long an expectation waits for the informer before it is given up. */
const expectationTtlMs = 30_000;

/**
 * Remembers, per workload, the resourceVersion nsscaler's last write produced. Until the informer
 * has delivered that version or a later one, the cached object is stale: acting on it would write
 * the same value twice (one write per workload per transition) and count a contest (C5) that is
 * not one. The time limit guards against versions that cannot be compared.
 */
export class WriteExpectations {
  private readonly awaited = new Map<string, { resourceVersion: string; until: number }>();
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  recordWrite(key: string, writtenResourceVersion: string | undefined): void {
    if (writtenResourceVersion === undefined) return;
    this.awaited.set(key, {
      resourceVersion: writtenResourceVersion,
      until: this.now() + expectationTtlMs,
    });
  }

  /** True while the cache has not yet shown the version nsscaler wrote. */
  isStale(key: string, cachedResourceVersion: string | undefined): boolean {
    const expectation = this.awaited.get(key);
    if (expectation === undefined) return false;
    if (
      !isOlder(cachedResourceVersion, expectation.resourceVersion) ||
      this.now() > expectation.until
    ) {
      this.awaited.delete(key);
      return false;
    }
    return true;
  }
}

/**
 * Whether `cached` is older than `awaited`. resourceVersions are opaque in the API's contract, but
 * every etcd-backed server issues increasing integers; only those are compared. Anything else is
 * older until it is the awaited version itself.
 */
function isOlder(cached: string | undefined, awaited: string): boolean {
  if (cached === undefined) return true;
  if (/^\d+$/.test(cached) && /^\d+$/.test(awaited)) return BigInt(cached) < BigInt(awaited);
  return cached !== awaited;
}
