import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { KubeApiError } from './errors.ts';
import type { KubeRequestTarget } from './errors.ts';
import { KubeWriteBreaker } from './write-breaker.ts';

const target: KubeRequestTarget = {
  verb: 'patch',
  resource: 'deployments/scale',
  namespace: 'team-a',
  name: 'web',
};
const settings = {
  timeoutMs: 200,
  errorThresholdPercentage: 50,
  resetTimeoutMs: 60_000,
  volumeThreshold: 3,
};
const failWith = (code: number) => () =>
  Promise.reject(new KubeApiError(code, 'Test', `answered ${code}`, target));

async function fireFailures(breaker: KubeWriteBreaker, code: number, times: number) {
  for (let i = 0; i < times; i += 1) {
    await assert.rejects(breaker.run(target, failWith(code)), KubeApiError);
  }
}

describe('the API write breaker', () => {
  it('O3 does not count 404, 409 or 422: the API server answered about the request', async () => {
    const breaker = new KubeWriteBreaker(settings);
    await fireFailures(breaker, 404, 4);
    await fireFailures(breaker, 409, 4);
    await fireFailures(breaker, 422, 4);

    assert.equal(breaker.state(), 'closed');
    assert.equal(await breaker.run(target, () => Promise.resolve('written')), 'written');
    breaker.shutdown();
  });

  it('O3 opens on repeated 5xx and network errors, then refuses writes without sending them', async () => {
    const breaker = new KubeWriteBreaker(settings);
    await fireFailures(breaker, 503, 2);
    await fireFailures(breaker, 0, 1);
    assert.equal(breaker.state(), 'open');

    let sent = false;
    const refused = await breaker
      .run(target, () => {
        sent = true;
        return Promise.resolve();
      })
      .catch((err: unknown) => err);

    assert.equal(sent, false);
    assert.ok(refused instanceof KubeApiError);
    assert.equal(refused.reason, 'CircuitOpen');
    assert.match(refused.message, /deployments\/scale team-a\/web/);
    breaker.shutdown();
  });

  it('counts 429 as a failure of the API server', async () => {
    const breaker = new KubeWriteBreaker(settings);
    await fireFailures(breaker, 429, 3);

    assert.equal(breaker.state(), 'open');
    breaker.shutdown();
  });

  it('aborts a write that outlives the timeout, and fails it as a Timeout', async () => {
    const breaker = new KubeWriteBreaker(settings);
    let aborted = false;
    const slow = (signal: AbortSignal) =>
      new Promise<never>((_resolve, reject) => {
        signal.addEventListener('abort', () => {
          aborted = true;
          reject(new Error('aborted'));
        });
      });

    const err = await breaker.run(target, slow).catch((error: unknown) => error);

    assert.ok(err instanceof KubeApiError);
    assert.equal(err.reason, 'Timeout');
    assert.equal(aborted, true);
    breaker.shutdown();
  });
});
