import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { NamespaceLocks, lockFromStatus, lockMessage } from './lock.ts';
import type { NamespaceLock } from './lock.ts';
import type { Policy } from './types.ts';

const lock: NamespaceLock = {
  until: new Date('2026-01-12T08:30:00Z'),
  trigger: 'HealthCheckFailed',
  at: '2026-01-12T08:00:00.000Z',
  detail: 'Deployment/web 0/2 was put back to sleep',
};

function policyWith(namespaces: NonNullable<Policy['status']>['namespaces']): Policy {
  return { metadata: { name: 'dev' }, spec: {}, status: { namespaces } };
}

describe('namespace locks', () => {
  it('O2 a lock written to status is read back with its trigger after a restart', () => {
    const policy = policyWith([
      {
        name: 'team-a',
        state: 'Asleep',
        lockedUntil: lock.until.toISOString(),
        message: lockMessage(lock),
      },
    ]);
    assert.deepEqual(lockFromStatus(policy, 'team-a'), lock);
    assert.equal(lockFromStatus(policy, 'team-b'), undefined);
  });

  it('O2 a lock holds until its end and then lets the schedule take over', () => {
    const locks = new NamespaceLocks();
    const policy = policyWith([]);
    locks.set('team-a', lock);
    assert.equal(locks.current('team-a', policy, new Date('2026-01-12T08:29:59Z')), lock);
    assert.equal(locks.current('team-a', policy, new Date('2026-01-12T08:30:00Z')), undefined);
  });

  it('O2 a fresh process honours the lock found in status', () => {
    const policy = policyWith([
      { name: 'team-a', state: 'Awake', lockedUntil: '2026-01-12T08:30:00Z', message: 'other' },
    ]);
    const found = new NamespaceLocks().current('team-a', policy, new Date('2026-01-12T08:10:00Z'));
    assert.equal(found?.until.toISOString(), '2026-01-12T08:30:00.000Z');
  });

  it('O2 a new leader takes every unexpired lock from status before its first status write', () => {
    const policy = policyWith([
      { name: 'team-a', state: 'Asleep', lockedUntil: '2026-01-12T08:30:00Z', message: 'x' },
      { name: 'team-b', state: 'Awake', lockedUntil: '2026-01-12T07:00:00Z', message: 'x' },
      { name: 'team-c', state: 'Awake' },
    ]);
    const locks = new NamespaceLocks();
    const now = new Date('2026-01-12T08:00:00Z');
    locks.seed([policy], now);

    // The status loses the entries (a status write built from no outcomes yet); the locks stay.
    const emptied = policyWith([]);
    assert.equal(
      locks.current('team-a', emptied, now)?.until.toISOString(),
      '2026-01-12T08:30:00.000Z',
    );
    assert.equal(locks.current('team-b', emptied, now), undefined);
    assert.equal(locks.current('team-c', emptied, now), undefined);
  });
});
