import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { OperationMemory } from './operation-memory.ts';

describe('OperationMemory', () => {
  it('C5 O1 reports a thing once per operation, and again in the next operation', () => {
    const memory = new OperationMemory();

    assert.equal(memory.reportOnce('sleep-1', 'contested Deployment/web'), true);
    assert.equal(memory.reportOnce('sleep-1', 'contested Deployment/web'), false);
    assert.equal(memory.reportOnce('sleep-1', 'contested Deployment/api'), true);
    assert.equal(memory.reportOnce('sleep-2', 'contested Deployment/web'), true);
  });

  it('O1 keeps the first time a wake group was seen until the operation is forgotten', () => {
    const memory = new OperationMemory();
    const first = new Date('2026-03-29T01:00:00Z');
    const later = new Date('2026-03-29T01:05:00Z');

    assert.equal(memory.firstSeen('wake-1', 'group 0', first), first);
    assert.equal(memory.firstSeen('wake-1', 'group 0', later), first);
    assert.equal(memory.firstSeen('wake-1', 'group 1', later), later);
    memory.reportOnce('wake-1', 'late');
    memory.forget('wake-1');
    assert.equal(memory.firstSeen('wake-1', 'group 0', later), later);
    assert.equal(memory.reportOnce('wake-1', 'late'), true);
  });
});
