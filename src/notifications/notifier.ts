import type { ConnectionOptions } from 'node:tls';

import type { Logger } from 'pino';

import type { Notifications } from '../gen/namespace-scaling-policy.ts';
import type { Metrics } from '../telemetry/metrics.ts';
import { ChannelBreaker, defaultChannelBreakerSettings } from './channel-breaker.ts';
import type { ChannelBreakerSettings } from './channel-breaker.ts';
import { channelsFromSpec } from './channels.ts';
import { DeliveryLane, defaultDeliverySettings } from './delivery-lane.ts';
import type { DeliveryReport, DeliverySettings } from './delivery-lane.ts';
import { DuplicateFilter, defaultDuplicateWindowMs } from './duplicate-filter.ts';
import type { OpenBreakers } from '../telemetry/open-breakers.ts';
import { composeMessage } from './message.ts';
import { isOutcomeSelected } from './outcomes.ts';
import type { Notification, NotificationChannel, SecretReader } from './types.ts';

export type NotificationMetrics = Pick<Metrics, 'notifications' | 'breakerState' | 'breakerEvents'>;

export interface NotifierOptions {
  readonly readSecret: SecretReader;
  readonly metrics?: NotificationMetrics | undefined;
  readonly logger?: Logger | undefined;
  /** Milliseconds since the epoch; the duplicate window is measured with it. */
  readonly now?: (() => number) | undefined;
  readonly duplicateWindowMs?: number | undefined;
  readonly delivery?: Partial<DeliverySettings> | undefined;
  readonly breaker?: Partial<ChannelBreakerSettings> | undefined;
  /** Settings per channel kind (`slack`, `email`), over `breaker`. */
  readonly breakerByKind?: Readonly<Record<string, Partial<ChannelBreakerSettings>>> | undefined;
  /** Told about each destination's breaker, for the `Degraded` condition. */
  readonly openBreakers?: OpenBreakers | undefined;
  /** Extra TLS options for SMTP servers, such as a private CA (`ca`). */
  readonly smtpTls?: ConnectionOptions | undefined;
  /** Chooses a policy's channels from the configured ones; the place to add an Events channel. */
  readonly channelsFor?:
    | ((
        spec: Notifications | undefined,
        configured: NotificationChannel[],
      ) => NotificationChannel[])
    | undefined;
}

/**
 * What `notify` decided: `Queued` for delivery in the background to `channels`; `NotSelected`,
 * the policy's `notifications.on` leaves the outcome out; `NoChannel`, the policy configures no
 * channel; `Duplicate`, the same notification was queued within the duplicate window; `Closed`.
 */
export interface NotifyResult {
  readonly decision: 'Queued' | 'NotSelected' | 'NoChannel' | 'Duplicate' | 'Closed';
  readonly channels: readonly string[];
}

interface Destination {
  readonly breaker: ChannelBreaker;
  readonly lane: DeliveryLane;
}

/**
 * Tells people what happened to a namespace, on the channels its policy configures, for the
 * outcomes it selects (O2, O4). `notify` decides and enqueues, and returns at once: delivery
 * happens in the background, one queue and one circuit breaker per destination, so a slow or
 * failing Slack or SMTP server never delays the caller or the other destinations.
 */
export class Notifier {
  readonly #options: NotifierOptions;
  readonly #duplicates: DuplicateFilter;
  readonly #breakerSettings: ChannelBreakerSettings;
  readonly #deliverySettings: DeliverySettings;
  readonly #destinations = new Map<string, Destination>();
  readonly #stopping = new AbortController();
  #closed = false;

  constructor(options: NotifierOptions) {
    this.#options = options;
    const window = options.duplicateWindowMs ?? defaultDuplicateWindowMs;
    this.#duplicates = new DuplicateFilter(window, options.now ?? Date.now);
    this.#breakerSettings = { ...defaultChannelBreakerSettings, ...options.breaker };
    this.#deliverySettings = { ...defaultDeliverySettings, ...options.delivery };
  }

  notify(spec: Notifications | undefined, notification: Notification): NotifyResult {
    if (this.#closed) return { decision: 'Closed', channels: [] };
    if (!isOutcomeSelected(spec, notification.outcome)) {
      return { decision: 'NotSelected', channels: [] };
    }

    const channels = this.#channelsFor(spec);
    const kinds = channels.map((channel) => channel.kind);
    if (channels.length === 0) return { decision: 'NoChannel', channels: [] };
    if (!this.#duplicates.admit(notification)) {
      for (const channel of kinds) {
        this.#options.metrics?.notifications.inc({ channel, result: 'suppressed' });
      }
      return { decision: 'Duplicate', channels: kinds };
    }

    const message = composeMessage(notification);
    for (const channel of channels) {
      this.#destination(channel).lane.enqueue({ channel, message });
    }
    return { decision: 'Queued', channels: kinds };
  }

  /** Resolves when every queued message has been sent or given up. */
  async idle(): Promise<void> {
    await Promise.all([...this.#destinations.values()].map(({ lane }) => lane.idle()));
  }

  /**
   * Stops taking notifications, gives queued ones up to `graceMs` to go out, then aborts the sends
   * in flight (counted as `failed`) and drops the rest (counted as `dropped`), and stops the
   * breakers' timers.
   */
  async close(graceMs = 5_000): Promise<void> {
    this.#closed = true;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([this.idle(), grace]);
    clearTimeout(timer);

    this.#stopping.abort();
    await this.idle();
    for (const { breaker } of this.#destinations.values()) breaker.shutdown();
  }

  #channelsFor(spec: Notifications | undefined): NotificationChannel[] {
    const configured = channelsFromSpec(spec, {
      readSecret: this.#options.readSecret,
      smtpTimeoutMs:
        this.#options.breakerByKind?.email?.timeoutMs ?? this.#breakerSettings.timeoutMs,
      smtpTls: this.#options.smtpTls,
    });
    return this.#options.channelsFor ? this.#options.channelsFor(spec, configured) : configured;
  }

  #destination(channel: NotificationChannel): Destination {
    const name = `notifications/${channel.kind}/${channel.destination}`;
    let destination = this.#destinations.get(name);
    if (!destination) {
      const settings = { ...this.#breakerSettings, ...this.#options.breakerByKind?.[channel.kind] };
      const breaker = new ChannelBreaker(name, settings, this.#options.metrics);
      this.#options.openBreakers?.watch(breaker.events, name);
      const lane = new DeliveryLane(
        breaker,
        this.#deliverySettings,
        (report) => this.#report(report),
        this.#stopping.signal,
      );
      destination = { breaker, lane };
      this.#destinations.set(name, destination);
    }
    return destination;
  }

  #report({ delivery, result, attempts, error }: DeliveryReport): void {
    const { channel, message } = delivery;
    this.#options.metrics?.notifications.inc({ channel: channel.kind, result });

    const n = message.notification;
    // Delivery runs outside the caller's operation, so its fields are set here explicitly.
    const fields = {
      policy: n.policy,
      namespace: n.namespace,
      correlationId: n.correlationId,
      operation: 'notify',
      outcome: n.outcome,
      channel: channel.kind,
      destination: channel.destination,
      attempts,
    };
    if (result === 'sent') this.#options.logger?.debug(fields, 'notification sent');
    else this.#options.logger?.warn({ ...fields, err: error }, `notification ${result}`);
  }
}
