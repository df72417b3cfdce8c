import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { errorFromResponse, isConflict, isTransient, parseRetryAfter } from './errors.ts';

const target = { verb: 'patch', resource: 'deployments', namespace: 'team-a', name: 'web' };

describe('errorFromResponse', () => {
  it('takes the reason and message of a Status body and names what was being done', () => {
    const body = JSON.stringify({ kind: 'Status', reason: 'Conflict', message: 'stale object' });
    const err = errorFromResponse(409, body, null, target);

    assert.equal(err.code, 409);
    assert.equal(err.reason, 'Conflict');
    assert.equal(err.message, 'patch deployments team-a/web: stale object');
    assert.equal(isConflict(err), true);
    assert.equal(isTransient(err), false);
  });

  it('keeps the start of a body that is not a Status', () => {
    const err = errorFromResponse(502, 'bad gateway', null, target);

    assert.equal(err.reason, 'Http502');
    assert.match(err.message, /bad gateway$/);
    assert.equal(isTransient(err), true);
  });

  it('reads Retry-After of a 429 in seconds', () => {
    assert.equal(errorFromResponse(429, '', '7', target).retryAfterSeconds, 7);
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2026-03-29T01:00:00Z');

  it('reads delay-seconds and HTTP dates, rounding a date up to whole seconds', () => {
    assert.equal(parseRetryAfter('0', now), 0);
    assert.equal(parseRetryAfter(' 12 ', now), 12);
    assert.equal(parseRetryAfter('Sun, 29 Mar 2026 01:00:30 GMT', now), 30);
    assert.equal(parseRetryAfter(new Date(now.getTime() + 1_500).toUTCString(), now), 1);
  });

  it('treats a date in the past as now and anything else as unknown', () => {
    assert.equal(parseRetryAfter('Sun, 29 Mar 2026 00:59:00 GMT', now), 0);
    assert.equal(parseRetryAfter(null, now), undefined);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter('-3', now), undefined);
  });
});
