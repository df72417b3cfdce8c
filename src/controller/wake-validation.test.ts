import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { PrometheusCheckResult } from '../health/types.ts';
import { createMetrics } from '../telemetry/metrics.ts';
import type { OperationDeps, OperationTarget } from './operation.ts';
import { runPrometheusCheck } from './wake-validation.ts';

const prometheus = { url: 'http://prometheus:9090', query: 'errors', maxValue: 0 };

function depsAnswering(result?: PrometheusCheckResult) {
  const metrics = createMetrics();
  const deps = {
    metrics,
    prometheus: result ? { check: () => Promise.resolve(result) } : undefined,
  } as unknown as OperationDeps;
  return { deps, metrics };
}

function target(withQuery: boolean): OperationTarget {
  return {
    namespace: 'team-a',
    policyName: 'dev',
    spec: withQuery ? { healthCheck: { prometheus } } : {},
  };
}

async function count(metrics: ReturnType<typeof createMetrics>, result: string) {
  const values = (await metrics.healthChecks.get()).values;
  return values.find((value) => value.labels.result === result)?.value ?? 0;
}

describe('runPrometheusCheck', () => {
  it('O1 without a query, readiness alone passes the wake and counts passed', async () => {
    const { deps, metrics } = depsAnswering();
    assert.deepEqual(await runPrometheusCheck(deps, target(false)), {});
    assert.equal(await count(metrics, 'passed'), 1);
  });

  it('O1 a query above its bound fails the wake with Prometheus named', async () => {
    const { deps } = depsAnswering({ status: 'failed', value: 7, message: 'errors gave 7' });
    assert.deepEqual(await runPrometheusCheck(deps, target(true)), {
      failed: 'Prometheus check failed: errors gave 7',
    });
  });

  it('O1 Prometheus unavailable leaves readiness to decide, with a note for status', async () => {
    const message = 'Prometheus could not be asked; the wake is judged on readiness alone';
    const { deps } = depsAnswering({ status: 'unavailable', message });
    assert.deepEqual(await runPrometheusCheck(deps, target(true)), { note: message });
  });
});
