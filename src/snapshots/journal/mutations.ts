import type { SnapshotStore } from '../store.ts';
import { asWritten } from '../types.ts';
import type { RestoreOutcome, Snapshot, SnapshotEntry, WorkloadRef } from '../types.ts';

/**
 * One change to the snapshot store, as the journal keeps it: the arguments of one SnapshotStore
 * mutation, so a replay calls the same method with the same arguments.
 */
export type SnapshotMutation =
  | { readonly type: 'putSnapshot'; readonly snapshot: Snapshot; readonly supersedes?: string }
  | {
      readonly type: 'addEntries';
      readonly namespace: string;
      readonly operationId: string;
      readonly entries: readonly SnapshotEntry[];
    }
  | {
      readonly type: 'markEntryRestored';
      readonly namespace: string;
      readonly operationId: string;
      readonly workload: WorkloadRef;
      readonly outcome: RestoreOutcome;
    }
  | {
      readonly type: 'markSnapshotRestored';
      readonly namespace: string;
      readonly operationId: string;
    }
  | {
      readonly type: 'deleteEntry';
      readonly namespace: string;
      readonly operationId: string;
      readonly workload: WorkloadRef;
    };

export type SnapshotMutationType = SnapshotMutation['type'];

export const mutationTypes: readonly SnapshotMutationType[] = [
  'putSnapshot',
  'addEntries',
  'markEntryRestored',
  'markSnapshotRestored',
  'deleteEntry',
];

export function namespaceOf(mutation: SnapshotMutation): string {
  return mutation.type === 'putSnapshot' ? mutation.snapshot.namespace : mutation.namespace;
}

export function operationIdOf(mutation: SnapshotMutation): string {
  return mutation.type === 'putSnapshot' ? mutation.snapshot.operationId : mutation.operationId;
}

/** Every snapshot a mutation touches: its own, and the one a putSnapshot supersedes. */
export function operationIdsOf(mutation: SnapshotMutation): string[] {
  const own = operationIdOf(mutation);
  return mutation.type === 'putSnapshot' && mutation.supersedes !== undefined
    ? [own, mutation.supersedes]
    : [own];
}

/** What the store answered to a mutation, whichever method it was. */
export type MutationResult = Awaited<ReturnType<SnapshotStore[SnapshotMutationType]>>;

/** Calls the store method the mutation names, with its arguments. */
export function applyMutation(
  store: SnapshotStore,
  mutation: SnapshotMutation,
): Promise<MutationResult> {
  switch (mutation.type) {
    case 'putSnapshot':
      return store.putSnapshot(
        mutation.snapshot,
        mutation.supersedes === undefined ? {} : { supersedes: mutation.supersedes },
      );
    case 'addEntries':
      return store.addEntries(mutation.namespace, mutation.operationId, mutation.entries);
    case 'markEntryRestored':
      return store.markEntryRestored(
        mutation.namespace,
        mutation.operationId,
        mutation.workload,
        mutation.outcome,
      );
    case 'markSnapshotRestored':
      return store.markSnapshotRestored(mutation.namespace, mutation.operationId);
    case 'deleteEntry':
      return store.deleteEntry(mutation.namespace, mutation.operationId, mutation.workload);
  }
}

/**
 * The answer to a journaled mutation when what DynamoDB holds cannot be read: the mutation is
 * taken to succeed, as its replay will unless DynamoDB disagrees (see ResilientSnapshotStore).
 */
export function assumedResult(mutation: SnapshotMutation): MutationResult {
  switch (mutation.type) {
    case 'putSnapshot':
      return { status: 'created', written: asWritten(mutation.snapshot, 2) };
    case 'addEntries':
      return { added: mutation.entries.map((entry) => entry.workload), alreadyRecorded: [] };
    case 'markSnapshotRestored':
      return undefined;
    case 'markEntryRestored':
    case 'deleteEntry':
      return true;
  }
}
