import {
  QueryCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';

import { partitionKey, snapshotPrefix } from '../records/keys.ts';

/** Small request helpers shared by the DynamoDB snapshot store. */

export type Item = Record<string, unknown>;

/** Every item a query matches, across pages. */
export async function queryAll(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput,
): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}

/** Every item of one snapshot (header, chunks, restore marks), with a strongly consistent read. */
export function querySnapshotItems(
  client: DynamoDBDocumentClient,
  tableName: string,
  namespace: string,
  operationId: string,
  projection?: string,
): Promise<Item[]> {
  return queryAll(client, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: {
      ':pk': partitionKey(namespace),
      ':prefix': snapshotPrefix(operationId),
    },
    ConsistentRead: true,
    ...(projection === undefined ? {} : { ProjectionExpression: projection }),
  });
}

export function isConditionFailure(err: unknown): boolean {
  return err instanceof Error && err.name === 'ConditionalCheckFailedException';
}

/**
 * The cancellation reason of each action of a cancelled transaction, in order ('None' for an
 * action that was fine), or undefined when `err` is not a cancelled transaction.
 */
export function cancellationCodes(err: unknown): string[] | undefined {
  if (!(err instanceof Error) || err.name !== 'TransactionCanceledException') {
    return undefined;
  }
  const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return (reasons ?? []).map((reason) => reason.Code ?? 'None');
}

/** The TTL of history, in epoch seconds: `days` after `now`. */
export function expiryAfter(now: Date, days: number): number {
  return Math.floor(now.getTime() / 1000) + days * 86_400;
}
