/**
 * The key layout of the snapshot table. One partition per namespace holds every item of every
 * snapshot of that namespace; the items of one snapshot share the sort-key prefix
 * `snapshot#<operationId>#`, so one query reads a whole snapshot:
 *
 *   pk = ns#<namespace>   sk = active                                       the active pointer
 *                         sk = snapshot#<operationId>#header                 one per snapshot
 *                         sk = snapshot#<operationId>#chunk#<batch>#<index>  entries, in chunks
 *                         sk = snapshot#<operationId>#restore#<kind>/<name>  settled entries
 *
 * Headers also carry `historyKey` = `<takenAt>#<operationId>`, the sort key of the sparse index
 * `history` (partition key `pk`), which lists a namespace's snapshots by time.
 */

export const historyIndexName = 'history';

export const activePointerSortKey = 'active';

export function partitionKey(namespace: string): string {
  return `ns#${namespace}`;
}

export function snapshotPrefix(operationId: string): string {
  return `snapshot#${operationId}#`;
}

export function headerSortKey(operationId: string): string {
  return `${snapshotPrefix(operationId)}header`;
}

export function chunkSortKey(operationId: string, batchId: string, index: number): string {
  return `${snapshotPrefix(operationId)}chunk#${batchId}#${String(index).padStart(4, '0')}`;
}

export function restoreMarkSortKey(operationId: string, entryKey: string): string {
  return `${snapshotPrefix(operationId)}restore#${entryKey}`;
}

export function historyKey(takenAt: string, operationId: string): string {
  return `${takenAt}#${operationId}`;
}

/** What a sort key under `snapshotPrefix(operationId)` names. */
export type SnapshotPart =
  | { readonly type: 'header' }
  | { readonly type: 'chunk'; readonly batchId: string; readonly index: number }
  | { readonly type: 'restore'; readonly entryKey: string }
  | { readonly type: 'other' };

export function parseSnapshotSortKey(operationId: string, sortKey: string): SnapshotPart {
  const prefix = snapshotPrefix(operationId);
  if (!sortKey.startsWith(prefix)) {
    return { type: 'other' };
  }
  const rest = sortKey.slice(prefix.length);
  if (rest === 'header') {
    return { type: 'header' };
  }
  const chunk = /^chunk#([^#]+)#(\d{4,})$/.exec(rest);
  if (chunk?.[1] !== undefined && chunk[2] !== undefined) {
    return { type: 'chunk', batchId: chunk[1], index: Number(chunk[2]) };
  }
  if (rest.startsWith('restore#')) {
    return { type: 'restore', entryKey: rest.slice('restore#'.length) };
  }
  return { type: 'other' };
}
