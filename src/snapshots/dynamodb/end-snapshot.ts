import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

import { SnapshotStoreError } from '../errors.ts';
import {
  activePointerSortKey,
  headerSortKey,
  parseSnapshotSortKey,
  partitionKey,
} from '../records/keys.ts';
import { endingNow, type StoreContext } from './context.ts';
import { readSnapshot } from './read-snapshot.ts';
import { cancellationCodes, querySnapshotItems } from './requests.ts';

/**
 * Ending a snapshot: it stops being active, and it and its parts get the history TTL (R9).
 */

/**
 * Ends the active snapshot `operationId` as restored and removes the active pointer, in one
 * transaction; then gives every item of the snapshot the history TTL (R9). Repeating it, or
 * calling it for a snapshot that already ended, only completes the TTLs.
 */
export async function endSnapshotAsRestored(
  context: StoreContext,
  namespace: string,
  operationId: string,
): Promise<void> {
  const pk = partitionKey(namespace);
  const removePointer = {
    TableName: context.tableName,
    Key: { pk, sk: activePointerSortKey },
    ConditionExpression: 'operationId = :operationId',
    ExpressionAttributeValues: { ':operationId': operationId },
  };

  try {
    await context.client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Update: endUpdate(context, namespace, operationId, 'restored') },
          { Delete: removePointer },
        ],
      }),
    );
  } catch (err) {
    if (cancellationCodes(err) === undefined) {
      throw err;
    }
    const read = await readSnapshot(context, 'markSnapshotRestored', namespace, operationId);
    if (read === undefined || read.loaded.snapshot.state === 'active') {
      const problem =
        read === undefined ? 'is not stored' : 'is active but not the active snapshot';
      throw new SnapshotStoreError(`${namespace}/${operationId} ${problem}`, {
        code: read === undefined ? 'InvalidRequest' : 'Conflict',
        operation: 'markSnapshotRestored',
        cause: err,
      });
    }
  }

  await expireSnapshotParts(context, namespace, operationId);
}

/** The update that ends an active snapshot's header, with its end time and history TTL. */
export function endUpdate(
  context: StoreContext,
  namespace: string,
  operationId: string,
  state: 'restored' | 'superseded',
) {
  const { endedAt, expiresAt } = endingNow(context);
  return {
    TableName: context.tableName,
    Key: { pk: partitionKey(namespace), sk: headerSortKey(operationId) },
    UpdateExpression: 'SET #state = :state, endedAt = :endedAt, expiresAt = :expiresAt',
    ConditionExpression: '#state = :active',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: {
      ':state': state,
      ':active': 'active',
      ':endedAt': endedAt,
      ':expiresAt': expiresAt,
    },
  };
}

/** Gives the chunks and restore marks of an ended snapshot the TTL of its header. */
export async function expireSnapshotParts(
  context: StoreContext,
  namespace: string,
  operationId: string,
) {
  const items = await querySnapshotItems(
    context.client,
    context.tableName,
    namespace,
    operationId,
    'pk, sk, expiresAt',
  );
  const header = items.find((item) => item.sk === headerSortKey(operationId));
  const expiresAt = header?.expiresAt;
  if (typeof expiresAt !== 'number') {
    return;
  }

  const parts = items.filter(
    (item) =>
      item.expiresAt === undefined &&
      parseSnapshotSortKey(operationId, String(item.sk)).type !== 'header',
  );
  for (const part of parts) {
    await context.client.send(
      new UpdateCommand({
        TableName: context.tableName,
        Key: { pk: part.pk, sk: part.sk },
        UpdateExpression: 'SET expiresAt = :expiresAt',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':expiresAt': expiresAt },
      }),
    );
  }
}
