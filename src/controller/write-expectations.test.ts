import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { WriteExpectations } from './write-expectations.ts';

describe('WriteExpectations', () => {
  it('treats the cached object as stale until the version nsscaler wrote arrives', () => {
    const expectations = new WriteExpectations();
    expectations.recordWrite('team-a/Deployment/web', '45');

    assert.equal(expectations.isStale('team-a/Deployment/web', '41'), true);
    assert.equal(expectations.isStale('team-a/Deployment/web', '43'), true);
    assert.equal(expectations.isStale('team-a/Deployment/web', '45'), false);
  });

  it('counts a later version as caught up even when the written one was never seen', () => {
    const expectations = new WriteExpectations();
    expectations.recordWrite('team-a/Deployment/web', '45');

    assert.equal(expectations.isStale('team-a/Deployment/web', '47'), false);
  });

  it('gives up waiting after 30 seconds, in case a relist skipped the version', () => {
    let now = 1_000;
    const expectations = new WriteExpectations(() => now);
    expectations.recordWrite('team-a/Deployment/web', '45');

    now += 29_000;
    assert.equal(expectations.isStale('team-a/Deployment/web', '41'), true);
    now += 2_000;
    assert.equal(expectations.isStale('team-a/Deployment/web', '41'), false);
  });

  it('knows nothing about workloads it never wrote', () => {
    assert.equal(new WriteExpectations().isStale('team-a/Deployment/api', '7'), false);
  });
});
