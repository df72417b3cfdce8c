import type { Metrics } from '../telemetry/metrics.ts';
import type { OutcomeBook } from './outcome-book.ts';
import type { NamespaceState } from './types.ts';

const states: readonly NamespaceState[] = [
  'Awake',
  'Asleep',
  'GoingToSleep',
  'Waking',
  'RollingBack',
  'Failed',
  'Excluded',
  'Conflict',
];

/**
 * Sets the gauges that describe the current state, from what the reconciles last found:
 * namespaces by state, managed workloads by kind, namespaces with invalid configuration, and the
 * queue depth. Called right before each scrape.
 */
export function collectStateMetrics(metrics: Metrics, book: OutcomeBook, queueDepth: number): void {
  const outcomes = book.all();
  for (const state of states) {
    metrics.namespaces.set({ state }, outcomes.filter((outcome) => outcome.state === state).length);
  }
  const byKind = new Map<string, number>();
  for (const outcome of outcomes) {
    for (const [kind, count] of Object.entries(outcome.workloadsByKind ?? {})) {
      byKind.set(kind, (byKind.get(kind) ?? 0) + count);
    }
  }
  metrics.workloadsManaged.reset();
  for (const [kind, count] of byKind) metrics.workloadsManaged.set({ kind }, count);
  const invalid = outcomes.filter((outcome) => outcome.invalid !== undefined).length;
  metrics.invalidObjects.set({ kind: 'Namespace' }, invalid);
  metrics.queueDepth.set(queueDepth);
}
