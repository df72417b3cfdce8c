import type { EventEmitter } from 'node:events';

import CircuitBreaker from 'opossum';

import { reportBreakerMetrics } from '../telemetry/breaker-metrics.ts';
import type { BreakerMetrics } from '../telemetry/breaker-metrics.ts';
import { NotificationError } from './errors.ts';
import type { NotificationChannel, NotificationMessage } from './types.ts';

/** The circuit breaker in front of one destination (opossum's terms). */
export interface ChannelBreakerSettings {
  /** A send that takes longer fails, and its request is aborted. */
  readonly timeoutMs: number;
  /** The breaker opens when more than this share of sends in the rolling window fail. */
  readonly errorThresholdPercentage: number;
  /** How long the breaker stays open before it lets one trial send through (half-open). */
  readonly resetTimeoutMs: number;
  /** Sends in the rolling window (10 s) before the breaker may open at all. */
  readonly volumeThreshold: number;
}

export const defaultChannelBreakerSettings: ChannelBreakerSettings = {
  timeoutMs: 10_000,
  errorThresholdPercentage: 50,
  resetTimeoutMs: 30_000,
  volumeThreshold: 3,
};

interface PendingSend {
  readonly channel: NotificationChannel;
  readonly message: NotificationMessage;
  readonly controller: AbortController;
  /** Aborted by the breaker's timeout, or by `stop`. */
  readonly signal: AbortSignal;
}

/**
 * Errors that say nothing about the destination's health, so they do not count towards opening
 * the breaker: a Secret that is missing or malformed, and a destination that answered and refused
 * the message (a Slack 404 `no_service` or 409 `channel_is_archived`, any 4xx but 429). Those
 * need a person, and a healthy webhook keeps answering them at once.
 */
function isNotAHealthProblem(err: unknown): boolean {
  return (
    err instanceof NotificationError &&
    (err.code === 'SecretInvalid' || err.code === 'SecretUnreadable' || err.code === 'Refused')
  );
}

/**
 * Guards the sends to one destination with an opossum breaker. Each send has its own
 * AbortController, aborted when the breaker's timeout gives up on it, so a slow server does not
 * keep a request open after nsscaler has stopped waiting. Opossum's own errors come out as
 * NotificationErrors (`Timeout`, `BreakerOpen`).
 */
export class ChannelBreaker {
  readonly name: string;
  readonly #breaker: CircuitBreaker<[PendingSend], void>;
  readonly #settings: ChannelBreakerSettings;

  constructor(name: string, settings: ChannelBreakerSettings, metrics?: BreakerMetrics) {
    this.name = name;
    this.#settings = settings;
    this.#breaker = new CircuitBreaker(
      (send: PendingSend) => send.channel.send(send.message, send.signal),
      {
        name,
        timeout: settings.timeoutMs,
        errorThresholdPercentage: settings.errorThresholdPercentage,
        resetTimeout: settings.resetTimeoutMs,
        volumeThreshold: settings.volumeThreshold,
        errorFilter: isNotAHealthProblem,
      },
    );
    // A timeout is reported as a failure too; aborting a send that already ended does nothing.
    this.#breaker.on('failure', (_err, _latency, [send]) => send.controller.abort());
    reportBreakerMetrics(this.#breaker, name, metrics);
  }

  /** Opossum's events (open, close, halfOpen, ...), for whoever reports the breaker's state. */
  get events(): EventEmitter {
    return this.#breaker;
  }

  get state(): 'closed' | 'open' | 'halfOpen' {
    if (this.#breaker.opened) return 'open';
    return this.#breaker.halfOpen ? 'halfOpen' : 'closed';
  }

  /** Sends through the breaker; `stop` aborts the send too (the notifier shutting down). */
  async send(
    channel: NotificationChannel,
    message: NotificationMessage,
    stop?: AbortSignal,
  ): Promise<void> {
    const controller = new AbortController();
    const signal = stop ? AbortSignal.any([controller.signal, stop]) : controller.signal;
    try {
      await this.#breaker.fire({ channel, message, controller, signal });
    } catch (err) {
      throw this.#normalise(err, channel.kind);
    }
  }

  shutdown(): void {
    this.#breaker.shutdown();
  }

  #normalise(err: unknown, kind: string): unknown {
    if (!(err instanceof Error) || !CircuitBreaker.isOurError(err)) return err;
    const code = (err as Error & { code?: string }).code;
    if (code === 'ETIMEDOUT') {
      return new NotificationError(`no answer within ${this.#settings.timeoutMs} ms`, {
        code: 'Timeout',
        channel: kind,
        cause: err,
      });
    }
    return new NotificationError(`circuit breaker ${this.name} is open`, {
      code: 'BreakerOpen',
      channel: kind,
      cause: err,
    });
  }
}
