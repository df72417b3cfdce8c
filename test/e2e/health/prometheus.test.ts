import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { PrometheusHealthCheck } from '../../../src/health/prometheus-check.ts';
import { freshMetrics, metricValue } from '../../../src/notifications/testing/fixtures.ts';
import { waitFor } from '../support/kube.ts';
import { Exporter, PrometheusServer } from './prometheus-server.ts';

const errorsQuery = 'max(e2e_app_errors{app="web"})';

/** The value Prometheus has now for `query`, straight from its API, to wait on scrapes. */
async function currentValue(url: string, query: string): Promise<string | undefined> {
  const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`);
  const answer = (await response.json()) as { data?: { result?: { value: [number, string] }[] } };
  return answer.data?.result?.[0]?.value[1];
}

describe('the Prometheus health check against a real Prometheus server (O1, O2)', () => {
  const exporter = new Exporter();
  const prometheus = new PrometheusServer();
  const metrics = freshMetrics();
  const check = new PrometheusHealthCheck({
    metrics,
    settings: { timeoutMs: 2_000, volumeThreshold: 100 },
  });
  let url: string;

  before(async () => {
    url = await prometheus.start(await exporter.start());
    await waitFor('the first scrape of the exporter', () => currentValue(url, errorsQuery), {
      timeoutMs: 20_000,
    });
  });

  after(async () => {
    check.shutdown();
    await prometheus.remove();
    await exporter.stop();
  });

  it('passes while the errors the exporter reports are within maxValue', async () => {
    const result = await check.check({ url, query: errorsQuery, maxValue: 1 });

    assert.equal(result.status, 'passed', result.message);
    assert.equal(result.value, 0);
  });

  it('fails once the exporter reports errors above maxValue, naming value and bound', async () => {
    exporter.errors = 7;
    await waitFor('Prometheus to scrape 7 errors', async () =>
      (await currentValue(url, errorsQuery)) === '7' ? true : undefined,
    );

    const result = await check.check({ url, query: errorsQuery, maxValue: 1 });

    assert.equal(result.status, 'failed');
    assert.equal(result.value, 7);
    assert.match(result.message, /gave 7.*above the bound 1/);
  });

  it('fails when the query matches no series: an empty result is no evidence of health', async () => {
    const result = await check.check({
      url,
      query: 'e2e_app_errors{app="not-deployed"}',
      maxValue: 1,
    });

    assert.equal(result.status, 'failed');
    assert.match(result.message, /returned no sample/);
  });

  it('fails on a query Prometheus cannot parse, with its error', async () => {
    const result = await check.check({ url, query: 'sum(e2e_app_errors', maxValue: 1 });

    assert.equal(result.status, 'failed');
    assert.match(result.message, /Prometheus rejected the query \(bad_data\)/);
  });

  it('is unavailable with Prometheus stopped, and says the wake is judged on readiness alone', async () => {
    await prometheus.stop();

    const result = await check.check({ url, query: errorsQuery, maxValue: 1 });

    assert.equal(result.status, 'unavailable');
    assert.match(result.message, /could not be reached; the wake is judged on readiness alone/);
    assert.equal(await metricValue(metrics.healthChecks, { result: 'passed' }), 1);
    assert.equal(await metricValue(metrics.healthChecks, { result: 'failed' }), 3);
    assert.equal(await metricValue(metrics.healthChecks, { result: 'unavailable' }), 1);
  });
});
