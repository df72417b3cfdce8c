import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { DuplicateFilter, defaultDuplicateWindowMs } from './duplicate-filter.ts';
import { wakeFailure } from './testing/fixtures.ts';

const minute = 60_000;

function filterAt(clock: { now: number }, windowMs?: number) {
  return new DuplicateFilter(windowMs, () => clock.now);
}

describe('DuplicateFilter', () => {
  it('the default window is 10 minutes', () => {
    assert.equal(defaultDuplicateWindowMs, 10 * minute);
  });

  it('suppresses the same policy, namespace, outcome and summary within the window', () => {
    const clock = { now: 0 };
    const filter = filterAt(clock);

    assert.equal(filter.admit(wakeFailure()), true);
    clock.now = 10 * minute - 1;
    assert.equal(filter.admit(wakeFailure({ correlationId: 'another-operation' })), false);
  });

  it('lets the same notification through again once the window has passed', () => {
    const clock = { now: 0 };
    const filter = filterAt(clock);

    filter.admit(wakeFailure());
    clock.now = 10 * minute;

    assert.equal(filter.admit(wakeFailure()), true);
  });

  it('counts the window from the notification let through, so a repeating failure is told once per window', () => {
    const clock = { now: 0 };
    const filter = filterAt(clock, 10 * minute);
    const admitted: number[] = [];

    for (let at = 0; at <= 25 * minute; at += minute) {
      clock.now = at;
      if (filter.admit(wakeFailure())) admitted.push(at / minute);
    }

    assert.deepEqual(admitted, [0, 10, 20]);
  });

  it('treats a different namespace, outcome or summary as a different notification', () => {
    const filter = filterAt({ now: 0 });

    assert.equal(filter.admit(wakeFailure()), true);
    assert.equal(filter.admit(wakeFailure({ namespace: 'team-b' })), true);
    assert.equal(filter.admit(wakeFailure({ outcome: 'RolledBack' })), true);
    assert.equal(filter.admit(wakeFailure({ summary: 'statefulset db not ready' })), true);
    assert.equal(filter.admit(wakeFailure({ policy: 'weekend' })), true);
  });

  it('takes a configured window', () => {
    const clock = { now: 0 };
    const filter = filterAt(clock, 1_000);

    filter.admit(wakeFailure());
    clock.now = 1_000;

    assert.equal(filter.admit(wakeFailure()), true);
  });
});
