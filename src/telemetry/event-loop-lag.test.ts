import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { EventLoopLag } from './event-loop-lag.ts';

describe('event loop lag', () => {
  it('measures how late a timer fired and forgets it after the window', () => {
    let clock = 0;
    const lag = new EventLoopLag({ intervalMs: 100, windowMs: 1_000, now: () => clock });

    clock = 100;
    lag.tick();
    assert.equal(lag.maxLagMs(), 0);

    // Blocked for 2 s: the next tick comes 2 100 ms after the previous one, 2 000 ms late.
    clock = 2_200;
    lag.tick();
    assert.equal(lag.maxLagMs(), 2_000);

    for (clock = 2_300; clock <= 3_300; clock += 100) lag.tick();
    assert.equal(lag.maxLagMs(), 0);
  });

  it('counts a timer that is overdue right now', () => {
    let clock = 0;
    const lag = new EventLoopLag({ intervalMs: 100, now: () => clock });
    clock = 700;
    assert.equal(lag.maxLagMs(), 600);
  });

  it('detects a real blocked loop even after it runs again', async () => {
    const lag = new EventLoopLag({ intervalMs: 20, windowMs: 5_000 }).start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 60));
      const blockUntil = performance.now() + 300;
      while (performance.now() < blockUntil) {
        // Keep the loop busy, as a synchronous hot loop in the controller would.
      }
      await new Promise((resolve) => setTimeout(resolve, 60));
      assert.ok(lag.maxLagMs() >= 250, `lag ${lag.maxLagMs()} ms`);
    } finally {
      lag.stop();
    }
  });
});
