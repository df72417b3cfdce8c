import {
  DeleteCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';

import { SnapshotStoreError } from '../errors.ts';
import { encodeActivePointer, encodeSnapshot } from '../records/encode.ts';
import {
  activePointerSortKey,
  headerSortKey,
  partitionKey,
  parseSnapshotSortKey,
} from '../records/keys.ts';
import type { PutSnapshotResult } from '../store.ts';
import type { Snapshot } from '../types.ts';
import { endingNow, type StoreContext } from './context.ts';
import { readActiveSnapshot, readSnapshot } from './read-snapshot.ts';
import type { ChunkItem } from '../records/items.ts';
import { cancellationCodes, querySnapshotItems } from './requests.ts';

/**
 * Writing a snapshot, and ending it. A snapshot is written in two steps: its chunks, under a
 * batch id no other write uses, then one transaction that puts the header and the active pointer
 * only if neither exists yet. That transaction is the commit: until it succeeds the chunks are
 * read by no one, and a refused commit deletes them.
 */
export async function putSnapshot(
  context: StoreContext,
  snapshot: Snapshot,
  supersedes: string | undefined,
): Promise<PutSnapshotResult> {
  const encoded = encodeSnapshot(snapshot, context.newBatchId(), context.maxChunkBytes);
  await putChunks(context, encoded.chunks);

  const { namespace } = snapshot;
  const pointer =
    supersedes === undefined
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : {
          ConditionExpression: 'operationId = :previous',
          ExpressionAttributeValues: { ':previous': supersedes },
        };
  const actions: NonNullable<
    ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
  > = [
    {
      Put: {
        TableName: context.tableName,
        Item: encoded.header,
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    { Put: { TableName: context.tableName, Item: encodeActivePointer(snapshot), ...pointer } },
  ];
  if (supersedes !== undefined) {
    actions.push({ Update: endUpdate(context, namespace, supersedes, 'superseded') });
  }

  try {
    await context.client.send(new TransactWriteCommand({ TransactItems: actions }));
  } catch (err) {
    if (cancellationCodes(err) === undefined) {
      throw err;
    }
    await deleteChunks(context, encoded.chunks);
    return explainRefusedPut(context, snapshot, supersedes, err);
  }

  if (supersedes !== undefined) {
    await expireSnapshotParts(context, namespace, supersedes);
  }
  return { status: 'created' };
}

/** Why the commit was refused: the snapshot exists, or another sleep's snapshot is active. */
async function explainRefusedPut(
  context: StoreContext,
  snapshot: Snapshot,
  supersedes: string | undefined,
  cause: unknown,
): Promise<PutSnapshotResult> {
  const { namespace, operationId } = snapshot;
  const same = await readSnapshot(context, 'putSnapshot', namespace, operationId);
  if (same !== undefined) {
    return { status: 'already-written', existing: same.loaded };
  }
  const active = await readActiveSnapshot(context, 'putSnapshot', namespace);
  if (active !== undefined) {
    return { status: 'other-active', existing: active };
  }

  const problem =
    supersedes === undefined
      ? `${namespace}/${operationId} was refused by a concurrent write; try again`
      : `${namespace}/${operationId} cannot supersede ${supersedes}, which is not the active snapshot`;
  throw new SnapshotStoreError(problem, {
    code: 'Conflict',
    operation: 'putSnapshot',
    retryable: supersedes === undefined,
    cause,
  });
}

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
function endUpdate(
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
async function expireSnapshotParts(context: StoreContext, namespace: string, operationId: string) {
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

export async function putChunks(
  context: StoreContext,
  chunks: readonly ChunkItem[],
): Promise<void> {
  for (const chunk of chunks) {
    await context.client.send(new PutCommand({ TableName: context.tableName, Item: chunk }));
  }
}

/**
 * Deletes chunks of a refused write. Best effort: a chunk left behind is read by no one, but
 * stays until removed by hand (it has no TTL).
 */
export async function deleteChunks(
  context: StoreContext,
  chunks: readonly ChunkItem[],
): Promise<void> {
  for (const chunk of chunks) {
    await context.client
      .send(
        new DeleteCommand({ TableName: context.tableName, Key: { pk: chunk.pk, sk: chunk.sk } }),
      )
      .catch(() => undefined);
  }
}
