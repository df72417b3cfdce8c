import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';

import { SnapshotStoreError, type SnapshotStoreOperation } from '../errors.ts';
import { decodeSnapshot, decodeSummary } from '../records/decode.ts';
import {
  activePointerSortKey,
  headerSortKey,
  historyIndexName,
  partitionKey,
} from '../records/keys.ts';
import type { LoadedSnapshot, SnapshotSummary } from '../types.ts';
import type { StoreContext } from './context.ts';
import { querySnapshotItems, type Item } from './requests.ts';

/** Reads of the DynamoDB snapshot store. Every read that decides a restore is consistent. */

export interface SnapshotRead {
  readonly loaded: LoadedSnapshot;
  /** The header item as stored, for writes conditioned on it. */
  readonly header: Item;
}

/** A whole snapshot, reassembled from its chunks and restore marks. */
export async function readSnapshot(
  context: StoreContext,
  operation: SnapshotStoreOperation,
  namespace: string,
  operationId: string,
): Promise<SnapshotRead | undefined> {
  const items = await querySnapshotItems(context.client, context.tableName, namespace, operationId);
  const headerKey = headerSortKey(operationId);
  const header = items.find((item) => item.sk === headerKey);
  if (header === undefined) {
    return undefined;
  }

  const decoded = decodeSnapshot(
    header,
    items.filter((item) => item !== header),
  );
  if (!decoded.ok) {
    throw new SnapshotStoreError(decoded.problem, { code: decoded.code, operation });
  }
  return { loaded: decoded.value, header };
}

/** The operationId of the namespace's active snapshot, from its pointer item. */
export async function readActiveOperationId(
  context: StoreContext,
  namespace: string,
): Promise<string | undefined> {
  const pointer = await context.client.send(
    new GetCommand({
      TableName: context.tableName,
      Key: { pk: partitionKey(namespace), sk: activePointerSortKey },
      ConsistentRead: true,
    }),
  );
  const operationId: unknown = pointer.Item?.operationId;
  return typeof operationId === 'string' ? operationId : undefined;
}

export async function readActiveSnapshot(
  context: StoreContext,
  operation: SnapshotStoreOperation,
  namespace: string,
): Promise<LoadedSnapshot | undefined> {
  const operationId = await readActiveOperationId(context, namespace);
  if (operationId === undefined) {
    return undefined;
  }

  const read = await readSnapshot(context, operation, namespace, operationId);
  if (read === undefined) {
    const problem = `the active snapshot of ${namespace} is ${operationId}, which is not stored`;
    throw new SnapshotStoreError(problem, { code: 'CorruptSnapshot', operation });
  }
  // A wake that ended between the two reads leaves no active snapshot.
  return read.loaded.snapshot.state === 'active' ? read.loaded : undefined;
}

/**
 * The namespace's snapshots, newest first, from the index `history`. Index reads are eventually
 * consistent: a snapshot written a moment ago may be missing from the list for that moment.
 */
export async function readHistory(
  context: StoreContext,
  namespace: string,
  limit: number,
): Promise<SnapshotSummary[]> {
  const headers: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await context.client.send(
      new QueryCommand({
        TableName: context.tableName,
        IndexName: historyIndexName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partitionKey(namespace) },
        ScanIndexForward: false,
        Limit: limit - headers.length,
        ExclusiveStartKey: startKey,
      }),
    );
    headers.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined && headers.length < limit);

  return headers.map((header) => {
    const decoded = decodeSummary(header);
    if (!decoded.ok) {
      throw new SnapshotStoreError(decoded.problem, {
        code: decoded.code,
        operation: 'listHistory',
      });
    }
    return decoded.value;
  });
}
