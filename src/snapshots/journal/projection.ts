import { SnapshotStoreError, type SnapshotStoreOperation } from '../errors.ts';
import type { AddEntriesResult, PutSnapshotResult } from '../store.ts';
import {
  asWritten,
  entryKey,
  unsettled,
  type LoadedSnapshot,
  type Snapshot,
  type SnapshotSummary,
} from '../types.ts';
import type { MutationResult, SnapshotMutation } from './mutations.ts';
import { fromLoaded, summaryOf, toLoaded, type ProjectedSnapshot } from './projected-snapshot.ts';
import type { JournalRecord } from './record-codec.ts';

/** The answer the store would give to a mutation, and whether the mutation changes anything. */
export type Decision =
  | { readonly known: true; readonly result: MutationResult; readonly changes: boolean }
  | { readonly known: false };

const unknownDecision: Decision = { known: false };

/**
 * One namespace's snapshots as they will be once the journal is replayed: what DynamoDB holds
 * (seeded) with the journal's records applied on top, with the store's own rules (R2, R5). Pure:
 * no I/O. A snapshot that was neither seeded nor created by a record is unknown, and so is the
 * active one until it is seeded or a record creates one; a question about something unknown
 * gets an unknown decision.
 *
 * Known limitations: a put whose operationId is unknown here is taken to be new once the active
 * snapshot is known; operationIds are unique per sleep, so only a replay can repeat one.
 */
export class SnapshotProjection {
  readonly #historyRetentionDays: number;
  /** null: known not to exist. */
  readonly #snapshots = new Map<string, ProjectedSnapshot | null>();
  #activeKnown = false;

  constructor(historyRetentionDays: number) {
    this.#historyRetentionDays = historyRetentionDays;
  }

  /** What DynamoDB holds for `operationId`; undefined when it holds nothing. */
  seed(operationId: string, loaded: LoadedSnapshot | undefined): void {
    this.#snapshots.set(operationId, loaded === undefined ? null : fromLoaded(loaded));
  }

  /** DynamoDB's active snapshot, or undefined when it has none. */
  seedActive(loaded: LoadedSnapshot | undefined): void {
    if (loaded !== undefined) this.seed(loaded.snapshot.operationId, loaded);
    this.#activeKnown = true;
  }

  /**
   * Applies a record the journal accepted. A put whose outcome is unknown is taken to succeed, as
   * it was when it was accepted; a record that the rules refuse changes nothing, exactly as its
   * replay will change nothing in DynamoDB.
   */
  replay(record: JournalRecord): void {
    try {
      const decision = this.decide(record.mutation, record.at);
      if (!decision.known && record.mutation.type === 'putSnapshot') {
        this.#create(record.mutation.snapshot, record.mutation.supersedes, record.at);
      }
    } catch (err) {
      if (!(err instanceof SnapshotStoreError)) throw err;
    }
  }

  /** Decides `mutation` as the store would, and applies it. Throws what the store would throw. */
  decide(mutation: SnapshotMutation, at: string): Decision {
    switch (mutation.type) {
      case 'putSnapshot':
        return this.#put(mutation.snapshot, mutation.supersedes, at);
      case 'addEntries': {
        const stored = this.#editable('addEntries', mutation.operationId);
        if (stored === undefined) return unknownDecision;
        const recorded = new Set(stored.snapshot.entries.map((entry) => entryKey(entry.workload)));
        const toAdd = mutation.entries.filter((entry) => !recorded.has(entryKey(entry.workload)));
        const result: AddEntriesResult = {
          added: toAdd.map((entry) => entry.workload),
          alreadyRecorded: mutation.entries
            .filter((entry) => recorded.has(entryKey(entry.workload)))
            .map((entry) => entry.workload),
        };
        const entries = [...stored.snapshot.entries, ...structuredClone(toAdd.map(unsettled))];
        stored.snapshot = { ...stored.snapshot, entries };
        return { known: true, result, changes: toAdd.length > 0 };
      }
      case 'markEntryRestored': {
        const stored = this.#snapshots.get(mutation.operationId);
        const key = entryKey(mutation.workload);
        if (stored === undefined) return unknownDecision;
        if (stored?.restores.has(key)) return { known: true, result: false, changes: false };
        const active = this.#requireActive('markEntryRestored', mutation.operationId, stored);
        active.restores.set(key, { outcome: mutation.outcome, at });
        return { known: true, result: true, changes: true };
      }
      case 'markSnapshotRestored': {
        const stored = this.#snapshots.get(mutation.operationId);
        if (stored === undefined) return unknownDecision;
        if (stored === null) {
          throw invalid('markSnapshotRestored', `${mutation.operationId} is not stored`);
        }
        const changes = stored.snapshot.state === 'active';
        if (changes) this.#end(stored, 'restored', at);
        return { known: true, result: undefined, changes };
      }
      case 'deleteEntry': {
        const stored = this.#snapshots.get(mutation.operationId);
        if (stored === undefined) return unknownDecision;
        if (stored === null) return { known: true, result: false, changes: false };
        checkFormat('deleteEntry', stored);
        const key = entryKey(mutation.workload);
        const kept = stored.snapshot.entries.filter((entry) => entryKey(entry.workload) !== key);
        if (kept.length === stored.snapshot.entries.length) {
          return { known: true, result: false, changes: false };
        }
        stored.snapshot = { ...stored.snapshot, entries: kept };
        return { known: true, result: true, changes: true };
      }
    }
  }

