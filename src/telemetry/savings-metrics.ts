import type { HourlyCost } from '../savings/cost.ts';
import type { Metrics } from './metrics.ts';

/**
 * Keeps `estimated_savings_hourly{namespace,resource}` equal to what each policy's asleep
 * namespaces save per hour, removing the series of a namespace once it no longer sleeps.
 */
export class SavingsGauge {
  private readonly metrics: Metrics;
  private readonly namespacesOf = new Map<string, Set<string>>();

  constructor(metrics: Metrics) {
    this.metrics = metrics;
  }

  set(policy: string, hourly: ReadonlyMap<string, HourlyCost>): void {
    const gauge = this.metrics.estimatedSavingsHourly;
    for (const namespace of this.namespacesOf.get(policy) ?? []) {
      if (hourly.has(namespace)) continue;
      gauge.remove({ namespace, resource: 'cpu' });
      gauge.remove({ namespace, resource: 'memory' });
    }
    for (const [namespace, cost] of hourly) {
      gauge.set({ namespace, resource: 'cpu' }, cost.cpu);
      gauge.set({ namespace, resource: 'memory' }, cost.memory);
    }
    this.namespacesOf.set(policy, new Set(hourly.keys()));
  }

  forget(policy: string): void {
    this.set(policy, new Map());
    this.namespacesOf.delete(policy);
  }
}
