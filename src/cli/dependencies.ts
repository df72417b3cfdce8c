import type { Logger } from 'pino';

import type { KubeWriteBreaker } from '../k8s/write-breaker.ts';
import type { ResilientSnapshotStore } from '../snapshots/resilient-store.ts';
import { DependencyHealth } from '../telemetry/dependency-health.ts';
import type { OpenBreakers } from '../telemetry/open-breakers.ts';

/**
 * The dependencies the `Degraded` condition reports, each registered once: the snapshot store
 * (DynamoDB), the circuit breaker on API server writes, and the breakers of Prometheus servers
 * and of Slack and SMTP destinations (through `openBreakers`).
 */
export function dependencyHealth(
  store: ResilientSnapshotStore,
  writeBreaker: KubeWriteBreaker,
  openBreakers: OpenBreakers,
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

  const openNow = (prefix: string, consequence: string) => () => {
    const open = openBreakers.named(prefix).map((name) => name.slice(prefix.length));
    return open.length ? `circuit breaker open for ${open.join(', ')}; ${consequence}` : undefined;
  };
  health.register({
    dependency: 'Prometheus',
    degradation: openNow('prometheus/', 'wakes are judged on readiness alone'),
  });
  health.register({
    dependency: 'Slack',
    degradation: openNow('notifications/slack/', 'notifications to it wait and are retried'),
  });
  health.register({
    dependency: 'SMTP',
    degradation: openNow('notifications/email/', 'notifications to it wait and are retried'),
  });
  openBreakers.onChange(() => health.changed());
  return health;
}
