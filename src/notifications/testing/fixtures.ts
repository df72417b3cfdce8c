import type { Counter, Gauge } from 'prom-client';
import { Registry } from 'prom-client';

import { createLogger } from '../../telemetry/logger.ts';
import { createMetrics } from '../../telemetry/metrics.ts';
import type { Notification, NotificationChannel, NotificationMessage } from '../types.ts';

/** A wake failure as the controller would report it. */
export function wakeFailure(overrides: Partial<Notification> = {}): Notification {
  return {
    policy: 'nightly',
    namespace: 'team-a',
    outcome: 'WakeFailed',
    summary: 'deployment web had 0 of 2 replicas ready after 300 s',
    action: 'rolled team-a back to its state before the wake and locked it for 30 min',
    nextStep: 'check the events of deployment web, then wake team-a with an override',
    correlationId: 'c0ffee00-0000-4000-8000-000000000001',
    ...overrides,
  };
}

/** The metrics of a fresh registry, so that tests do not see each other's counts. */
export function freshMetrics() {
  return createMetrics(new Registry());
}

/** The value of a counter or gauge for these labels, 0 when it was never set. */
export async function metricValue(
  counter: Counter<string> | Gauge<string>,
  labels: Record<string, string>,
): Promise<number> {
  const { values } = await counter.get();
  const match = values.find((sample) =>
    Object.entries(labels).every(([name, value]) => sample.labels[name] === value),
  );
  return match?.value ?? 0;
}

/**
 * A channel whose sends do what `behaviour` says, and which remembers every attempt and the
 * signal it was given.
 */
export class FakeChannel implements NotificationChannel {
  readonly kind: string;
  readonly destination: string;
  readonly attempts: { message: NotificationMessage; signal: AbortSignal }[] = [];
  behaviour: (attempt: number, signal: AbortSignal) => Promise<void>;

  constructor(
    kind = 'fake',
    behaviour: (attempt: number, signal: AbortSignal) => Promise<void> = () => Promise.resolve(),
  ) {
    this.kind = kind;
    this.destination = `test/${kind}`;
    this.behaviour = behaviour;
  }

  send(message: NotificationMessage, signal: AbortSignal): Promise<void> {
    this.attempts.push({ message, signal });
    return this.behaviour(this.attempts.length, signal);
  }
}

/** A send that never ends by itself, only when its signal aborts. */
export function hangUntilAborted(_attempt: number, signal: AbortSignal): Promise<void> {
  return new Promise((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
  });
}

/** A promise and the function that resolves it. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** A logger that keeps its JSON lines, with the redaction of the process logger. */
export function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = {
    write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>),
  };
  return { logger: createLogger('debug', stream), lines };
}
