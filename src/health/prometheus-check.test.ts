import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';

import { Registry } from 'prom-client';

import { createMetrics } from '../telemetry/metrics.ts';
import { PrometheusHealthCheck } from './prometheus-check.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const answer = (value: string) =>
  JSON.stringify({
    status: 'success',
    data: { resultType: 'vector', result: [{ metric: {}, value: [1767225600, value] }] },
  });

function json(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(body);
}

describe('PrometheusHealthCheck against an HTTP server on 127.0.0.1', () => {
  let server: Server;
  let url: string;
  let handler: Handler;
  const requests: URL[] = [];

  before(async () => {
    server = createServer((req, res) => {
      requests.push(new URL(req.url ?? '/', 'http://127.0.0.1'));
      handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  beforeEach(() => {
    requests.length = 0;
    handler = (_req, res) => json(res, 200, answer('0'));
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends GET /api/v1/query with the query and a timeout, and passes within the bound', async () => {
    const metrics = createMetrics(new Registry());
    const check = new PrometheusHealthCheck({ metrics, settings: { timeoutMs: 2_000 } });

    const result = await check.check({ url, query: 'up{job="web"} == 0', maxValue: 0 });

    assert.equal(result.status, 'passed');
    assert.equal(requests[0]?.pathname, '/api/v1/query');
    assert.equal(requests[0]?.searchParams.get('query'), 'up{job="web"} == 0');
    assert.equal(requests[0]?.searchParams.get('timeout'), '2s');
    const counted = (await metrics.healthChecks.get()).values.find(
      (v) => v.labels.result === 'passed',
    );
    assert.equal(counted?.value, 1);
    check.shutdown();
  });

  it('O2: fails when the value is above maxValue', async () => {
    handler = (_req, res) => json(res, 200, answer('12'));
    const check = new PrometheusHealthCheck();

    const result = await check.check({ url, query: 'errors', maxValue: 5 });

    assert.deepEqual(
      { status: result.status, value: result.value },
      { status: 'failed', value: 12 },
    );
    check.shutdown();
  });

  it('fails on a query Prometheus refuses, and that does not open the breaker', async () => {
    handler = (_req, res) =>
      json(
        res,
        400,
        JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error' }),
      );
    const check = new PrometheusHealthCheck({ settings: { volumeThreshold: 1 } });

    const first = await check.check({ url, query: 'sum(', maxValue: 1 });
    const second = await check.check({ url, query: 'sum(', maxValue: 1 });

    assert.equal(first.status, 'failed');
    assert.match(first.message, /parse error/);
    assert.equal(second.status, 'failed');
    assert.equal(requests.length, 2);
    check.shutdown();
  });

  it('is unavailable, and says readiness decides, when nothing listens at the URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const check = new PrometheusHealthCheck();

    const result = await check.check({ url: `http://127.0.0.1:${port}`, query: 'up', maxValue: 1 });

    assert.equal(result.status, 'unavailable');
    assert.match(result.message, /could not be reached; the wake is judged on readiness alone/);
    check.shutdown();
  });

  it('is unavailable after the timeout when Prometheus does not answer, and cancels the request', async () => {
    let cancelled = false;
    handler = (req) => req.on('close', () => (cancelled = true));
    const check = new PrometheusHealthCheck({ settings: { timeoutMs: 100 } });

    const result = await check.check({ url, query: 'up', maxValue: 1 });
    await new Promise((resolve) => setTimeout(resolve, 50));

    assert.equal(result.status, 'unavailable');
    assert.match(result.message, /did not answer within 100 ms/);
    assert.equal(cancelled, true);
    check.shutdown();
  });

  it('is unavailable for an HTTP error without a Prometheus answer, such as 401 from a proxy', async () => {
    handler = (_req, res) => res.writeHead(401, { 'content-type': 'text/plain' }).end('login');
    const check = new PrometheusHealthCheck();

    const result = await check.check({ url, query: 'up', maxValue: 1 });

    assert.equal(result.status, 'unavailable');
    assert.match(result.message, /answered HTTP 401/);
    check.shutdown();
  });

  it('opens its breaker after repeated failures and answers unavailable without asking', async () => {
    handler = (_req, res) => res.writeHead(502).end();
    const check = new PrometheusHealthCheck({
      settings: { volumeThreshold: 2, resetTimeoutMs: 60_000 },
    });

    await check.check({ url, query: 'up', maxValue: 1 });
    await check.check({ url, query: 'up', maxValue: 1 });
    const third = await check.check({ url, query: 'up', maxValue: 1 });

    assert.equal(requests.length, 2);
    assert.equal(third.status, 'unavailable');
    assert.match(third.message, /breaker open/);
    check.shutdown();
  });
});
