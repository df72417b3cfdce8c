import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { DependencyHealth } from './dependency-health.ts';

describe('dependency health', () => {
  const sources = () => {
    const state = { dynamoDb: false, api: false };
    const health = new DependencyHealth();
    health.register({
      dependency: 'DynamoDB',
      degradation: () => (state.dynamoDb ? 'snapshots go to the journal' : undefined),
    });
    health.register({
      dependency: 'KubeAPIServer',
      degradation: () => (state.api ? 'writes keep failing' : undefined),
    });
    return { state, health };
  };

  it('O4 reports nothing while every dependency is available', () => {
    assert.equal(sources().health.summary(), undefined);
  });

  it('O4 names the one degraded dependency as the condition reason', () => {
    const { state, health } = sources();
    state.api = true;
    assert.deepEqual(health.summary(), {
      dependency: 'KubeAPIServer',
      message: 'writes keep failing',
    });
  });

  it('O4 names every degraded dependency at once', () => {
    const { state, health } = sources();
    state.api = true;
    state.dynamoDb = true;
    assert.deepEqual(health.summary(), {
      dependency: 'Dependencies',
      message: 'DynamoDB: snapshots go to the journal; KubeAPIServer: writes keep failing',
    });
  });

  it('tells its listeners when a source changed and refuses a second source of one name', () => {
    const { health } = sources();
    let calls = 0;
    health.onChange(() => (calls += 1));
    health.changed();
    assert.equal(calls, 1);
    assert.throws(
      () => health.register({ dependency: 'DynamoDB', degradation: () => undefined }),
      /DynamoDB is registered twice/,
    );
  });
});
