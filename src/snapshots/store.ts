import type {
  LoadedSnapshot,
  RestoreOutcome,
  Snapshot,
  SnapshotEntry,
  SnapshotSummary,
  WorkloadRef,
} from './types.ts';

/**
 * The result of writing a snapshot. `created`: this call wrote it; `written` is the snapshot as
 * the store now holds it. `already-written`: a snapshot
 * with this operationId exists and was kept as it is (R2); `existing` is it. `other-active`: the
 * namespace already has an active snapshot of another sleep, which was kept; `existing` is it.
 */
export type PutSnapshotResult =
  | { readonly status: 'created'; readonly written: LoadedSnapshot }
  | { readonly status: 'already-written' | 'other-active'; readonly existing: LoadedSnapshot };

export interface PutSnapshotOptions {
  /**
   * The operationId of the active snapshot this one replaces. That snapshot becomes `superseded`
   * in the same write, and only if it is still the active one.
   */
  readonly supersedes?: string;
}

/** Which entries `addEntries` wrote, and which it skipped because the snapshot already had them. */
export interface AddEntriesResult {
  readonly added: readonly WorkloadRef[];
  readonly alreadyRecorded: readonly WorkloadRef[];
}

/**
 * Where nsscaler keeps snapshots. Every read that decides a restore is strongly consistent.
 * Failures are thrown as `SnapshotStoreError`; conditions that mean "already done" are results.
 * Implemented by the DynamoDB store, the in-memory store of the tests, and the resilient store
 * that journals to a local file while DynamoDB is unavailable and replays in order (O3).
 */
export interface SnapshotStore {
  /**
   * Writes a new active snapshot, once per operationId (R2). Never replaces an existing snapshot,
   * and never replaces the active snapshot of another sleep unless `options.supersedes` names it.
   * `state`, `endedAt` and each entry's `restore` are ignored: a new snapshot is active.
   */
  putSnapshot(snapshot: Snapshot, options?: PutSnapshotOptions): Promise<PutSnapshotResult>;

  /**
   * Records workloads that appeared in an asleep namespace before they are put to sleep (R1).
   * An entry already in the snapshot is kept as it is, never overwritten (R2).
   */
  addEntries(
    namespace: string,
    operationId: string,
    entries: readonly SnapshotEntry[],
  ): Promise<AddEntriesResult>;

  /** The snapshot to restore at wake, or undefined when the namespace has none active. */
  getActiveSnapshot(namespace: string): Promise<LoadedSnapshot | undefined>;

  /** A snapshot by its operationId, in any state: for a rollback to a named snapshot (R9, O2). */
  getSnapshot(namespace: string, operationId: string): Promise<LoadedSnapshot | undefined>;

  /** The namespace's snapshots, newest first, at most `limit` (R9). */
  listHistory(namespace: string, limit: number): Promise<SnapshotSummary[]>;

  /**
   * Settles an entry at wake, so it is never restored twice (R5). Returns false when the entry
   * was already settled; the first outcome is kept.
   */
  markEntryRestored(
    namespace: string,
    operationId: string,
    workload: WorkloadRef,
    outcome?: RestoreOutcome,
  ): Promise<boolean>;

  /**
   * Ends a wake: the snapshot becomes `restored`, the namespace has no active snapshot, and the
   * snapshot is kept as history until its TTL (R9). Repeating it changes nothing.
   */
  markSnapshotRestored(namespace: string, operationId: string): Promise<void>;

  /** Removes one entry; returns false when there was none. Tests use it to lose an entry (G12). */
  deleteEntry(namespace: string, operationId: string, workload: WorkloadRef): Promise<boolean>;
}
