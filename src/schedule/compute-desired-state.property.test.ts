import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import fc from 'fast-check';

import { validatePolicySpec } from '../policy/validate.ts';
import { computeDesiredState } from './compute-desired-state.ts';
import { bruteForceStates } from './testing/brute-force-oracle.ts';
import { randomCase, renderCase } from './testing/random-policies.ts';

const MINUTE = 60_000;
const warmUpMinutes = 3 * 60;
const lookBackMinutes = 24 * 60;
const lookAheadMinutes = 8 * 24 * 60;

// Each run walks about 13,000 minutes through Intl; 120 runs take about 15 s on two busy cores.
const numRuns = Number(process.env.NSSCALER_PROPERTY_RUNS ?? 120);

describe('computeDesiredState against a brute-force oracle', () => {
  it('S1 S2 S4-S8 agree on state, next and since for random policies, zones and instants', () => {
    fc.assert(
      fc.property(randomCase, (randomCase) => {
        const { spec, oracle } = renderCase(randomCase);
        assert.deepEqual(validatePolicySpec(spec), []);

        const decision = computeDesiredState(spec, 'team-a', new Date(randomCase.instant));
        const minuteOfInstant = Math.floor(randomCase.instant / MINUTE) * MINUTE;
        const scanStart = minuteOfInstant - (warmUpMinutes + lookBackMinutes) * MINUTE;
        const states = bruteForceStates(
          oracle,
          scanStart,
          warmUpMinutes + lookBackMinutes + lookAheadMinutes,
        );
        const here = warmUpMinutes + lookBackMinutes;
        const expected = states[here]!;
        assert.equal(decision.state, expected, 'state');

        const change = states.findIndex((state, step) => step > here && state !== expected);
        if (change === -1) {
          const scanEnd = scanStart + states.length * MINUTE;
          assert.ok(decision.next === null || decision.next.at.getTime() >= scanEnd, 'no next');
        } else {
          const at = new Date(scanStart + change * MINUTE).toISOString();
          assert.deepEqual(decision.next && [decision.next.state, decision.next.at.toISOString()], [
            states[change],
            at,
          ]);
        }

        let start = here;
        while (start > warmUpMinutes && states[start - 1] === expected) start -= 1;
        if (start === warmUpMinutes) {
          const judged = scanStart + warmUpMinutes * MINUTE;
          assert.ok(decision.since === null || decision.since.getTime() <= judged, 'no since');
        } else {
          const since = new Date(scanStart + start * MINUTE).toISOString();
          assert.equal(decision.since?.toISOString(), since, 'since');
        }
      }),
      { numRuns },
    );
  });
});
