import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Logger } from 'pino';

import { cancelRequestsWithScopeSignal, withAbortSignal } from './abort-scope.ts';
import { DynamoDbBreaker } from './breaker.ts';
import type { DynamoDbStoreConfig } from './dynamodb/config.ts';
import { ensureSnapshotTable } from './dynamodb/table.ts';
import { DynamoDbReadiness } from './dynamodb-readiness.ts';
import { DynamoDbSnapshotStore } from './dynamodb-store.ts';
import { SnapshotJournal } from './journal/journal-file.ts';
import { clockWithRecordedInstants } from './journal/recorded-clock.ts';
import { ResilientSnapshotStore } from './resilient-store.ts';
import { logSnapshotStore } from './store-logging.ts';

/** How long one attempt to ensure the table may take (creating one takes a while on AWS). */
const ensureTableTimeoutMs = 60_000;

/**
 * The snapshot store `nsscaler run` uses: DynamoDB behind the circuit breaker, with the journal
 * at `config.journalPath`. Opening the journal replays what a previous process left in it.
 * Start-up waits for DynamoDB at most the breaker's timeout: when it is down, the store starts
 * with the journal and reaches DynamoDB later. Throws a JournalError when the journal cannot be
 * used, and a SnapshotStoreError when the table is missing (and may not be created) or has the
 * wrong keys: both need a person.
 */
export async function openResilientSnapshotStore(
  config: DynamoDbStoreConfig,
  options: { logger?: Logger } = {},
): Promise<ResilientSnapshotStore> {
  const journal = await SnapshotJournal.open(config.journalPath);
  const client = createBreakerFriendlyClient(config);
  const documents = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const dynamoDb = new DynamoDbSnapshotStore({
    client: documents,
    tableName: config.tableName,
    historyRetentionDays: config.historyRetentionDays,
    now: clockWithRecordedInstants(),
  });
  const readiness = new DynamoDbReadiness({
    retryMs: config.breaker.resetTimeoutMs,
    prepare: () =>
      withAbortSignal(AbortSignal.timeout(ensureTableTimeoutMs), () =>
        ensureSnapshotTable(client, config.tableName, config.createTable),
      ),
  });
  const store = new ResilientSnapshotStore({
    dynamoDb,
    journal,
    readiness,
    breaker: new DynamoDbBreaker(config.breaker),
    historyRetentionDays: config.historyRetentionDays,
    retryMs: config.breaker.resetTimeoutMs,
    onClose: () => client.destroy(),
  });

  if (options.logger) {
    logSnapshotStore(store.health, journal.path, options.logger);
    const pending = journal.pending().length;
    options.logger.info({ journal: journal.path, pending }, 'snapshot journal open');
    if (journal.droppedTornBytes > 0) {
      const dropped = journal.droppedTornBytes;
      options.logger.warn({ journal: journal.path, dropped }, 'cut off a torn last journal record');
    }
  }
  await readiness.start(config.breaker.timeoutMs).catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  const degradation = store.health.degradation();
  if (degradation.degraded) {
    options.logger?.warn(
      { dependency: 'DynamoDB', reason: degradation.reason, err: readiness.lastError() },
      degradation.message,
    );
  }
  return store;
}

/**
 * A client that makes one attempt per request: the breaker and the journal replay do the
 * retrying, so SDK retries would only multiply them and hold calls past the breaker's timeout.
 * Requests are cancelled when the breaker gives up on them (see abort-scope.ts).
 */
function createBreakerFriendlyClient(config: DynamoDbStoreConfig): DynamoDBClient {
  const client = new DynamoDBClient({
    maxAttempts: 1,
    ...(config.region === undefined ? {} : { region: config.region }),
    ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
  });
  cancelRequestsWithScopeSignal(client);
  return client;
}
