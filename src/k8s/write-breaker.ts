import type { EventEmitter } from 'node:events';

import CircuitBreaker from 'opossum';

import type { KubeRequestTarget } from './errors.ts';
import { KubeApiError } from './errors.ts';

/** The circuit breaker in front of the API server's workload writes (opossum's terms). */
export interface KubeWriteBreakerSettings {
  /** A write that takes longer fails, and its request is cancelled. */
  readonly timeoutMs: number;
  /** The breaker opens when more than this share of writes in the rolling window (10 s) fail. */
  readonly errorThresholdPercentage: number;
  /** How long the breaker stays open before it lets one trial write through (half-open). */
  readonly resetTimeoutMs: number;
  /** Writes in the rolling window before the breaker may open at all. */
  readonly volumeThreshold: number;
}

export const defaultKubeWriteBreakerSettings: KubeWriteBreakerSettings = {
  timeoutMs: 15_000,
  errorThresholdPercentage: 50,
  resetTimeoutMs: 15_000,
  volumeThreshold: 10,
};

export type KubeWriteBreakerState = 'closed' | 'open' | 'halfOpen';

type Write = (signal: AbortSignal) => Promise<unknown>;

/**
 * The API server answered about the request itself (not found, conflict, invalid, forbidden):
 * it is up, so the answer does not count against it. 429 and 5xx, timeouts and network errors do.
 */
export function isAnswerAboutRequest(err: unknown): boolean {
  return err instanceof KubeApiError && err.code >= 400 && err.code < 500 && err.code !== 429;
}

/**
 * Guards writes to workloads: when the API server keeps failing them, the breaker opens and
 * further writes fail at once for a while instead of piling up (the work queue retries them
 * later with backoff, so nothing is dropped). A write that outlives the timeout is aborted.
 * Only one attempt is made per call; the client's 429 retries happen outside the breaker, and
 * each counts as one call.
 */
export class KubeWriteBreaker {
  readonly name = 'kube-api-writes';
  readonly #breaker: CircuitBreaker<[Write, AbortController], unknown>;

  constructor(settings: KubeWriteBreakerSettings = defaultKubeWriteBreakerSettings) {
    this.#breaker = new CircuitBreaker(
      (write: Write, controller: AbortController) => write(controller.signal),
      {
        name: this.name,
        timeout: settings.timeoutMs,
        errorThresholdPercentage: settings.errorThresholdPercentage,
        resetTimeout: settings.resetTimeoutMs,
        volumeThreshold: settings.volumeThreshold,
        errorFilter: isAnswerAboutRequest,
      },
    );
    // Opossum passes the timed-out call's arguments to 'timeout' listeners (its typings omit it).
    const events: EventEmitter = this.#breaker;
    events.on('timeout', (_err: unknown, _latencyMs: unknown, args: [Write, AbortController]) => {
      args[1].abort(new Error(`the write timed out after ${settings.timeoutMs} ms`));
    });
  }

  /** Opossum's events (open, close, halfOpen, success, failure, timeout, reject), for metrics. */
  get events(): EventEmitter {
    return this.#breaker;
  }

  state(): KubeWriteBreakerState {
    if (this.#breaker.opened) return 'open';
    return this.#breaker.halfOpen ? 'halfOpen' : 'closed';
  }

  /**
   * Runs one write. Its errors come back as they are; a write refused because the breaker is
   * open, or cut off by the timeout, fails with a KubeApiError of code 0 about `target`.
   */
  async run<T>(target: KubeRequestTarget, write: (signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return (await this.#breaker.fire(write, new AbortController())) as T;
    } catch (err) {
      if (err instanceof KubeApiError) throw err;
      const code = (err as { code?: string }).code;
      const reason = code === 'EOPENBREAKER' ? 'CircuitOpen' : 'Timeout';
      const message =
        code === 'EOPENBREAKER'
          ? 'not sent: writes to the API server keep failing, so its circuit breaker is open'
          : err instanceof Error
            ? err.message
            : String(err);
      throw new KubeApiError(0, reason, message, target, { cause: err });
    }
  }

  shutdown(): void {
    this.#breaker.shutdown();
  }
}
