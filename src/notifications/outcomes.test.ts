import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { failureOutcomes, isOutcomeSelected } from './outcomes.ts';

describe('which outcomes notify (notifications.on)', () => {
  it('without "on", every failure notifies (the CRD default)', () => {
    for (const outcome of failureOutcomes) {
      assert.equal(isOutcomeSelected({}, outcome), true, outcome);
      assert.equal(isOutcomeSelected(undefined, outcome), true, outcome);
    }
  });

  it('without "on", a Transition does not notify', () => {
    assert.equal(isOutcomeSelected({}, 'Transition'), false);
  });

  it('the default is exactly the six failures of the CRD', () => {
    assert.deepEqual([...failureOutcomes].sort(), [
      'Contested',
      'HealthCheckFailed',
      'RestoreIncomplete',
      'RolledBack',
      'SleepFailed',
      'WakeFailed',
    ]);
  });

  it('with "on", only the listed outcomes notify, Transition included when listed', () => {
    const spec = { on: ['RolledBack' as const, 'Transition' as const] };

    assert.equal(isOutcomeSelected(spec, 'RolledBack'), true);
    assert.equal(isOutcomeSelected(spec, 'Transition'), true);
    assert.equal(isOutcomeSelected(spec, 'WakeFailed'), false);
  });

  it('an empty "on" list selects nothing', () => {
    assert.equal(isOutcomeSelected({ on: [] }, 'WakeFailed'), false);
  });
});
