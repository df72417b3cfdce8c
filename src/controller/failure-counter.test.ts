import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { KubeApiError } from '../k8s/errors.ts';
import { SnapshotStoreError } from '../snapshots/errors.ts';
import { CacheNotSyncedError } from './cache-not-synced.ts';
import { FailureCounter, countsTowardRollback } from './failure-counter.ts';

const target = { verb: 'patch', resource: 'deployments', namespace: 'team-a', name: 'web' };
const apiError = (code: number) => new KubeApiError(code, 'Test', `answered ${code}`, target);

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

describe('countsTowardRollback', () => {
  it('O2 a write the API server refuses counts', () => {
    assert.equal(countsTowardRollback(apiError(403)), true);
    assert.equal(countsTowardRollback(apiError(422)), true);
    assert.equal(countsTowardRollback(new Error('cannot write replicas "absent"')), true);
  });

  it('O3 a dependency that is down does not count: the operation waits instead', () => {
    for (const code of [0, 429, 500, 503])
      assert.equal(countsTowardRollback(apiError(code)), false);
    const unavailable = new SnapshotStoreError('down', {
      code: 'Unavailable',
      operation: 'putSnapshot',
      retryable: true,
    });
    assert.equal(countsTowardRollback(unavailable), false);
    assert.equal(countsTowardRollback(new CacheNotSyncedError(['Deployment'])), false);
  });

  it('O2 of several errors, one refusal is enough', () => {
    assert.equal(countsTowardRollback(new AggregateError([apiError(503), apiError(403)])), true);
    assert.equal(countsTowardRollback(new AggregateError([apiError(503), apiError(0)])), false);
  });
});
