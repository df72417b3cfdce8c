import type { LeftAloneReason, RestoreOutcome, SnapshotState, WorkloadKind } from '../types.ts';

/**
 * The items of the snapshot table, as the DynamoDB document client reads and writes them. See
 * keys.ts for the key layout; docs/snapshots.md describes both formats.
 */

/** The format this release writes. It reads this one and the one before (R7). */
export const currentFormatVersion = 2;

interface TableKey {
  pk: string;
  sk: string;
}

/** Attributes every snapshot header has, in every format. */
interface HeaderCommon extends TableKey {
  historyKey: string;
  formatVersion: number;
  namespace: string;
  policy: string;
  operationId: string;
  takenAt: string;
  state: SnapshotState;
  endedAt?: string;
  /** Epoch seconds; the table's TTL attribute. Set when the snapshot stops being active. */
  expiresAt?: number;
}

/** Entries written together, stored in `chunkCount` chunk items (format 2). */
export interface BatchRecord {
  id: string;
  chunkCount: number;
  entryCount: number;
}

/** Format 2: the header holds no entries, only the list of batches that do. */
export interface HeaderItemV2 extends HeaderCommon {
  formatVersion: 2;
  batches: BatchRecord[];
}

/** Format 2: part of a batch's entries, as a JSON array of `EntryRecordV2`. */
export interface ChunkItem extends TableKey {
  formatVersion: 2;
  entries: string;
  expiresAt?: number;
}

/** Format 2: an entry as it is stored in a chunk; the namespace is the snapshot's. */
export interface EntryRecordV2 {
  workload: { kind: WorkloadKind; apiVersion: string; name: string; uid?: string };
  field: string;
  original: { state: string; value?: unknown };
  action: { type: string; setTo?: unknown; reason?: string };
}

/** A settled entry (R5), written once with a condition so a restore never fires twice. */
export interface RestoreMarkItem extends TableKey {
  outcome: RestoreOutcome;
  at: string;
  expiresAt?: number;
}

/** Which snapshot of the namespace is active; exists only while one is. */
export interface ActivePointerItem extends TableKey {
  operationId: string;
  takenAt: string;
}

/**
 * Format 1, the first release's: one item per snapshot with every entry inline (which capped a
 * snapshot at what fits in 400 KB). An entry's `original` is the value itself, `null` when the
 * field was absent, and missing when it was unknown; `restoredAt` marks a restored entry.
 */
export interface HeaderItemV1 extends HeaderCommon {
  formatVersion: 1;
  entries: EntryRecordV1[];
}

export interface EntryRecordV1 {
  kind: WorkloadKind;
  apiVersion: string;
  name: string;
  uid?: string;
  original?: number | boolean | string | null;
  setAtSleep?: number | boolean | string;
  action: 'scaled' | 'suspended' | 'paused' | 'left-alone';
  reason?: LeftAloneReason;
  restoredAt?: string;
}
