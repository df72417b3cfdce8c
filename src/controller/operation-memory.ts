/**
 * What a controller remembers about each sleep or wake in progress, by operation id: which
 * reports were already made (a Warning is emitted once per operation), and when a wake group was
 * first seen waiting. `forget` drops an operation once it ends.
 *
 * Known limitations: memory only. A restarted controller may report again once, and a wake group
 * whose snapshot entries carry no restore time (older releases) starts its clock afresh.
 */
export class OperationMemory {
  readonly #reported = new Map<string, Set<string>>();
  readonly #firstSeen = new Map<string, Map<string, Date>>();

  /** True the first time `what` is reported for this operation, false after. */
  reportOnce(operationId: string, what: string): boolean {
    const reported = entryOf(this.#reported, operationId, () => new Set<string>());
    if (reported.has(what)) return false;
    reported.add(what);
    return true;
  }

  /** When `what` of this operation was first asked about: `now` the first time. */
  firstSeen(operationId: string, what: string, now: Date): Date {
    const seen = entryOf(this.#firstSeen, operationId, () => new Map<string, Date>());
    const at = seen.get(what) ?? now;
    seen.set(what, at);
    return at;
  }

  forget(operationId: string): void {
    this.#reported.delete(operationId);
    this.#firstSeen.delete(operationId);
  }
}

function entryOf<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}
