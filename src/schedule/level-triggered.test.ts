import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { compileSchedule } from './compute-desired-state.ts';
import { policy } from './testing/assert-decision.ts';

const spec = policy({
  timeZone: 'Europe/Berlin',
  sleep: [
    { days: 'Mon-Thu', start: '20:00', end: '08:10' },
    { from: 'Fri 20:00', to: 'Mon 08:10' },
  ],
  holidays: [{ date: '2026-03-30', state: 'Awake' }],
  overrides: [{ state: 'Asleep', until: '2026-03-25T12:00:00Z' }],
});

// Every 97 minutes for three weeks around the spring-forward date.
const instants = Array.from(
  { length: 312 },
  (_, step) => Date.UTC(2026, 2, 17) + step * 97 * 60_000,
);

describe('S1 level-triggered', () => {
  it('S1 gives the same answer for an instant whatever was asked before, in any order', () => {
    const inOrder = compileSchedule(spec);
    const shuffled = compileSchedule(spec);
    const order = instants.map((_, index) => (index * 131) % instants.length);

    const expected = instants.map((at) => inOrder.computeDesiredState('team-a', new Date(at)));
    for (const index of order) {
      const fresh = compileSchedule(spec).computeDesiredState('team-a', new Date(instants[index]!));
      assert.deepEqual(
        shuffled.computeDesiredState('team-a', new Date(instants[index]!)),
        expected[index],
      );
      assert.deepEqual(fresh, expected[index]);
    }
  });

  it('S1 never skips a transition: each next is where the state actually changes', () => {
    const schedule = compileSchedule(spec);
    for (const at of instants) {
      const decision = schedule.computeDesiredState('team-a', new Date(at));
      assert.ok(decision.next !== null);
      const nextAt = decision.next.at.getTime();
      const before = schedule.computeDesiredState('team-a', new Date(nextAt - 1));
      const after = schedule.computeDesiredState('team-a', new Date(nextAt));
      assert.equal(before.state, decision.state);
      assert.equal(after.state, decision.next.state);
      assert.notEqual(after.state, decision.state);
    }
  });
});
