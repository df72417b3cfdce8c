import { SnapshotStoreError } from './errors.ts';
import {
  checkHistoryLimit,
  checkNewEntries,
  checkNewSnapshot,
  checkSnapshotName,
} from './request-checks.ts';
import type {
  AddEntriesResult,
  PutSnapshotOptions,
  PutSnapshotResult,
  SnapshotStore,
} from './store.ts';
import {
  asWritten,
  entryKey,
  unsettled,
  type EntryRestore,
  type LoadedSnapshot,
  type RestoreOutcome,
  type Snapshot,
  type SnapshotEntry,
  type SnapshotSummary,
  type WorkloadRef,
} from './types.ts';

interface StoredSnapshot {
  snapshot: Snapshot;
  restores: Map<string, EntryRestore>;
  expiresAt?: number;
}

export interface MemorySnapshotStoreOptions {
  readonly now?: () => Date;
  readonly historyRetentionDays?: number;
}

/**
 * A SnapshotStore in process memory, for unit tests of the modules that use a store. It keeps
 * the same promises as the DynamoDB store (the shared contract in testing/ proves both), but
 * nothing survives the process, and expired history is never removed.
 */
export class MemorySnapshotStore implements SnapshotStore {
  readonly #snapshots = new Map<string, StoredSnapshot>();
  readonly #activeOperation = new Map<string, string>();
  readonly #now: () => Date;
  readonly #historyRetentionDays: number;

  constructor(options: MemorySnapshotStoreOptions = {}) {
    this.#now = options.now ?? (() => new Date());
    this.#historyRetentionDays = options.historyRetentionDays ?? 30;
  }

