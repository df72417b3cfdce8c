import type { DynamoDbBreaker } from './breaker.ts';
import type { DynamoDbReadiness } from './dynamodb-readiness.ts';
import { DynamoDbGateway } from './dynamodb-gateway.ts';
import type { SnapshotStoreError } from './errors.ts';
import type { SnapshotJournal } from './journal/journal-file.ts';
import { applyMutation, namespaceOf, operationIdsOf } from './journal/mutations.ts';
import type { SnapshotMutation } from './journal/mutations.ts';
import { mergeHistory, projectNamespace, type OverlayQuestion } from './journal/overlay.ts';
import { JournalReplayer } from './journal/replayer.ts';
import { journalMutation } from './journal/journal-mutation.ts';
import { KeyedMutex } from './keyed-mutex.ts';
import { replayRecord } from './replay-record.ts';
import {
  checkHistoryLimit,
  checkNewEntries,
  checkNewSnapshot,
  checkSnapshotName,
} from './request-checks.ts';
import { SnapshotStoreMonitor } from './store-monitor.ts';
import type {
  AddEntriesResult,
  PutSnapshotOptions,
  PutSnapshotResult,
  SnapshotStore,
} from './store.ts';
import { asWritten } from './types.ts';
import type {
  LoadedSnapshot,
  RestoreOutcome,
  Snapshot,
  SnapshotEntry,
  SnapshotSummary,
  WorkloadRef,
} from './types.ts';

export interface ResilientSnapshotStoreOptions {
  /** The DynamoDB store. Its clock should be `clockWithRecordedInstants()`, for exact replays. */
  readonly dynamoDb: SnapshotStore;
  readonly journal: SnapshotJournal;
  readonly breaker: DynamoDbBreaker;
  /** Tells when DynamoDB can be used at all (its table ensured). */
  readonly readiness: DynamoDbReadiness;
  readonly historyRetentionDays: number;
  /** Pause before the replay tries again after DynamoDB could not take a record. */
  readonly retryMs: number;
  readonly now?: () => Date;
  /** Called last by `close`, to release what the store's parts hold (the SDK client). */
  readonly onClose?: () => void;
}

/**
 * The snapshot store nsscaler runs with (O3): DynamoDB behind a circuit breaker, and a durable
 * local journal for when DynamoDB is unavailable.
 *
 * - A mutation goes to DynamoDB when it is usable and the namespace has nothing in the journal;
 *   otherwise, or when DynamoDB fails, it is appended to the journal (fsynced) and succeeds, so
 *   the scale-down it guards can go ahead (R1). A namespace with journaled records keeps
 *   journaling until they are replayed, so its mutations reach DynamoDB in order.
 * - Reads of a namespace with journaled records answer from a projection: what DynamoDB holds,
 *   with the records applied on top. A read that needs DynamoDB while it is unavailable fails
 *   with `Unavailable`, never with a guess.
 * - The replayer sends journaled records to DynamoDB in order, then compacts the journal.
 *
 * Known limitations: with DynamoDB unavailable and nothing journaled for the namespace, a put is
 * taken to create a new snapshot (the caller read the active snapshot first, as the controller
 * does); if DynamoDB turns out to hold another active one, the replay keeps DynamoDB's (R2) and
 * the journaled snapshot goes to the rejected file next to the journal.
 */
export class ResilientSnapshotStore implements SnapshotStore {
  /** Counters, state and events for metrics, /readyz and the `Degraded` condition. */
  readonly health: SnapshotStoreMonitor;
  readonly #options: ResilientSnapshotStoreOptions;
  readonly #dynamoDb: DynamoDbGateway;
  readonly #namespaces = new KeyedMutex();
  readonly #replayer: JournalReplayer;

