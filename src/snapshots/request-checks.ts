import { SnapshotStoreError, type SnapshotStoreOperation } from './errors.ts';
import type { Snapshot, SnapshotEntry } from './types.ts';
import {
  entriesProblems,
  namespaceProblems,
  operationIdProblems,
  snapshotProblems,
} from './validation.ts';

/** Argument checks every SnapshotStore implementation runs before it touches storage. */

export function checkSnapshotName(
  operation: SnapshotStoreOperation,
  namespace: string,
  operationId?: string,
): void {
  const problems = [
    ...namespaceProblems(namespace),
    ...(operationId === undefined ? [] : operationIdProblems(operationId)),
  ];
  if (problems.length > 0) {
    throw new SnapshotStoreError(problems.join('; '), { code: 'InvalidRequest', operation });
  }
}

export function checkNewSnapshot(snapshot: Snapshot, supersedes: string | undefined): void {
  const problems = snapshotProblems(snapshot);
  if (supersedes !== undefined) {
    problems.push(...operationIdProblems(supersedes).map((problem) => `supersedes: ${problem}`));
  }
  if (problems.length > 0) {
    const name = `${String(snapshot.namespace)}/${String(snapshot.operationId)}`;
    throw new SnapshotStoreError(`${name} cannot be written: ${problems.join('; ')}`, {
      code: 'InvalidSnapshot',
      operation: 'putSnapshot',
    });
  }
}

export function checkNewEntries(
  namespace: string,
  operationId: string,
  entries: readonly SnapshotEntry[],
): void {
  checkSnapshotName('addEntries', namespace, operationId);
  const problems = entriesProblems(namespace, entries);
  if (problems.length > 0) {
    const message = `entries for ${namespace}/${operationId} cannot be written: ${problems.join('; ')}`;
    throw new SnapshotStoreError(message, { code: 'InvalidSnapshot', operation: 'addEntries' });
  }
}

export function checkHistoryLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new SnapshotStoreError(`limit ${limit} must be a whole number above 0`, {
      code: 'InvalidRequest',
      operation: 'listHistory',
    });
  }
}
