import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';

import { createLogger } from '../telemetry/logger.ts';
import { Shutdown } from './shutdown.ts';

const logger = createLogger('silent');

describe('graceful shutdown', () => {
  it('begins on SIGTERM and stops what was started in reverse order', async () => {
    const fakeProcess = new EventEmitter() as unknown as NodeJS.Process;
    const shutdown = new Shutdown(logger).install(fakeProcess);
    const stopped: string[] = [];
    shutdown.onStop('store', () => void stopped.push('store'));
    shutdown.onStop('controller', async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      stopped.push('controller');
    });
    shutdown.onStop('admission', () => {
      throw new Error('already closed');
    });

    assert.equal(shutdown.begun, false);
    fakeProcess.emit('SIGTERM');
    assert.equal(shutdown.begun, true);
    assert.equal(await shutdown.signalled, 'SIGTERM');

    assert.equal(await shutdown.stop(1_000), true);
    assert.deepEqual(stopped, ['controller', 'store']);
  });

  it('gives up on a step that outlasts the deadline', async () => {
    const shutdown = new Shutdown(logger);
    shutdown.onStop('stuck', () => new Promise(() => undefined));
    const began = performance.now();

    assert.equal(await shutdown.stop(50), false);
    assert.ok(performance.now() - began < 1_000);
  });

  it('interrupts a start-up step once shutdown begins', async () => {
    const shutdown = new Shutdown(logger);
    const never = new Promise<string>(() => undefined);
    const waiting = shutdown.interrupted(never);
    shutdown.begin('SIGINT');
    assert.equal(await waiting, undefined);
    assert.equal(await shutdown.interrupted(Promise.resolve('done')), 'done');
  });
});
