import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { rolledBackCondition } from './rollback-condition.ts';
import type { NamespaceOutcome } from './types.ts';

function outcome(namespace: string, extra: Partial<NamespaceOutcome> = {}): NamespaceOutcome {
  return {
    namespace,
    policy: 'dev',
    state: 'Asleep',
    workloads: 1,
    asleepWorkloads: 1,
    restoreIncomplete: [],
    ...extra,
  };
}

describe('rolledBackCondition', () => {
  it('O2 is False while no namespace is locked after a rollback', () => {
    assert.equal(rolledBackCondition([outcome('team-a')]).status, 'False');
  });

  it('O2 names the namespace, the trigger and the end of the lock', () => {
    const condition = rolledBackCondition([
      outcome('team-a'),
      outcome('team-b', {
        lockedUntil: '2026-01-12T08:30:00.000Z',
        rolledBack: { trigger: 'HealthCheckFailed', at: '2026-01-12T08:00:00.000Z', detail: 'x' },
      }),
    ]);
    assert.equal(condition.status, 'True');
    assert.equal(condition.reason, 'HealthCheckFailed');
    assert.equal(
      condition.message,
      'rolled back: team-b (trigger HealthCheckFailed, locked until 2026-01-12T08:30:00.000Z)',
    );
  });
});
