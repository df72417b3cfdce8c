import type { RestoreOutcome, Snapshot, SnapshotEntry, WorkloadRef } from '../types.ts';
import { entryKey } from '../types.ts';
import { packIntoChunks } from './chunks.ts';
import type {
  ActivePointerItem,
  BatchRecord,
  ChunkItem,
  EntryRecordV2,
  HeaderItemV2,
  RestoreMarkItem,
} from './items.ts';
import {
  activePointerSortKey,
  chunkSortKey,
  headerSortKey,
  historyKey,
  partitionKey,
  restoreMarkSortKey,
} from './keys.ts';

/** Snapshot model to table items, in the current format (2). Pure: no I/O, no clock. */

export interface EncodedBatch {
  readonly batch: BatchRecord;
  readonly chunks: ChunkItem[];
}

export interface EncodedSnapshot extends EncodedBatch {
  readonly header: HeaderItemV2;
}

/** A new, active snapshot: its header and the chunks of its entries, as one batch. */
export function encodeSnapshot(
  snapshot: Snapshot,
  batchId: string,
  maxChunkBytes: number,
): EncodedSnapshot {
  const { namespace, operationId, takenAt } = snapshot;
  const { batch, chunks } = encodeBatch(snapshot, batchId, maxChunkBytes);

  const header: HeaderItemV2 = {
    pk: partitionKey(namespace),
    sk: headerSortKey(operationId),
    historyKey: historyKey(takenAt, operationId),
    formatVersion: 2,
    namespace,
    policy: snapshot.policy,
    operationId,
    takenAt,
    state: 'active',
    batches: [batch],
  };
  return { header, batch, chunks };
}

/** Entries written together under `batchId`, chunked to at most `maxChunkBytes` of JSON each. */
export function encodeBatch(
  target: {
    readonly namespace: string;
    readonly operationId: string;
    readonly entries: readonly SnapshotEntry[];
  },
  batchId: string,
  maxChunkBytes: number,
): EncodedBatch {
  const pk = partitionKey(target.namespace);
  const json = packIntoChunks(target.entries.map(toEntryRecord), maxChunkBytes);

  const chunks = json.map((entries, index): ChunkItem => ({
    pk,
    sk: chunkSortKey(target.operationId, batchId, index),
    formatVersion: 2,
    entries,
  }));
  const batch = { id: batchId, chunkCount: chunks.length, entryCount: target.entries.length };
  return { batch, chunks };
}

/** The stored form of an entry: the namespace is the snapshot's, `restore` lives in marks. */
export function toEntryRecord(entry: SnapshotEntry): EntryRecordV2 {
  const { kind, apiVersion, name, uid } = entry.workload;
  return {
    workload: uid === undefined ? { kind, apiVersion, name } : { kind, apiVersion, name, uid },
    field: entry.field,
    original: entry.original,
    action: entry.action,
  };
}

export function encodeRestoreMark(
  namespace: string,
  operationId: string,
  workload: WorkloadRef,
  outcome: RestoreOutcome,
  at: string,
): RestoreMarkItem {
  return {
    pk: partitionKey(namespace),
    sk: restoreMarkSortKey(operationId, entryKey(workload)),
    outcome,
    at,
  };
}

export function encodeActivePointer(snapshot: Snapshot): ActivePointerItem {
  return {
    pk: partitionKey(snapshot.namespace),
    sk: activePointerSortKey,
    operationId: snapshot.operationId,
    takenAt: snapshot.takenAt,
  };
}
