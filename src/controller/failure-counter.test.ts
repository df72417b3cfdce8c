import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { FailureCounter } from './failure-counter.ts';

describe('FailureCounter', () => {
  it('O2 counts failures of the same operation in a row', () => {
    const counter = new FailureCounter();
    assert.equal(counter.recordFailure('team-a', 'wake'), 1);
    assert.equal(counter.recordFailure('team-a', 'wake'), 2);
    assert.equal(counter.recordFailure('team-a', 'wake'), 3);
    assert.equal(counter.failures('team-a', 'wake'), 3);
  });

  it('O2 a failure of the other operation starts the count again', () => {
    const counter = new FailureCounter();
    counter.recordFailure('team-a', 'wake');
    counter.recordFailure('team-a', 'wake');
    assert.equal(counter.recordFailure('team-a', 'sleep'), 1);
    assert.equal(counter.failures('team-a', 'wake'), 0);
  });

  it('O2 a success starts the count again', () => {
    const counter = new FailureCounter();
    counter.recordFailure('team-a', 'sleep');
    counter.reset('team-a');
    assert.equal(counter.recordFailure('team-a', 'sleep'), 1);
  });

  it('O2 namespaces are counted apart', () => {
    const counter = new FailureCounter();
    counter.recordFailure('team-a', 'wake');
    assert.equal(counter.recordFailure('team-b', 'wake'), 1);
    assert.equal(counter.recordFailure('team-a', 'wake'), 2);
  });
});
