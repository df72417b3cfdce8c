import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { createLogger } from './logger.ts';
import { createMetrics } from './metrics.ts';
import { startOpsServer } from './ops-server.ts';
import type { OpsServer } from './ops-server.ts';

describe('operations endpoints', () => {
  let server: OpsServer;
  let base: string;
  let storeWritable = true;
  const metrics = createMetrics();

  before(async () => {
    server = await startOpsServer({
      port: 0,
      host: '127.0.0.1',
      registry: metrics.registry,
      logger: createLogger('silent'),
      livenessBoundMs: 200,
      lagSampleMs: 20,
      readiness: [
        { name: 'informers', check: () => true },
        { name: 'snapshot store', check: () => storeWritable },
      ],
    });
    base = `http://127.0.0.1:${server.port}`;
  });

  after(() => server.close());

  it('serves metrics in the Prometheus text format with the nsscaler_ prefix', async () => {
    metrics.reconciles.inc({ result: 'success' });

    const response = await fetch(`${base}/metrics`);
    const text = await response.text();

    assert.equal(response.status, 200);
    assert.match(text, /^nsscaler_reconcile_total\{result="success"\} 1$/m);
    assert.match(text, /^nsscaler_process_cpu_seconds_total /m);
  });

  it('answers /healthz while the event loop runs', async () => {
    const response = await fetch(`${base}/healthz`);
    assert.equal(response.status, 200);
  });

  it('fails /healthz after the event loop was blocked beyond the bound', async () => {
    const blockUntil = performance.now() + 400;
    while (performance.now() < blockUntil) {
      // A synchronous hot loop: nothing else runs, including the lag sampler.
    }

    const response = await fetch(`${base}/healthz`);
    assert.equal(response.status, 503);
    assert.match(await response.text(), /event loop blocked for \d+ ms \(bound 200 ms\)/);
  });

  it('reports not ready, naming the failing check, until every check passes', async () => {
    storeWritable = false;
    const failing = await fetch(`${base}/readyz`);
    assert.equal(failing.status, 503);
    assert.match(await failing.text(), /snapshot store/);

    storeWritable = true;
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 200);
  });
});