  constructor(options: ResilientSnapshotStoreOptions) {
    this.#options = options;
    this.#dynamoDb = new DynamoDbGateway(options.dynamoDb, options.breaker, options.readiness);
    this.#replayer = new JournalReplayer({
      journal: options.journal,
      retryMs: options.retryMs,
      replay: (record) =>
        this.#namespaces.run(namespaceOf(record.mutation), () =>
          replayRecord(record, this.#dynamoDb, (result) =>
            this.health.countWrite(record.mutation, result, 'dynamodb'),
          ),
        ),
      onVerdict: (record, verdict) => this.health.replayed(record, verdict),
      onError: (err) => this.health.journalFailed(err),
    });
    this.health = new SnapshotStoreMonitor(options.journal, options.breaker, options.readiness);
    options.breaker.on('breaker', (event) => {
      if (event === 'halfOpen' || event === 'close') this.#replayer.trigger();
    });
    options.readiness.onReady(() => this.#replayer.trigger());
    this.#replayer.trigger();
  }

  async putSnapshot(snapshot: Snapshot, options: PutSnapshotOptions = {}) {
    checkNewSnapshot(snapshot, options.supersedes);
    const { supersedes } = options;
    const mutation: SnapshotMutation = {
      type: 'putSnapshot',
      snapshot: asWritten(snapshot, 2).snapshot,
      ...(supersedes === undefined ? {} : { supersedes }),
    };
    return (await this.#mutate(mutation)) as PutSnapshotResult;
  }

  async addEntries(namespace: string, operationId: string, entries: readonly SnapshotEntry[]) {
    checkNewEntries(namespace, operationId, entries);
    const mutation: SnapshotMutation = { type: 'addEntries', namespace, operationId, entries };
    return (await this.#mutate(mutation)) as AddEntriesResult;
  }

  async markEntryRestored(
    namespace: string,
    operationId: string,
    workload: WorkloadRef,
    outcome: RestoreOutcome = 'restored',
  ) {
    checkSnapshotName('markEntryRestored', namespace, operationId);
    const mutation: SnapshotMutation = {
      type: 'markEntryRestored',
      ...{ namespace, operationId, workload, outcome },
    };
    return (await this.#mutate(mutation)) as boolean;
  }

  async markSnapshotRestored(namespace: string, operationId: string): Promise<void> {
    checkSnapshotName('markSnapshotRestored', namespace, operationId);
    const mutation: SnapshotMutation = { type: 'markSnapshotRestored', namespace, operationId };
    await this.#mutate(mutation);
  }

  async deleteEntry(namespace: string, operationId: string, workload: WorkloadRef) {
    checkSnapshotName('deleteEntry', namespace, operationId);
    const mutation: SnapshotMutation = { type: 'deleteEntry', namespace, operationId, workload };
    return (await this.#mutate(mutation)) as boolean;
  }

  async getActiveSnapshot(namespace: string): Promise<LoadedSnapshot | undefined> {
    checkSnapshotName('getActiveSnapshot', namespace);
    return this.#namespaces.run(namespace, async () => {
      if (!this.#hasJournaled(namespace)) {
        return this.#dynamoDb.read('getActiveSnapshot', (store) =>
          store.getActiveSnapshot(namespace),
        );
      }
      const question = { active: true, operationIds: [] };
      return (await this.#project(namespace, question, 'strict')).active();
    });
  }

  async getSnapshot(namespace: string, operationId: string): Promise<LoadedSnapshot | undefined> {
    checkSnapshotName('getSnapshot', namespace, operationId);
    return this.#namespaces.run(namespace, async () => {
      if (!this.#hasJournaled(namespace)) {
        return this.#dynamoDb.read('getSnapshot', (store) =>
          store.getSnapshot(namespace, operationId),
        );
      }
      const question = { active: false, operationIds: [operationId] };
      return (await this.#project(namespace, question, 'strict')).get(operationId);
    });
  }

  async listHistory(namespace: string, limit: number): Promise<SnapshotSummary[]> {
    checkSnapshotName('listHistory', namespace);
    checkHistoryLimit(limit);
    return this.#namespaces.run(namespace, async () => {
      const records = this.#options.journal.recordsOf(namespace);
      const operationIds = [
        ...new Set(records.flatMap((record) => operationIdsOf(record.mutation))),
      ];
      const stored = await this.#dynamoDb.read('listHistory', (store) =>
        store.listHistory(namespace, limit + operationIds.length),
      );
      if (records.length === 0) return stored.slice(0, limit);
      const projection = await this.#project(namespace, { active: false, operationIds }, 'strict');
      return mergeHistory(stored, projection.summaries(), limit);
    });
  }

  /** Resolves once the replay pass that is running, if any, has ended. */
  replayIdle(): Promise<void> {
    return this.#replayer.idle();
  }

  /** Stops the background work and closes the journal. */
  async close(): Promise<void> {
    this.#options.readiness.stop();
    await this.#replayer.stop();
    this.#options.breaker.shutdown();
    await this.#options.journal.close();
    this.#options.onClose?.();
  }

  #mutate(mutation: SnapshotMutation) {
    const namespace = namespaceOf(mutation);
    return this.#namespaces.run(namespace, async () => {
      let failure: SnapshotStoreError | undefined;
      if (this.#dynamoDb.isReady() && !this.#hasJournaled(namespace)) {
        const call = await this.#dynamoDb.call(mutation.type, (store) =>
          applyMutation(store, mutation),
        );
        if (call.ok) {
          this.health.countWrite(mutation, call.value, 'dynamodb');
          return call.value;
        }
        failure = call.error;
      }

      const project = (question: OverlayQuestion) =>
        this.#project(namespace, question, failure ? 'offline' : 'tolerant');
      const now = this.#options.now?.() ?? new Date();
      const { record, result } = await journalMutation(
        mutation,
        now,
        this.#options.journal,
        project,
      );
      if (record === undefined) return result;

      this.health.journaled(record, failure);
      this.health.countWrite(mutation, result, 'journal');
      this.#replayer.trigger();
      return result;
    });
  }

  #hasJournaled(namespace: string): boolean {
    return this.#options.journal.recordsOf(namespace).length > 0;
  }

  /**
   * The namespace with its journaled records applied. `strict` reads DynamoDB for what the
   * journal cannot tell and throws when it cannot; `tolerant` leaves that unknown; `offline`
   * does not try (DynamoDB has just failed).
   */
  #project(namespace: string, question: OverlayQuestion, mode: 'strict' | 'tolerant' | 'offline') {
    return projectNamespace(this.#options.journal.recordsOf(namespace), question, {
      historyRetentionDays: this.#options.historyRetentionDays,
      base: mode === 'offline' ? undefined : this.#dynamoDb.overlayBase(namespace),
      mode: mode === 'strict' ? 'strict' : 'tolerant',
    });
  }
}
