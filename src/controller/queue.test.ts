import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { WorkQueue } from './queue.ts';

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

describe('WorkQueue', () => {
  it('merges a key added several times while it waits into one run', async () => {
    const runs: string[] = [];
    const queue = new WorkQueue({
      concurrency: 1,
      process: async (key) => {
        runs.push(key);
        await tick();
      },
    });

    queue.add('a');
    queue.add('b');
    queue.add('b');
    queue.add('b');
    queue.start();
    await tick(50);

    assert.deepEqual(runs, ['a', 'b']);
  });

  it('never runs one key twice at once, and runs it again if it was added while in flight', async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const queue = new WorkQueue({
      concurrency: 4,
      async process() {
        active += 1;
        maxActive = Math.max(maxActive, active);
        runs += 1;
        await tick(20);
        active -= 1;
      },
    });
    queue.start();

    queue.add('ns/a');
    await tick(5);
    queue.add('ns/a');
    queue.add('ns/a');
    await tick(80);

    assert.equal(maxActive, 1);
    assert.equal(runs, 2);
  });

  it('processes different keys concurrently up to the limit', async () => {
    let active = 0;
    let maxActive = 0;
    const queue = new WorkQueue({
      concurrency: 2,
      async process() {
        active += 1;
        maxActive = Math.max(maxActive, active);
        await tick(15);
        active -= 1;
      },
    });
    queue.start();
    for (const key of ['a', 'b', 'c', 'd', 'e']) queue.add(key);
    await tick(100);

    assert.equal(maxActive, 2);
  });

  it('retries a failing key with exponentially growing delays', async () => {
    const delays: number[] = [];
    let attempts = 0;
    const queue = new WorkQueue({
      concurrency: 1,
      baseRetryDelayMs: 10,
      process() {
        attempts += 1;
        return attempts <= 3 ? Promise.reject(new Error('boom')) : Promise.resolve();
      },
      onError: (_key, _err, retryInMs) => delays.push(retryInMs),
    });
    queue.start();
    queue.add('a');
    await tick(150);

    assert.deepEqual(delays, [10, 20, 40]);
    assert.equal(attempts, 4);
    assert.equal(queue.retries('a'), 0);
  });

  it('does not cut a failure backoff short when the key is added again meanwhile', async () => {
    const attemptsAt: number[] = [];
    const started = Date.now();
    const queue = new WorkQueue({
      concurrency: 1,
      baseRetryDelayMs: 200,
      process() {
        attemptsAt.push(Date.now() - started);
        return attemptsAt.length === 1 ? Promise.reject(new Error('boom')) : Promise.resolve();
      },
    });
    queue.start();
    queue.add('a');
    await tick(20);
    for (let i = 0; i < 5; i += 1) queue.add('a');
    await tick(20);

    assert.equal(attemptsAt.length, 1, 'no retry before the backoff elapsed');
    await tick(300);
    assert.equal(attemptsAt.length, 2);
    assert.ok((attemptsAt[1] ?? 0) >= 200, `retried after ${attemptsAt[1]} ms`);

    queue.add('a');
    await tick(20);
    assert.equal(attemptsAt.length, 3, 'after a success an addition runs at once again');
  });

  it('keeps the earliest of several delayed runs of one key', async () => {
    const runs: number[] = [];
    const started = Date.now();
    const queue = new WorkQueue({
      concurrency: 1,
      process: () => (runs.push(Date.now() - started), Promise.resolve()),
    });
    queue.start();

    queue.addAfter('a', 200);
    queue.addAfter('a', 20);
    queue.addAfter('a', 300);
    await tick(350);

    assert.equal(runs.length, 1);
    assert.ok((runs[0] ?? 0) < 150, `ran after ${runs[0]} ms`);
  });

  it('requeues a key after the delay its processing asks for', async () => {
    let runs = 0;
    const queue = new WorkQueue({
      concurrency: 1,
      process: () => Promise.resolve(++runs < 3 ? { requeueAfterMs: 10 } : undefined),
    });
    queue.start();
    queue.add('a');
    await tick(100);

    assert.equal(runs, 3);
  });
});
