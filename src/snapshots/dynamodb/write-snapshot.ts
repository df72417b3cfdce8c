import {
  DeleteCommand,
  PutCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';

import { SnapshotStoreError } from '../errors.ts';
import { encodeActivePointer, encodeSnapshot } from '../records/encode.ts';
import { currentFormatVersion, type ChunkItem } from '../records/items.ts';
import type { PutSnapshotResult } from '../store.ts';
import { asWritten, type Snapshot } from '../types.ts';
import type { StoreContext } from './context.ts';
import { endUpdate, expireSnapshotParts } from './end-snapshot.ts';
import { readActiveSnapshot, readSnapshot } from './read-snapshot.ts';
import { cancellationCodes } from './requests.ts';

/**
 * Writing a snapshot. A snapshot is written in two steps: its chunks, under a
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
  const actions: NonNullable<TransactWriteCommandInput['TransactItems']> = [
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
  return { status: 'created', written: asWritten(snapshot, currentFormatVersion) };
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