  putSnapshot(snapshot: Snapshot, options: PutSnapshotOptions = {}): Promise<PutSnapshotResult> {
    return settle(() => {
      checkNewSnapshot(snapshot, options.supersedes);
      const { namespace, operationId } = snapshot;
      const active = this.#activeOperation.get(namespace);

      const same = this.#load(namespace, operationId);
      if (same !== undefined) {
        return { status: 'already-written', existing: same };
      }
      if (active !== undefined && active !== options.supersedes) {
        return { status: 'other-active', existing: this.#load(namespace, active)! };
      }
      if (active === undefined && options.supersedes !== undefined) {
        const problem = `${namespace}/${operationId} cannot supersede ${options.supersedes}, which is not the active snapshot`;
        throw new SnapshotStoreError(problem, {
          code: 'Conflict',
          operation: 'putSnapshot',
          retryable: false,
        });
      }

      if (active !== undefined) {
        this.#end(namespace, active, 'superseded');
      }
      const written = asWritten(snapshot, 2);
      this.#snapshots.set(key(namespace, operationId), {
        snapshot: structuredClone(written.snapshot),
        restores: new Map(),
      });
      this.#activeOperation.set(namespace, operationId);
      return { status: 'created', written };
    });
  }

  addEntries(
    namespace: string,
    operationId: string,
    entries: readonly SnapshotEntry[],
  ): Promise<AddEntriesResult> {
    return settle(() => {
      checkNewEntries(namespace, operationId, entries);
      const stored = this.#requireActive('addEntries', namespace, operationId);

      const recorded = new Set(stored.snapshot.entries.map((entry) => entryKey(entry.workload)));
      const toAdd = entries.filter((entry) => !recorded.has(entryKey(entry.workload)));
      const alreadyRecorded = entries.filter((entry) => recorded.has(entryKey(entry.workload)));
      const added = structuredClone(toAdd.map(unsettled));
      stored.snapshot = { ...stored.snapshot, entries: [...stored.snapshot.entries, ...added] };
      return {
        added: toAdd.map((entry) => entry.workload),
        alreadyRecorded: alreadyRecorded.map((entry) => entry.workload),
      };
    });
  }

  getActiveSnapshot(namespace: string): Promise<LoadedSnapshot | undefined> {
    return settle(() => {
      checkSnapshotName('getActiveSnapshot', namespace);
      const active = this.#activeOperation.get(namespace);
      return active === undefined ? undefined : this.#load(namespace, active);
    });
  }

  getSnapshot(namespace: string, operationId: string): Promise<LoadedSnapshot | undefined> {
    return settle(() => {
      checkSnapshotName('getSnapshot', namespace, operationId);
      return this.#load(namespace, operationId);
    });
  }

  listHistory(namespace: string, limit: number): Promise<SnapshotSummary[]> {
    return settle(() => {
      checkSnapshotName('listHistory', namespace);
      checkHistoryLimit(limit);
      const own = [...this.#snapshots.values()].filter(
        (stored) => stored.snapshot.namespace === namespace,
      );
      const newestFirst = own.sort((a, b) =>
        historyOrder(b.snapshot).localeCompare(historyOrder(a.snapshot)),
      );
      return newestFirst.slice(0, limit).map((stored) => {
        const { entries, ...fields } = structuredClone(stored.snapshot);
        const summary = { ...fields, entryCount: entries.length, formatVersion: 2 };
        return stored.expiresAt === undefined
          ? summary
          : { ...summary, expiresAt: stored.expiresAt };
      });
    });
  }

  markEntryRestored(
    namespace: string,
    operationId: string,
    workload: WorkloadRef,
    outcome: RestoreOutcome = 'restored',
  ): Promise<boolean> {
    return settle(() => {
      checkSnapshotName('markEntryRestored', namespace, operationId);
      const stored = this.#snapshots.get(key(namespace, operationId));
      if (stored?.restores.has(entryKey(workload))) {
        return false;
      }
      this.#requireActive('markEntryRestored', namespace, operationId);
      stored!.restores.set(entryKey(workload), { outcome, at: this.#now().toISOString() });
      return true;
    });
  }

  markSnapshotRestored(namespace: string, operationId: string): Promise<void> {
    return settle(() => {
      checkSnapshotName('markSnapshotRestored', namespace, operationId);
      const stored = this.#snapshots.get(key(namespace, operationId));
      if (stored === undefined) {
        throw new SnapshotStoreError(`${namespace}/${operationId} is not stored`, {
          code: 'InvalidRequest',
          operation: 'markSnapshotRestored',
        });
      }
      if (stored.snapshot.state === 'active') {
        this.#end(namespace, operationId, 'restored');
        this.#activeOperation.delete(namespace);
      }
    });
  }

  deleteEntry(namespace: string, operationId: string, workload: WorkloadRef): Promise<boolean> {
    return settle(() => {
      checkSnapshotName('deleteEntry', namespace, operationId);
      const stored = this.#snapshots.get(key(namespace, operationId));
      const entries = stored?.snapshot.entries ?? [];
      const kept = entries.filter((entry) => entryKey(entry.workload) !== entryKey(workload));
      if (stored === undefined || kept.length === entries.length) {
        return false;
      }
      stored.snapshot = { ...stored.snapshot, entries: kept };
      return true;
    });
  }

  #load(namespace: string, operationId: string): LoadedSnapshot | undefined {
    const stored = this.#snapshots.get(key(namespace, operationId));
    if (stored === undefined) {
      return undefined;
    }
    const entries = stored.snapshot.entries.map((entry): SnapshotEntry => {
      const restore = stored.restores.get(entryKey(entry.workload));
      return restore === undefined ? entry : { ...entry, restore };
    });
    const loaded = { snapshot: { ...stored.snapshot, entries }, formatVersion: 2, defects: [] };
    return structuredClone(
      stored.expiresAt === undefined ? loaded : { ...loaded, expiresAt: stored.expiresAt },
    );
  }

  #requireActive(
    operation: 'addEntries' | 'markEntryRestored',
    namespace: string,
    operationId: string,
  ) {
    const stored = this.#snapshots.get(key(namespace, operationId));
    if (stored === undefined || stored.snapshot.state !== 'active') {
      throw new SnapshotStoreError(`${namespace}/${operationId} is not an active snapshot`, {
        code: 'InvalidRequest',
        operation,
      });
    }
    return stored;
  }

  #end(namespace: string, operationId: string, state: 'restored' | 'superseded'): void {
    const stored = this.#snapshots.get(key(namespace, operationId))!;
    const now = this.#now();
    stored.snapshot = { ...stored.snapshot, state, endedAt: now.toISOString() };
    stored.expiresAt = Math.floor(now.getTime() / 1000) + this.#historyRetentionDays * 86_400;
  }
}

function key(namespace: string, operationId: string): string {
  return `${namespace}#${operationId}`;
}

function historyOrder(snapshot: Snapshot): string {
  return `${snapshot.takenAt}#${snapshot.operationId}`;
}

/** Runs synchronous store logic as a promise, so thrown errors become rejections. */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}
