import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { SnapshotEntry } from '../snapshots/types.ts';
import type { WorkloadObject } from '../scaling/workload.ts';
import {
  describeLaggard,
  describeSleepLaggard,
  groupStartedAt,
  judgeReadiness,
} from './health-validation.ts';

function entry(name: string, restore?: SnapshotEntry['restore']): SnapshotEntry {
  return {
    workload: { kind: 'Deployment', apiVersion: 'apps/v1', namespace: 'team-a', name },
    field: 'replicas',
    original: { state: 'present', value: 3 },
    action: { type: 'scaled', setTo: 0 },
    ...(restore ? { restore } : {}),
  };
}

function deployment(name: string, replicas: number, status: WorkloadObject['status']) {
  return { metadata: { name, namespace: 'team-a' }, spec: { replicas }, status } as WorkloadObject;
}

describe('health validation', () => {
  const start = new Date('2026-01-12T08:00:00Z');

  it('O1 a group with no laggards is ready, however late', () => {
    const now = new Date('2026-01-12T09:00:00Z');
    assert.deepEqual(judgeReadiness({ laggards: [], startedAt: start, now, timeoutSeconds: 30 }), {
      verdict: 'ready',
    });
  });

  it('O1 a group with laggards waits until the timeout, and says how long is left', () => {
    const now = new Date('2026-01-12T08:00:20Z');
    const verdict = judgeReadiness({ laggards: ['x'], startedAt: start, now, timeoutSeconds: 30 });
    assert.deepEqual(verdict, { verdict: 'waiting', remainingMs: 10_000 });
  });

  it('O1 a group with laggards at the timeout has failed health validation', () => {
    const now = new Date('2026-01-12T08:00:30Z');
    const verdict = judgeReadiness({ laggards: ['x'], startedAt: start, now, timeoutSeconds: 30 });
    assert.deepEqual(verdict, { verdict: 'timed-out', waitedSeconds: 30 });
  });

  it('R8 the group clock starts at the latest restore recorded in the snapshot', () => {
    const group = [
      entry('a', { outcome: 'restored', at: '2026-01-12T08:00:01Z' }),
      entry('b', { outcome: 'restored', at: '2026-01-12T08:00:04Z' }),
      entry('c', { outcome: 'kept-manual-change', at: '2026-01-12T08:00:09Z' }),
      entry('d'),
    ];
    assert.equal(groupStartedAt(group)?.toISOString(), '2026-01-12T08:00:04.000Z');
  });

  it('R8 a group whose entries record no restore time has no recorded start', () => {
    assert.equal(groupStartedAt([entry('a', { outcome: 'restored' }), entry('b')]), undefined);
  });

  it('O1 names a laggard as Kind/name ready/desired', () => {
    const object = deployment('web', 3, { readyReplicas: 1, replicas: 3 });
    assert.equal(describeLaggard('Deployment', object), 'Deployment/web 1/3');
    assert.equal(describeLaggard('Deployment', deployment('api', 2, {})), 'Deployment/api 0/2');
  });

  it('O1 after a sleep, names workloads whose pods are above the target', () => {
    const running = deployment('web', 0, { replicas: 2 });
    assert.equal(describeSleepLaggard('Deployment', running, 0), 'Deployment/web 2/0');
    assert.equal(
      describeSleepLaggard('StatefulSet', deployment('db', 1, { replicas: 1 }), 1),
      undefined,
    );
    assert.equal(describeSleepLaggard('CronJob', running, 0), undefined);
  });
});
