import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';

import { normaliseDynamoDbError, SnapshotStoreError } from '../errors.ts';
import { historyIndexName } from '../records/keys.ts';

/** The TTL attribute of the snapshot table, in epoch seconds (R9). */
export const ttlAttribute = 'expiresAt';

/** The snapshot table: `pk`/`sk`, the sparse index `history` on `pk`/`historyKey`, on demand. */
export function snapshotTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'historyKey', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: historyIndexName,
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'historyKey', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}

export interface TableStatus {
  readonly created: boolean;
  /** Whether DynamoDB deletes history on `expiresAt`; without it history is kept forever. */
  readonly timeToLiveEnabled: boolean;
}

/**
 * Makes sure the snapshot table exists with the keys and index this store uses. With `create`,
 * creates a missing table and enables its TTL on `expiresAt`; without, changes nothing, and a
 * missing table is an error that points to docs/snapshots.md, where the definition is.
 */
export async function ensureSnapshotTable(
  client: DynamoDBClient,
  tableName: string,
  create: boolean,
): Promise<TableStatus> {
  try {
    const table = await describeTable(client, tableName);
    if (table === undefined && !create) {
      throw new SnapshotStoreError(
        `table ${tableName} does not exist; create it as docs/snapshots.md describes, or set ` +
          'NSSCALER_DYNAMODB_CREATE_TABLE=true',
        { code: 'TableNotFound', operation: 'ensureTable' },
      );
    }

    if (table === undefined) {
      await client.send(new CreateTableCommand(snapshotTableDefinition(tableName)));
      await waitUntilTableExists({ client, maxWaitTime: 120 }, { TableName: tableName });
    } else {
      checkTableShape(table, tableName);
    }

    const timeToLiveEnabled = create
      ? await enableTimeToLive(client, tableName)
      : await isTimeToLiveEnabled(client, tableName);
    return { created: table === undefined, timeToLiveEnabled };
  } catch (err) {
    throw normaliseDynamoDbError(err, 'ensureTable');
  }
}

async function describeTable(
  client: DynamoDBClient,
  tableName: string,
): Promise<TableDescription | undefined> {
  try {
    const described = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return described.Table;
  } catch (err) {
    if (err instanceof Error && err.name === 'ResourceNotFoundException') {
      return undefined;
    }
    throw err;
  }
}

function checkTableShape(table: TableDescription, tableName: string): void {
  const keys = table.KeySchema?.map((key) => `${key.AttributeName}:${key.KeyType}`).join(',');
  const history = table.GlobalSecondaryIndexes?.find(
    (index) => index.IndexName === historyIndexName,
  );
  const historyKeys = history?.KeySchema?.map((key) => `${key.AttributeName}:${key.KeyType}`);
  if (keys !== 'pk:HASH,sk:RANGE' || historyKeys?.join(',') !== 'pk:HASH,historyKey:RANGE') {
    throw new SnapshotStoreError(
      `table ${tableName} exists but does not have the keys pk/sk and the index ` +
        `${historyIndexName} on pk/historyKey that docs/snapshots.md describes`,
      { code: 'InvalidRequest', operation: 'ensureTable' },
    );
  }
}

async function isTimeToLiveEnabled(client: DynamoDBClient, tableName: string): Promise<boolean> {
  const current = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const { TimeToLiveStatus: status, AttributeName: attribute } =
    current.TimeToLiveDescription ?? {};
  return (status === 'ENABLED' || status === 'ENABLING') && attribute === ttlAttribute;
}

async function enableTimeToLive(client: DynamoDBClient, tableName: string): Promise<boolean> {
  if (await isTimeToLiveEnabled(client, tableName)) {
    return true;
  }
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: ttlAttribute, Enabled: true },
    }),
  );
  return true;
}
