import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { PrometheusQueryError } from './errors.ts';
import { prometheusEndpoint } from './prometheus-query.ts';

describe('the instant query endpoint from healthCheck.prometheus.url', () => {
  const table = [
    ['http://prometheus.monitoring:9090', 'http://prometheus.monitoring:9090/api/v1/query'],
    ['http://prometheus.monitoring:9090/', 'http://prometheus.monitoring:9090/api/v1/query'],
    ['https://example.net/prometheus', 'https://example.net/prometheus/api/v1/query'],
    ['https://example.net/prometheus/api/v1/', 'https://example.net/prometheus/api/v1/query'],
    ['http://127.0.0.1:9090/?x=1#top', 'http://127.0.0.1:9090/api/v1/query'],
  ];
  for (const [base, expected] of table) {
    it(`queries ${expected} for the base URL ${base}`, () => {
      assert.equal(prometheusEndpoint(base ?? '').queryUrl.href, expected);
    });
  }

  it('moves user and password of the URL into a basic Authorization header, out of the display', () => {
    const endpoint = prometheusEndpoint('https://reader:p%40ss@example.net/prom');

    assert.equal(endpoint.headers.authorization, `Basic ${btoa('reader:p@ss')}`);
    assert.equal(endpoint.queryUrl.href, 'https://example.net/prom/api/v1/query');
    assert.equal(endpoint.display, 'https://example.net/prom');
  });

  it('refuses a URL that is not http(s)', () => {
    assert.throws(
      () => prometheusEndpoint('ftp://example.net'),
      (err: unknown) => err instanceof PrometheusQueryError && err.code === 'BadQuery',
    );
  });
});
