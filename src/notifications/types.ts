import type { NotificationTrigger } from '../gen/namespace-scaling-policy.ts';

/**
 * The situations a policy can be notified about; the CRD's `notifications.on` values. Every one but
 * `Transition` is a failure.
 */
export type NotificationOutcome = NotificationTrigger;

/** One thing that happened to a namespace, told so that a person can act on it. */
export interface Notification {
  readonly policy: string;
  readonly namespace: string;
  readonly outcome: NotificationOutcome;
  /** What happened, such as "deployment web did not become ready within 300 s". */
  readonly summary: string;
  /** What nsscaler did about it, such as "rolled team-a back to its state before the wake". */
  readonly action: string;
  /** What a person should do next. */
  readonly nextStep: string;
  readonly correlationId: string;
}

/** A notification written for people: one line for a subject, and the full text. */
export interface NotificationMessage {
  readonly notification: Notification;
  readonly subject: string;
  readonly text: string;
}

/**
 * Somewhere a message can be delivered. `kind` labels metrics (`slack`, `email`, `events`).
 * `destination` names where it goes without revealing a secret: a Secret reference such as
 * `namespace/name/key`, never a URL or a password. Messages to one destination share a circuit
 * breaker and a delivery queue.
 */
export interface NotificationChannel {
  readonly kind: string;
  readonly destination: string;
  /** Delivers the message, or rejects; gives up when `signal` aborts. */
  send(message: NotificationMessage, signal: AbortSignal): Promise<void>;
}

/** Reads a Secret's data, decoded from base64. Rejects with a NotificationError. */
export type SecretReader = (namespace: string, name: string) => Promise<Record<string, string>>;
