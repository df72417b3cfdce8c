import type { DynamoDbBreaker, GuardedCall } from './breaker.ts';
import type { DynamoDbReadiness } from './dynamodb-readiness.ts';
import type { SnapshotStoreOperation } from './errors.ts';
import type { OverlayBase } from './journal/overlay.ts';
import type { SnapshotStore } from './store.ts';

/**
 * The one way the resilient store reaches DynamoDB: not before its table is ensured, and always
 * through the circuit breaker.
 */
export class DynamoDbGateway {
  readonly #dynamoDb: SnapshotStore;
  readonly #breaker: DynamoDbBreaker;
  readonly #readiness: DynamoDbReadiness;

  constructor(dynamoDb: SnapshotStore, breaker: DynamoDbBreaker, readiness: DynamoDbReadiness) {
    this.#dynamoDb = dynamoDb;
    this.#breaker = breaker;
    this.#readiness = readiness;
  }

  isReady(): boolean {
    return this.#readiness.isReady();
  }

  /** Resolves with the answer, or with why DynamoDB is unavailable; throws request problems. */
  async call<T>(
    operation: SnapshotStoreOperation,
    work: (store: SnapshotStore) => Promise<T>,
  ): Promise<GuardedCall<T>> {
    if (!this.#readiness.isReady()) {
      return { ok: false, error: this.#readiness.notReadyError(operation) };
    }
    return this.#breaker.call(operation, () => work(this.#dynamoDb));
  }

  /** A read that throws `Unavailable` (or the error that makes DynamoDB unusable) when it cannot. */
  async read<T>(
    operation: SnapshotStoreOperation,
    work: (store: SnapshotStore) => Promise<T>,
  ): Promise<T> {
    const call = await this.call(operation, work);
    if (!call.ok) throw call.error;
    return call.value;
  }

  /** What DynamoDB holds for a namespace, for a projection to build on. */
  overlayBase(namespace: string): OverlayBase {
    return {
      active: () => this.read('getActiveSnapshot', (store) => store.getActiveSnapshot(namespace)),
      snapshot: (operationId) =>
        this.read('getSnapshot', (store) => store.getSnapshot(namespace, operationId)),
    };
  }
}
