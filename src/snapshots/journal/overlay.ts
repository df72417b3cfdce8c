import type { LoadedSnapshot, SnapshotSummary } from '../types.ts';
import { operationIdsOf } from './mutations.ts';
import { SnapshotProjection } from './projection.ts';
import type { JournalRecord } from './record-codec.ts';

/** What a projection must be able to answer: the active snapshot, and these snapshots. */
export interface OverlayQuestion {
  readonly active: boolean;
  readonly operationIds: readonly string[];
}

/** Reads of what DynamoDB holds now. They reject when DynamoDB is unavailable. */
export interface OverlayBase {
  active(): Promise<LoadedSnapshot | undefined>;
  snapshot(operationId: string): Promise<LoadedSnapshot | undefined>;
}

export interface OverlayOptions {
  readonly historyRetentionDays: number;
  /** Undefined: DynamoDB is known to be unavailable; nothing is read, what it holds is unknown. */
  readonly base: OverlayBase | undefined;
  /** `strict`: a read of the base that fails is thrown. `tolerant`: it leaves that part unknown. */
  readonly mode: 'strict' | 'tolerant';
}

/**
 * One namespace as it will be once its journaled records are replayed: what DynamoDB holds for
 * the question, with the records applied on top. DynamoDB is read only for what the journal
 * cannot tell: the active snapshot when no journaled put names one, and snapshots that no
 * journaled put created.
 */
export async function projectNamespace(
  records: readonly JournalRecord[],
  question: OverlayQuestion,
  options: OverlayOptions,
): Promise<SnapshotProjection> {
  const projection = new SnapshotProjection(options.historyRetentionDays);
  const journaledPuts = records.filter((record) => record.mutation.type === 'putSnapshot');
  const createdInJournal = new Set(
    journaledPuts.map((record) => operationIdsOf(record.mutation)[0]),
  );
  const { base } = options;

  const read = async <T>(work: (base: OverlayBase) => Promise<T>): Promise<T | typeof unread> => {
    if (base === undefined) return unread;
    try {
      return await work(base);
    } catch (err) {
      if (options.mode === 'strict') throw err;
      return unread;
    }
  };

  if (question.active && journaledPuts.length === 0) {
    const active = await read((base) => base.active());
    if (active !== unread) projection.seedActive(active);
  }
  for (const operationId of new Set(question.operationIds)) {
    if (createdInJournal.has(operationId) || projection.knows(operationId)) continue;
    const loaded = await read((base) => base.snapshot(operationId));
    if (loaded !== unread) projection.seed(operationId, loaded);
  }

  for (const record of records) projection.replay(record);
  return projection;
}

const unread = Symbol('unread');

/**
 * A namespace's history with the journal on top: the projected line of every snapshot the
 * journal touches replaces DynamoDB's, newest first, at most `limit`.
 */
export function mergeHistory(
  stored: readonly SnapshotSummary[],
  projected: readonly SnapshotSummary[],
  limit: number,
): SnapshotSummary[] {
  const byOperation = new Map(stored.map((summary) => [summary.operationId, summary]));
  for (const summary of projected) byOperation.set(summary.operationId, summary);
  const order = (summary: SnapshotSummary) => `${summary.takenAt}#${summary.operationId}`;
  return [...byOperation.values()].sort((a, b) => order(b).localeCompare(order(a))).slice(0, limit);
}
