import type { DynamoDbGateway } from './dynamodb-gateway.ts';
import { SnapshotStoreError } from './errors.ts';
import { applyMutation, type MutationResult } from './journal/mutations.ts';
import { atRecordedInstant } from './journal/recorded-clock.ts';
import type { JournalRecord } from './journal/record-codec.ts';
import type { ReplayVerdict } from './journal/replayer.ts';
import type { PutSnapshotResult } from './store.ts';

/**
 * Sends one journaled record to DynamoDB, through the breaker, at the instant it was recorded.
 * Replays are idempotent because the store's own answers are: a put of a sleep DynamoDB already
 * holds is `already-written`, an entry already settled is `false`, ending an ended snapshot
 * changes nothing; all of them count as applied. DynamoDB keeping another sleep's active snapshot
 * (R2), or refusing the request for good, rejects the record; being unavailable blocks it.
 */
export async function replayRecord(
  record: JournalRecord,
  dynamoDb: DynamoDbGateway,
  onApplied: (result: MutationResult) => void,
): Promise<ReplayVerdict> {
  const { mutation } = record;
  try {
    const call = await dynamoDb.call(mutation.type, (store) =>
      atRecordedInstant(record.at, () => applyMutation(store, mutation)),
    );
    if (!call.ok) return { outcome: 'blocked', error: call.error };

    const put = mutation.type === 'putSnapshot' ? (call.value as PutSnapshotResult) : undefined;
    if (put?.status === 'other-active') {
      const kept = put.existing.snapshot.operationId;
      return {
        outcome: 'rejected',
        reason: `DynamoDB holds another active snapshot, ${kept} (R2)`,
      };
    }
    onApplied(call.value);
    return { outcome: 'applied' };
  } catch (err) {
    if (err instanceof SnapshotStoreError && !err.retryable) {
      return { outcome: 'rejected', reason: err.message };
    }
    return { outcome: 'blocked', error: err };
  }
}
