import {
  normaliseDynamoDbError,
  SnapshotStoreError,
  type SnapshotStoreOperation,
} from './errors.ts';

export interface DynamoDbReadinessOptions {
  /** Makes DynamoDB usable: ensures the snapshot table. Undefined: DynamoDB is usable at once. */
  readonly prepare?: () => Promise<unknown>;
  /** Pause between attempts while it fails. */
  readonly retryMs: number;
}

/**
 * Whether DynamoDB can be used at all: its table has been ensured once. Until then the resilient
 * store journals every change, and `prepare` is tried again in the background, so the controller
 * starts (and puts namespaces to sleep) while DynamoDB is down (O3). A table that does not exist
 * and may not be created, or has the wrong keys, is a configuration mistake: `start` throws it.
 */
export class DynamoDbReadiness {
  readonly #options: DynamoDbReadinessOptions;
  readonly #listeners: Array<() => void> = [];
  #ready: boolean;
  #lastError: SnapshotStoreError | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(options: DynamoDbReadinessOptions) {
    this.#options = options;
    this.#ready = options.prepare === undefined;
  }

  isReady(): boolean {
    return this.#ready;
  }

  /** Why the last attempt to prepare DynamoDB failed; undefined once it is ready. */
  lastError(): SnapshotStoreError | undefined {
    return this.#lastError;
  }

  onReady(listener: () => void): void {
    this.#listeners.push(listener);
  }

  /** The error a read gets while DynamoDB is not ready. */
  notReadyError(operation: SnapshotStoreOperation): SnapshotStoreError {
    const why = this.#lastError ? `: ${this.#lastError.message}` : '';
    return new SnapshotStoreError(`DynamoDB is not ready yet${why}`, {
      code: 'Unavailable',
      operation,
      cause: this.#lastError,
    });
  }

  /**
   * Tries `prepare` once, waiting at most `waitMs` for it; when it fails or takes longer, the
   * attempts go on in the background. Throws only a configuration mistake.
   */
  async start(waitMs: number): Promise<void> {
    if (this.#ready) return;
    const attempt = this.#attempt();
    const timedOut = new Promise<'waiting'>((resolve) => {
      setTimeout(() => resolve('waiting'), waitMs).unref();
    });
    const first = await Promise.race([attempt, timedOut]);
    if (first instanceof SnapshotStoreError && isConfigurationMistake(first)) {
      this.#stopped = true;
      throw first;
    }
    void attempt.then((error) => error && this.#retryLater());
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
  }

  async #attempt(): Promise<SnapshotStoreError | undefined> {
    try {
      await this.#options.prepare?.();
    } catch (err) {
      this.#lastError = normaliseDynamoDbError(err, 'ensureTable');
      return this.#lastError;
    }
    this.#ready = true;
    this.#lastError = undefined;
    for (const listener of this.#listeners) listener();
    return undefined;
  }

  #retryLater(): void {
    if (this.#stopped) return;
    this.#retryTimer = setTimeout(() => {
      void this.#attempt().then((error) => error && this.#retryLater());
    }, this.#options.retryMs);
    this.#retryTimer.unref();
  }
}

function isConfigurationMistake(error: SnapshotStoreError): boolean {
  return error.code === 'TableNotFound' || error.code === 'InvalidRequest';
}