  /** The active snapshot; undefined when there is none or it is unknown (see `knowsActive`). */
  active(): LoadedSnapshot | undefined {
    const active = this.#activeSnapshot();
    return active === undefined ? undefined : toLoaded(active);
  }

  knowsActive(): boolean {
    return this.#activeKnown;
  }

  /** The snapshot, when it is known; undefined when it is known not to exist, or unknown. */
  get(operationId: string): LoadedSnapshot | undefined {
    const stored = this.#snapshots.get(operationId);
    return stored ? toLoaded(stored) : undefined;
  }

  knows(operationId: string): boolean {
    return this.#snapshots.has(operationId);
  }

  /** A history line for every known snapshot. */
  summaries(): SnapshotSummary[] {
    return [...this.#snapshots.values()].filter((stored) => stored !== null).map(summaryOf);
  }

  #put(snapshot: Snapshot, supersedes: string | undefined, at: string): Decision {
    const same = this.#snapshots.get(snapshot.operationId);
    if (same) {
      return {
        known: true,
        result: { status: 'already-written', existing: toLoaded(same) },
        changes: false,
      };
    }
    if (!this.#activeKnown) return unknownDecision;
    const active = this.#activeSnapshot();
    if (active !== undefined && active.snapshot.operationId !== supersedes) {
      const result: PutSnapshotResult = { status: 'other-active', existing: toLoaded(active) };
      return { known: true, result, changes: false };
    }
    if (active === undefined && supersedes !== undefined) {
      const problem = `${snapshot.namespace}/${snapshot.operationId} cannot supersede ${supersedes}, which is not the active snapshot`;
      throw new SnapshotStoreError(problem, {
        code: 'Conflict',
        operation: 'putSnapshot',
        retryable: false,
      });
    }
    const written = this.#create(snapshot, supersedes, at);
    return { known: true, result: { status: 'created', written }, changes: true };
  }

  #create(snapshot: Snapshot, supersedes: string | undefined, at: string): LoadedSnapshot {
    const old = supersedes === undefined ? undefined : this.#snapshots.get(supersedes);
    if (old?.snapshot.state === 'active') this.#end(old, 'superseded', at);
    const written = asWritten(snapshot, 2);
    this.#snapshots.set(snapshot.operationId, {
      snapshot: structuredClone(written.snapshot),
      restores: new Map(),
      formatVersion: 2,
      defects: [],
    });
    this.#activeKnown = true;
    return written;
  }

  #editable(operation: 'addEntries', operationId: string): ProjectedSnapshot | undefined {
    const stored = this.#snapshots.get(operationId);
    if (stored === undefined) return undefined;
    const active = this.#requireActive(operation, operationId, stored);
    checkFormat(operation, active);
    return active;
  }

  #requireActive(
    operation: SnapshotStoreOperation,
    operationId: string,
    stored: ProjectedSnapshot | null,
  ): ProjectedSnapshot {
    if (stored === null || stored.snapshot.state !== 'active') {
      throw invalid(operation, `${operationId} is not an active snapshot`);
    }
    return stored;
  }

  #activeSnapshot(): ProjectedSnapshot | undefined {
    return (
      [...this.#snapshots.values()].find((stored) => stored?.snapshot.state === 'active') ??
      undefined
    );
  }

  #end(stored: ProjectedSnapshot, state: 'restored' | 'superseded', at: string): void {
    stored.snapshot = { ...stored.snapshot, state, endedAt: at };
    stored.expiresAt = Math.floor(Date.parse(at) / 1000) + this.#historyRetentionDays * 86_400;
  }
}

function checkFormat(operation: 'addEntries' | 'deleteEntry', stored: ProjectedSnapshot): void {
  if (stored.formatVersion !== 2) {
    const problem = `${stored.snapshot.operationId} is stored in format ${stored.formatVersion}; entries can only be changed in format 2`;
    throw new SnapshotStoreError(problem, { code: 'UnsupportedFormat', operation });
  }
}

function invalid(operation: SnapshotStoreOperation, problem: string): SnapshotStoreError {
  return new SnapshotStoreError(problem, { code: 'InvalidRequest', operation });
}
