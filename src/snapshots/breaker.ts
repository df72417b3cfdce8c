import { EventEmitter } from 'node:events';

import CircuitBreaker from 'opossum';

import { withAbortSignal } from './abort-scope.ts';
import type { BreakerSettings } from './dynamodb/config.ts';
import {
  normaliseDynamoDbError,
  SnapshotStoreError,
  type SnapshotStoreErrorCode,
  type SnapshotStoreOperation,
} from './errors.ts';

export type BreakerState = 'closed' | 'open' | 'halfOpen';

/** Opossum's events, relayed for `circuit_breaker_events_total{breaker,event}`. */
export type BreakerEvent =
  'open' | 'close' | 'halfOpen' | 'success' | 'failure' | 'timeout' | 'reject';

const relayedEvents: readonly BreakerEvent[] = [
  'open',
  'close',
  'halfOpen',
  'success',
  'failure',
  'timeout',
  'reject',
];

/**
 * How one guarded call to DynamoDB ended: `ok`; `refused`, DynamoDB answered but refused the
 * request for what it asked (not a failure of DynamoDB, not counted by the breaker); `error`;
 * `timeout`; `short-circuited`, not sent because the breaker is open.
 */
export type DynamoDbRequestResult = 'ok' | 'refused' | 'error' | 'timeout' | 'short-circuited';

export interface DynamoDbRequestOutcome {
  readonly operation: SnapshotStoreOperation;
  readonly result: DynamoDbRequestResult;
  /** Absent for a short-circuited call, which sent nothing. */
  readonly durationSeconds?: number;
}

/** A call DynamoDB answered, or the reason it is unavailable for now. */
export type GuardedCall<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: SnapshotStoreError };

export interface BreakerEvents {
  breaker: [event: BreakerEvent];
  request: [outcome: DynamoDbRequestOutcome];
}

interface PendingCall {
  readonly controller: AbortController;
  readonly work: () => Promise<unknown>;
}

/** Errors about the request itself: DynamoDB is fine, so they neither open the breaker nor journal. */
const requestProblemCodes = new Set<SnapshotStoreErrorCode>([
  'InvalidRequest',
  'InvalidSnapshot',
  'CorruptSnapshot',
  'UnsupportedFormat',
  'Conflict',
]);

export function isRequestProblem(err: unknown): err is SnapshotStoreError {
  return err instanceof SnapshotStoreError && requestProblemCodes.has(err.code);
}

/**
 * Every call to DynamoDB goes through here: one opossum breaker, with a timeout that aborts the
 * call's requests (each call has its own AbortController). Calls are not retried here, and the
 * SDK client behind it makes one attempt, so retries never multiply: a failed write goes to the
 * journal, and the replayer tries again later.
 */
export class DynamoDbBreaker extends EventEmitter<BreakerEvents> {
  readonly name: string;
  readonly #breaker: CircuitBreaker<[PendingCall], unknown>;

  constructor(settings: BreakerSettings, name = 'dynamodb') {
    super();
    this.name = name;
    this.#breaker = new CircuitBreaker(
      (call: PendingCall) => withAbortSignal(call.controller.signal, call.work),
      {
        name,
        timeout: settings.timeoutMs,
        errorThresholdPercentage: settings.errorThresholdPercentage,
        resetTimeout: settings.resetTimeoutMs,
        volumeThreshold: settings.volumeThreshold,
        errorFilter: (err: unknown) => isRequestProblem(err),
      },
    );
    // Opossum passes the timed-out call's arguments to 'timeout' listeners (its typings omit it).
    const events: EventEmitter = this.#breaker;
    events.on('timeout', (_err: unknown, _latencyMs: unknown, args: [PendingCall]) => {
      args[0].controller.abort(new Error(`DynamoDB call timed out after ${settings.timeoutMs} ms`));
    });
    for (const event of relayedEvents) {
      events.on(event, () => this.emit('breaker', event));
    }
  }

  state(): BreakerState {
    if (this.#breaker.opened) return 'open';
    return this.#breaker.halfOpen ? 'halfOpen' : 'closed';
  }

  /**
   * Runs `work` through the breaker. Resolves with its value, or with the error that makes
   * DynamoDB unavailable for now (down, slow, throttled, refusing credentials, breaker open).
   * Throws a request problem (`isRequestProblem`) as it is: retrying elsewhere would not help.
   */
  async call<T>(
    operation: SnapshotStoreOperation,
    work: () => Promise<T>,
  ): Promise<GuardedCall<T>> {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const value = (await this.#breaker.fire({ controller: new AbortController(), work })) as T;
      this.emit('request', { operation, result: 'ok', durationSeconds: seconds() });
      return { ok: true, value };
    } catch (err) {
      if (isRequestProblem(err)) {
        this.emit('request', { operation, result: 'refused', durationSeconds: seconds() });
        throw err;
      }
      const code = breakerErrorCode(err);
      const result =
        code === 'ETIMEDOUT' ? 'timeout' : code === undefined ? 'error' : 'short-circuited';
      const durationSeconds = result === 'short-circuited' ? undefined : seconds();
      this.emit('request', {
        operation,
        result,
        ...(durationSeconds === undefined ? {} : { durationSeconds }),
      });
      return { ok: false, error: unavailable(err, operation, result) };
    }
  }

  /** Stops the breaker's timers. */
  shutdown(): void {
    this.#breaker.shutdown();
  }
}

/** The code opossum gives its own errors (ETIMEDOUT, EOPENBREAKER, …); undefined for others. */
function breakerErrorCode(err: unknown): string | undefined {
  if (!(err instanceof Error) || !CircuitBreaker.isOurError(err)) return undefined;
  return String((err as Error & { code?: unknown }).code);
}

function unavailable(
  err: unknown,
  operation: SnapshotStoreOperation,
  result: DynamoDbRequestResult,
): SnapshotStoreError {
  if (result === 'error') return normaliseDynamoDbError(err, operation);
  const problem =
    result === 'timeout'
      ? 'DynamoDB did not answer in time'
      : 'the DynamoDB circuit breaker is open';
  return new SnapshotStoreError(problem, { code: 'Unavailable', operation, cause: err });
}
