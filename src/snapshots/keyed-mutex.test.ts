import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { KeyedMutex } from './keyed-mutex.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('the keyed mutex', () => {
  it('runs the work of one key one at a time, in the order it was asked for', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const step = (name: string) =>
      mutex.run('shop', async () => {
        log.push(`${name} start`);
        await tick();
        log.push(`${name} end`);
      });

    await Promise.all([step('a'), step('b'), step('c')]);

    assert.deepEqual(log, ['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  it('runs the work of another key while one key is busy', async () => {
    const mutex = new KeyedMutex();
    let release: () => void = () => undefined;
    const busy = mutex.run('shop', () => new Promise<void>((resolve) => (release = resolve)));

    const other = await mutex.run('payments', () => Promise.resolve('done while shop is busy'));
    release();
    await busy;

    assert.equal(other, 'done while shop is busy');
  });

  it('goes on with the next work of a key after one failed', async () => {
    const mutex = new KeyedMutex();

    const failing = mutex.run('shop', () => Promise.reject(new Error('boom')));
    const next = mutex.run('shop', () => Promise.resolve('next'));

    await assert.rejects(failing, /boom/);
    assert.equal(await next, 'next');
  });
});
