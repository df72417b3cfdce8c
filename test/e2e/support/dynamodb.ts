import { randomBytes } from 'node:crypto';

import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

import type { StoreContextOptions } from '../../../src/snapshots/dynamodb/context.ts';
import { queryAll } from '../../../src/snapshots/dynamodb/requests.ts';
import { ensureSnapshotTable } from '../../../src/snapshots/dynamodb/table.ts';
import { DynamoDbSnapshotStore } from '../../../src/snapshots/dynamodb-store.ts';
import { dynamoDbClientForTests } from './dynamodb-local.ts';

/**
 * A snapshot table of its own for one test file, in the DynamoDB Local that `make e2e` started:
 * created by the store's own `ensureSnapshotTable`, deleted by `drop`.
 */
export interface TestSnapshotTable {
  readonly tableName: string;
  readonly client: DynamoDBClient;
  readonly documents: DynamoDBDocumentClient;
  /** A store on this table; options as the DynamoDbSnapshotStore constructor takes them. */
  store(
    options?: Partial<Omit<StoreContextOptions, 'client' | 'tableName'>>,
  ): DynamoDbSnapshotStore;
  /** Every item of a namespace's partition, as stored. */
  rawItems(namespace: string): Promise<Record<string, unknown>[]>;
  /** Writes items as they are, bypassing the store (as an older release would have). */
  putRaw(items: readonly Record<string, unknown>[]): Promise<void>;
  drop(): Promise<void>;
}

export async function createTestSnapshotTable(): Promise<TestSnapshotTable> {
  const tableName = `nsscaler-snapshots-${randomBytes(4).toString('hex')}`;
  const client = dynamoDbClientForTests();
  await ensureSnapshotTable(client, tableName, true);
  const documents = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });

  return {
    tableName,
    client,
    documents,
    store: (options = {}) =>
      new DynamoDbSnapshotStore({
        historyRetentionDays: 30,
        ...options,
        client: documents,
        tableName,
      }),
    rawItems: (namespace) =>
      queryAll(documents, {
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `ns#${namespace}` },
        ConsistentRead: true,
      }),
    putRaw: async (items) => {
      for (const item of items) {
        await documents.send(new PutCommand({ TableName: tableName, Item: item }));
      }
    },
    drop: async () => {
      await client.send(new DeleteTableCommand({ TableName: tableName }));
      client.destroy();
    },
  };
}

/** Fixture items moved to `namespace`: the partition key and the header's namespace. */
export function itemsInNamespace(
  items: readonly Record<string, unknown>[],
  namespace: string,
): Record<string, unknown>[] {
  return items.map((item) => ({
    ...item,
    pk: `ns#${namespace}`,
    ...(item.namespace === undefined ? {} : { namespace }),
  }));
}

export function uniqueNamespace(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}
