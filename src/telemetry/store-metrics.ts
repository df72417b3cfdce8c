import type { SnapshotStoreMonitor } from '../snapshots/store-monitor.ts';
import type { Metrics } from './metrics.ts';

const breakerLevels = { closed: 0, halfOpen: 1, open: 2 } as const;

/**
 * Feeds the snapshot store's events into the metrics: DynamoDB requests and their durations,
 * circuit breaker events, snapshots written per store. Gauges (journal backlog, breaker state)
 * are read from the store when Prometheus scrapes, through `refresh`.
 */
export function observeSnapshotStore(metrics: Metrics, health: SnapshotStoreMonitor) {
  health.events.on('request', (outcome) => {
    metrics.dynamoDbRequests.inc({ operation: outcome.operation, result: outcome.result });
    if (outcome.durationSeconds !== undefined) {
      metrics.dynamoDbRequestDuration.observe(
        { operation: outcome.operation },
        outcome.durationSeconds,
      );
    }
  });
  health.events.on('breaker', (event) => metrics.breakerEvents.inc({ breaker: 'dynamodb', event }));
  health.events.on('snapshotWritten', (store) => metrics.snapshotsWritten.inc({ store }));

  return {
    refresh(): void {
      metrics.journalPending.set(health.pendingJournalRecords());
      metrics.breakerState.set({ breaker: 'dynamodb' }, breakerLevels[health.breakerState()]);
    },
  };
}
