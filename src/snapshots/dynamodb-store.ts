import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import type { DynamoDbStoreConfig } from './dynamodb/config.ts';
import { storeContext, type StoreContext, type StoreContextOptions } from './dynamodb/context.ts';
import { addEntries, deleteEntry, markEntryRestored } from './dynamodb/edit-entries.ts';
import { readActiveSnapshot, readHistory, readSnapshot } from './dynamodb/read-snapshot.ts';
import { ensureSnapshotTable, type TableStatus } from './dynamodb/table.ts';
import { endSnapshotAsRestored } from './dynamodb/end-snapshot.ts';
import { putSnapshot } from './dynamodb/write-snapshot.ts';
import { normaliseDynamoDbError, type SnapshotStoreOperation } from './errors.ts';
import {
  checkHistoryLimit,
  checkNewEntries,
  checkNewSnapshot,
  checkSnapshotName,
} from './request-checks.ts';
import type {
  AddEntriesResult,
  PutSnapshotOptions,
  PutSnapshotResult,
  SnapshotStore,
} from './store.ts';
import type {
  LoadedSnapshot,
  RestoreOutcome,
  Snapshot,
  SnapshotEntry,
  SnapshotSummary,
  WorkloadRef,
} from './types.ts';

/**
 * The snapshot store on one DynamoDB table (see records/keys.ts and docs/snapshots.md). Checks
 * its arguments, then runs the request modules under dynamodb/ and turns every failure into a
 * SnapshotStoreError.
 */
export class DynamoDbSnapshotStore implements SnapshotStore {
  readonly #context: StoreContext;

  constructor(options: StoreContextOptions) {
    this.#context = storeContext(options);
  }

  putSnapshot(snapshot: Snapshot, options: PutSnapshotOptions = {}): Promise<PutSnapshotResult> {
    return this.#run('putSnapshot', () => {
      checkNewSnapshot(snapshot, options.supersedes);
      return putSnapshot(this.#context, snapshot, options.supersedes);
    });
  }

  addEntries(
    namespace: string,
    operationId: string,
    entries: readonly SnapshotEntry[],
  ): Promise<AddEntriesResult> {
    return this.#run('addEntries', () => {
      checkNewEntries(namespace, operationId, entries);
      return addEntries(this.#context, namespace, operationId, entries);
    });
  }

  getActiveSnapshot(namespace: string): Promise<LoadedSnapshot | undefined> {
    return this.#run('getActiveSnapshot', () => {
      checkSnapshotName('getActiveSnapshot', namespace);
      return readActiveSnapshot(this.#context, 'getActiveSnapshot', namespace);
    });
  }

  getSnapshot(namespace: string, operationId: string): Promise<LoadedSnapshot | undefined> {
    return this.#run('getSnapshot', async () => {
      checkSnapshotName('getSnapshot', namespace, operationId);
      const read = await readSnapshot(this.#context, 'getSnapshot', namespace, operationId);
      return read?.loaded;
    });
  }

  listHistory(namespace: string, limit: number): Promise<SnapshotSummary[]> {
    return this.#run('listHistory', () => {
      checkSnapshotName('listHistory', namespace);
      checkHistoryLimit(limit);
      return readHistory(this.#context, namespace, limit);
    });
  }

  markEntryRestored(
    namespace: string,
    operationId: string,
    workload: WorkloadRef,
    outcome: RestoreOutcome = 'restored',
  ): Promise<boolean> {
    return this.#run('markEntryRestored', () => {
      checkSnapshotName('markEntryRestored', namespace, operationId);
      return markEntryRestored(this.#context, namespace, operationId, workload, outcome);
    });
  }

  markSnapshotRestored(namespace: string, operationId: string): Promise<void> {
    return this.#run('markSnapshotRestored', () => {
      checkSnapshotName('markSnapshotRestored', namespace, operationId);
      return endSnapshotAsRestored(this.#context, namespace, operationId);
    });
  }

  deleteEntry(namespace: string, operationId: string, workload: WorkloadRef): Promise<boolean> {
    return this.#run('deleteEntry', () => {
      checkSnapshotName('deleteEntry', namespace, operationId);
      return deleteEntry(this.#context, namespace, operationId, workload);
    });
  }

  async #run<T>(operation: SnapshotStoreOperation, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (err) {
      throw normaliseDynamoDbError(err, operation);
    }
  }
}

/** A DynamoDB client for `config`, with credentials from the SDK's default provider chain. */
export function createDynamoDbClient(config: DynamoDbStoreConfig): DynamoDBClient {
  return new DynamoDBClient({
    ...(config.region === undefined ? {} : { region: config.region }),
    ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
  });
}

/**
 * The store for `config`, after making sure its table exists (created when the configuration
 * allows). The caller owns `client` and destroys it on shutdown.
 */
export async function openDynamoDbSnapshotStore(
  config: DynamoDbStoreConfig,
  client: DynamoDBClient = createDynamoDbClient(config),
): Promise<{ store: DynamoDbSnapshotStore; table: TableStatus }> {
  const table = await ensureSnapshotTable(client, config.tableName, config.createTable);
  const documents = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const store = new DynamoDbSnapshotStore({
    client: documents,
    tableName: config.tableName,
    historyRetentionDays: config.historyRetentionDays,
  });
  return { store, table };
}
