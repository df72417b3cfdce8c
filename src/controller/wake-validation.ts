import type { OperationDeps, OperationTarget } from './operation.ts';

/**
 * The check after readiness (O1): the policy's Prometheus query when it has one, else readiness
 * alone. Prometheus that cannot be asked leaves the decision to readiness, and says so.
 */
export async function runPrometheusCheck(
  deps: OperationDeps,
  target: OperationTarget,
): Promise<{ failed?: string; note?: string }> {
  const check = target.spec.healthCheck?.prometheus;
  if (!check) {
    deps.metrics.healthChecks.inc({ result: 'passed' });
    return {};
  }
  if (!deps.prometheus) {
    deps.metrics.healthChecks.inc({ result: 'unavailable' });
    return { note: 'no Prometheus client in this process; the wake is judged on readiness alone' };
  }
  const result = await deps.prometheus.check(check);
  if (result.status === 'failed') return { failed: `Prometheus check failed: ${result.message}` };
  if (result.status === 'unavailable') return { note: result.message };
  return {};
}
