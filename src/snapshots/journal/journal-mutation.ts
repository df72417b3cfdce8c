import { SnapshotStoreError } from '../errors.ts';
import type { SnapshotJournal } from './journal-file.ts';
import {
  assumedResult,
  operationIdsOf,
  type MutationResult,
  type SnapshotMutation,
} from './mutations.ts';
import type { OverlayQuestion } from './overlay.ts';
import type { SnapshotProjection } from './projection.ts';
import type { JournalRecord } from './record-codec.ts';

/**
 * Decides a mutation against the namespace's projection, as the store would, and appends it to
 * the journal when it changes something. A mutation the store would refuse throws the same
 * error; one that changes nothing (a repeated put of the same sleep, an entry already settled)
 * answers without a record. Where the projection cannot tell (DynamoDB unreadable), the mutation
 * is journaled and taken to succeed. Returns once the record is on disk.
 */
export async function journalMutation(
  mutation: SnapshotMutation,
  now: Date,
  journal: SnapshotJournal,
  project: (question: OverlayQuestion) => Promise<SnapshotProjection>,
): Promise<{ record?: JournalRecord; result: MutationResult }> {
  const at = now.toISOString();
  const question: OverlayQuestion =
    mutation.type === 'putSnapshot'
      ? { active: true, operationIds: [] }
      : { active: false, operationIds: operationIdsOf(mutation) };
  const projection = await project(question);

  const decision = projection.decide(mutation, at);
  if (decision.known && !decision.changes) {
    return { result: decision.result };
  }

  const record = await journal.append(mutation, at).catch((err: unknown) => {
    const problem = 'neither DynamoDB nor the local journal can take the change';
    throw new SnapshotStoreError(problem, {
      code: 'Unavailable',
      operation: mutation.type,
      cause: err,
    });
  });
  return { record, result: decision.known ? decision.result : assumedResult(mutation) };
}
