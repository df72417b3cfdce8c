import type { Logger } from 'pino';

import type { KubeWriteBreaker } from '../k8s/write-breaker.ts';
import type { ResilientSnapshotStore } from '../snapshots/resilient-store.ts';
import { DependencyHealth } from '../telemetry/dependency-health.ts';

/**
 * The dependencies the `Degraded` condition reports, each registered once: the snapshot store
 * (DynamoDB) and the circuit breaker on API server writes.
 */
export function dependencyHealth(
  store: ResilientSnapshotStore,
  writeBreaker: KubeWriteBreaker,
  logger: Logger,
): DependencyHealth {
  const health = new DependencyHealth();

  health.register({
    dependency: 'DynamoDB',
    degradation: () => {
      const degradation = store.health.degradation();
      return degradation.degraded ? degradation.message : undefined;
    },
  });
  store.health.events.on('degradation', () => health.changed());

  health.register({
    dependency: 'KubeAPIServer',
    degradation: () =>
      writeBreaker.state() === 'open'
        ? 'writes to workloads keep failing; their circuit breaker is open and scaling waits'
        : undefined,
  });
  for (const event of ['open', 'close']) {
    writeBreaker.events.on(event, () => {
      logger.warn({ breaker: writeBreaker.name, state: event }, 'API write breaker changed');
      health.changed();
    });
  }

  // The breakers of Prometheus queries, Slack and SMTP join here: `health.register({ dependency:
  // 'Prometheus', degradation })` and a call of `health.changed()` on each of their state changes.
  return health;
}
