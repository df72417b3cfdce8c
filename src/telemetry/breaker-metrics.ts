import type { EventEmitter } from 'node:events';

import type { Metrics } from './metrics.ts';

export type BreakerMetrics = Pick<Metrics, 'breakerState' | 'breakerEvents'>;

const stateValues = { closed: 0, halfOpen: 1, open: 2 } as const;

const countedEvents = ['open', 'close', 'halfOpen', 'success', 'failure', 'timeout', 'reject'];

/**
 * Reports one opossum breaker as `circuit_breaker_state{breaker}` (0 closed, 1 half-open,
 * 2 open) and `circuit_breaker_events_total{breaker,event}`.
 */
export function reportBreakerMetrics(
  breaker: EventEmitter,
  name: string,
  metrics: BreakerMetrics | undefined,
): void {
  if (!metrics) return;

  metrics.breakerState.set({ breaker: name }, stateValues.closed);
  breaker.on('open', () => metrics.breakerState.set({ breaker: name }, stateValues.open));
  breaker.on('halfOpen', () => metrics.breakerState.set({ breaker: name }, stateValues.halfOpen));
  breaker.on('close', () => metrics.breakerState.set({ breaker: name }, stateValues.closed));
  for (const event of countedEvents) {
    breaker.on(event, () => metrics.breakerEvents.inc({ breaker: name, event }));
  }
}
