import type { SnapshotStore } from '../snapshots/store.ts';
import { entryKey, unsettled } from '../snapshots/types.ts';
import type {
  LoadedSnapshot,
  RestoreOutcome,
  Snapshot,
  SnapshotEntry,
  SnapshotSummary,
  WorkloadRef,
} from '../snapshots/types.ts';

/**
 * The active snapshot of each namespace, read once from the store (consistent read) and then kept
 * in memory while this process leads: the leader is the only writer, so steady-state reconciles of
 * an asleep namespace cost no store reads. Every change goes to the store first.
 */
export class SnapshotCache {
  private readonly store: SnapshotStore;
  private readonly active = new Map<string, LoadedSnapshot | null>();

  constructor(store: SnapshotStore) {
    this.store = store;
  }

  async getActive(namespace: string): Promise<LoadedSnapshot | undefined> {
    if (!this.active.has(namespace)) {
      this.active.set(namespace, (await this.store.getActiveSnapshot(namespace)) ?? null);
    }
    return this.active.get(namespace) ?? undefined;
  }

  /** Persists a new snapshot (R1); when another sleep's snapshot is already active, returns it. */
  async create(snapshot: Snapshot): Promise<LoadedSnapshot> {
    const result = await this.store.putSnapshot(snapshot);
    const loaded: LoadedSnapshot =
      result.status === 'created' ? { snapshot, formatVersion: 0, defects: [] } : result.existing;
    this.active.set(snapshot.namespace, loaded);
    return loaded;
  }

  async addEntries(loaded: LoadedSnapshot, entries: readonly SnapshotEntry[]): Promise<void> {
    const { namespace, operationId } = loaded.snapshot;
    await this.store.addEntries(namespace, operationId, entries);
    const known = new Set(loaded.snapshot.entries.map((entry) => entryKey(entry.workload)));
    const added = entries.filter((entry) => !known.has(entryKey(entry.workload)));
    this.replace(loaded, [...loaded.snapshot.entries, ...added]);
  }

  /**
   * Records a new original for an entry nsscaler has not acted on yet in this sleep: someone
   * changed the workload between the snapshot and the first write (G19). Never used once the
   * sleep value was written, so a sleeping value never becomes an original (R2).
   */
  async replacePendingEntry(loaded: LoadedSnapshot, entry: SnapshotEntry): Promise<void> {
    const { namespace, operationId } = loaded.snapshot;
    await this.store.deleteEntry(namespace, operationId, entry.workload);
    await this.store.addEntries(namespace, operationId, [entry]);
    const key = entryKey(entry.workload);
    this.replace(
      loaded,
      loaded.snapshot.entries.map((candidate) =>
        entryKey(candidate.workload) === key ? entry : candidate,
      ),
    );
  }

  async settleEntry(
    loaded: LoadedSnapshot,
    workload: WorkloadRef,
    outcome: RestoreOutcome,
  ): Promise<void> {
    const { namespace, operationId } = loaded.snapshot;
    await this.store.markEntryRestored(namespace, operationId, workload, outcome);
    const key = entryKey(workload);
    const at = new Date().toISOString();
    const entries = loaded.snapshot.entries.map((entry) =>
      entryKey(entry.workload) === key && !entry.restore
        ? { ...entry, restore: { outcome, at } }
        : entry,
    );
    this.replace(loaded, entries);
  }

  async finish(loaded: LoadedSnapshot): Promise<void> {
    await this.store.markSnapshotRestored(loaded.snapshot.namespace, loaded.snapshot.operationId);
    this.active.set(loaded.snapshot.namespace, null);
  }

  /**
   * After a wake was rolled back (O2): the active snapshot is replaced, in one store write, by a
   * copy under a new operationId with every entry unsettled, so the next wake restores all of it
   * again from the same originals (never from the sleeping values, R2).
   */
  async reopen(
    loaded: LoadedSnapshot,
    operationId: string,
    takenAt: string,
  ): Promise<LoadedSnapshot> {
    const { namespace, policy } = loaded.snapshot;
    const entries = loaded.snapshot.entries.map(unsettled);
    const snapshot: Snapshot = {
      namespace,
      policy,
      operationId,
      takenAt,
      state: 'active',
      entries,
    };
    const result = await this.store.putSnapshot(snapshot, {
      supersedes: loaded.snapshot.operationId,
    });
    const reopened = result.status === 'created' ? result.written : result.existing;
    this.active.set(namespace, reopened);
    return reopened;
  }

  /** A snapshot of the history by id, in any state (R9). */
  getSnapshot(namespace: string, operationId: string): Promise<LoadedSnapshot | undefined> {
    return this.store.getSnapshot(namespace, operationId);
  }

  /** The namespace's snapshots, newest first (R9). */
  listHistory(namespace: string, limit: number): Promise<SnapshotSummary[]> {
    return this.store.listHistory(namespace, limit);
  }

  /** Drops what is cached for a namespace (or all), so the next read goes to the store. */
  forget(namespace?: string): void {
    if (namespace === undefined) this.active.clear();
    else this.active.delete(namespace);
  }

  private replace(loaded: LoadedSnapshot, entries: SnapshotEntry[]): void {
    const updated: LoadedSnapshot = { ...loaded, snapshot: { ...loaded.snapshot, entries } };
    this.active.set(loaded.snapshot.namespace, updated);
    Object.assign(loaded, updated);
  }
}
