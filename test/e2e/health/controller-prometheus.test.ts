import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { waitFor } from '../support/kube.ts';
import type { Nsscaler } from '../support/nsscaler.ts';
import { startNsscaler } from '../support/nsscaler.ts';
import { conditionOf, readPolicy, waitForNamespaceState } from '../support/policies.ts';
import { scenarios } from '../support/scenarios.ts';
import { deployment } from '../support/workloads.ts';
import { Exporter, PrometheusServer } from './prometheus-server.ts';

const errorsQuery = 'max(e2e_app_errors{app="web"})';

async function currentValue(url: string): Promise<string | undefined> {
  const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(errorsQuery)}`);
  const answer = (await response.json()) as { data?: { result?: { value: [number, string] }[] } };
  return answer.data?.result?.[0]?.value[1];
}

describe('the Prometheus check after a wake, through the controller (O1, O2)', () => {
  let env: Nsscaler;
  const { scenario, cleanUp } = scenarios(() => env.cluster);
  const exporter = new Exporter();
  const prometheus = new PrometheusServer();
  let url: string;

  before(async () => {
    url = await prometheus.start(await exporter.start());
    await waitFor('the first scrape of the exporter', () => currentValue(url), {
      timeoutMs: 20_000,
    });
    // The breaker opens on the first query Prometheus does not answer, whatever the earlier
    // tests' answered queries left in its rolling window, so Degraded can show it.
    env = await startNsscaler('prometheus-wake', {
      NSSCALER_PROMETHEUS_BREAKER_VOLUME_THRESHOLD: '1',
      NSSCALER_PROMETHEUS_BREAKER_ERROR_PERCENTAGE: '1',
      NSSCALER_PROMETHEUS_BREAKER_RESET_TIMEOUT_MS: '600000',
    });
  });

  after(async () => {
    await cleanUp();
    await env.close();
    await prometheus.remove();
    await exporter.stop();
  });

  async function wakeOnce(prefix: string) {
    const s = await scenario(prefix, {
      healthCheck: { timeoutSeconds: 30, prometheus: { url, query: errorsQuery, maxValue: 0 } },
      rollback: { coolDownSeconds: 600 },
    });
    await env.cluster.apps.createNamespacedDeployment({
      namespace: s.namespace,
      body: deployment('web', 1),
    });
    await s.create();
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Asleep');
    await s.wake();
    return s;
  }

  const entryOf = async (policy: string, namespace: string) =>
    (await readPolicy(env.cluster, policy)).status?.namespaces?.find((n) => n.name === namespace);

  it('O1 a wake whose Prometheus check passes is Awake', async () => {
    const s = await wakeOnce('prom-pass');
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Awake');
    const entry = await entryOf(s.policy, s.namespace);
    assert.doesNotMatch(entry?.message ?? '', /readiness alone/);
    assert.equal(
      await env.controller.metric('nsscaler_health_checks_total', { result: 'passed' }),
      1,
    );
  });

  it('O2 a wake whose Prometheus check fails is rolled back to its sleep state', async () => {
    exporter.errors = 7;
    await waitFor('Prometheus to scrape 7 errors', async () =>
      (await currentValue(url)) === '7' ? true : undefined,
    );
    const s = await wakeOnce('prom-fail');
    const entry = await waitFor('the rollback', async () => {
      const found = await entryOf(s.policy, s.namespace);
      return found?.lockedUntil ? found : undefined;
    });
    assert.equal(entry.state, 'Asleep');
    assert.match(entry.message ?? '', /Prometheus check failed.*7/);
    const web = await env.cluster.apps.readNamespacedDeployment({
      namespace: s.namespace,
      name: 'web',
    });
    assert.equal(web.spec?.replicas, 0);
    assert.equal(
      await env.controller.metric('nsscaler_health_checks_total', { result: 'failed' }),
      1,
    );
    exporter.errors = 0;
  });

  it('O1 O4 with Prometheus stopped, readiness alone decides, and status and Degraded say so', async () => {
    await prometheus.stop();
    const s = await wakeOnce('prom-down');
    await waitForNamespaceState(env.cluster, s.policy, s.namespace, 'Awake');
    const entry = await entryOf(s.policy, s.namespace);
    assert.match(entry?.message ?? '', /judged on readiness alone/);
    assert.equal(
      await env.controller.metric('nsscaler_health_checks_total', { result: 'unavailable' }),
      1,
    );
    const degraded = await waitFor('Degraded to name Prometheus', async () => {
      const condition = conditionOf(await readPolicy(env.cluster, s.policy), 'Degraded');
      return condition?.status === 'True' ? condition : undefined;
    });
    assert.equal(degraded.reason, 'PrometheusUnavailable');
    assert.match(degraded.message ?? '', /circuit breaker open for .*127\.0\.0\.1/);
  });
});
