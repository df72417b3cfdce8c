import { setTimeout as delay } from 'node:timers/promises';

import type { ChannelBreaker } from './channel-breaker.ts';
import { isRetryable } from './errors.ts';
import type { NotificationChannel, NotificationMessage } from './types.ts';

export interface DeliverySettings {
  /** Attempts per message, the first included. */
  readonly maxAttempts: number;
  /** Wait before the first retry; each further retry waits twice as long, up to the cap. */
  readonly retryDelayMs: number;
  readonly maxRetryDelayMs: number;
  /** Messages waiting for one destination; past it the oldest waiting message is dropped. */
  readonly maxQueued: number;
}

export const defaultDeliverySettings: DeliverySettings = {
  maxAttempts: 3,
  retryDelayMs: 2_000,
  maxRetryDelayMs: 30_000,
  maxQueued: 100,
};

export interface Delivery {
  readonly channel: NotificationChannel;
  readonly message: NotificationMessage;
}

/** `sent`; `failed` after its last attempt; `dropped` unsent (queue full, or shutting down). */
export type DeliveryResult = 'sent' | 'failed' | 'dropped';

export interface DeliveryReport {
  readonly delivery: Delivery;
  readonly result: DeliveryResult;
  readonly attempts: number;
  readonly error?: unknown;
}

/**
 * The background queue of one destination: messages go out one at a time, in order, through the
 * destination's breaker, each retried a bounded number of times with growing waits. A problem
 * that needs a person (a bad Secret, a refused message) is not retried. Nothing here ever
 * throws to the code that enqueued.
 */
export class DeliveryLane {
  readonly #breaker: ChannelBreaker;
  readonly #settings: DeliverySettings;
  readonly #report: (report: DeliveryReport) => void;
  readonly #stopping: AbortSignal;
  readonly #waiting: Delivery[] = [];
  #draining: Promise<void> | undefined;

  constructor(
    breaker: ChannelBreaker,
    settings: DeliverySettings,
    report: (report: DeliveryReport) => void,
    stopping: AbortSignal,
  ) {
    this.#breaker = breaker;
    this.#settings = settings;
    this.#report = report;
    this.#stopping = stopping;
  }

  enqueue(delivery: Delivery): void {
    if (this.#waiting.length >= this.#settings.maxQueued) {
      const oldest = this.#waiting.shift();
      if (oldest) this.#tell({ delivery: oldest, result: 'dropped', attempts: 0 });
    }
    this.#waiting.push(delivery);
    this.#draining ??= this.#drain().finally(() => (this.#draining = undefined));
  }

  /** Resolves when nothing is waiting or being sent. */
  async idle(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  async #drain(): Promise<void> {
    for (let next = this.#waiting.shift(); next; next = this.#waiting.shift()) {
      if (this.#stopping.aborted) {
        this.#tell({ delivery: next, result: 'dropped', attempts: 0 });
        continue;
      }
      await this.#deliver(next);
    }
  }

  async #deliver(delivery: Delivery): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.#breaker.send(delivery.channel, delivery.message, this.#stopping);
        this.#tell({ delivery, result: 'sent', attempts: attempt });
        return;
      } catch (error) {
        const lastAttempt = attempt >= this.#settings.maxAttempts || !isRetryable(error);
        if (lastAttempt || !(await this.#waitBeforeRetry(attempt))) {
          this.#tell({ delivery, result: 'failed', attempts: attempt, error });
          return;
        }
      }
    }
  }

  /** False when the notifier stops during the wait. */
  async #waitBeforeRetry(attempt: number): Promise<boolean> {
    const { retryDelayMs, maxRetryDelayMs } = this.#settings;
    const wait = Math.min(retryDelayMs * 2 ** (attempt - 1), maxRetryDelayMs);
    try {
      await delay(wait, undefined, { signal: this.#stopping });
      return true;
    } catch {
      return false;
    }
  }

  #tell(report: DeliveryReport): void {
    try {
      this.#report(report);
    } catch {
      // Reporting (metrics, logs) must never stop deliveries.
    }
  }
}
