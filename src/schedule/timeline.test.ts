import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { namespaceScalingPolicySchema } from '../gen/namespace-scaling-policy-schema.ts';
import { computeDesiredState } from './compute-desired-state.ts';
import { policy } from './testing/assert-decision.ts';
import type { ScheduleLayer } from './timeline.ts';
import {
  TimelineWalkError,
  evaluate,
  findNextTransition,
  findSince,
  maxSteps,
} from './timeline.ts';

const day = 24 * 60 * 60 * 1000;
const now = Date.parse('2026-01-07T10:00:00Z');

/** The UTC date `days` after 2026-01-08, as YYYY-MM-DD. */
const dateAfter = (days: number) =>
  new Date(Date.parse('2026-01-08T00:00:00Z') + days * day).toISOString().slice(0, 10);

describe('timeline walks are bounded by the policy, never cut short', () => {
  it('S1 maxSteps exceeds the steps the CRD limits allow: 2 per holiday, 1 per override, 1 more', () => {
    const spec = namespaceScalingPolicySchema.properties.spec.properties;
    const holidays = spec.holidays.maxItems;
    const overrides = spec.overrides.maxItems;

    assert.equal(typeof holidays, 'number');
    assert.equal(typeof overrides, 'number');
    assert.ok(2 * holidays + overrides + 1 < maxSteps, `${holidays}, ${overrides}, ${maxSteps}`);
  });

  it('S7 S8 finds a transition behind 64 expiring overrides and 399 holidays that change nothing', () => {
    // Always asleep by its window; 64 Asleep overrides expiring hour by hour, then 399 one-day
    // Asleep holidays every other day: 862 boundaries that leave it Asleep. The 400th holiday,
    // Awake, is the first change.
    const overrides = Array.from({ length: 64 }, (_, hour) => ({
      state: 'Asleep' as const,
      until: new Date(now + (hour + 1) * 60 * 60 * 1000).toISOString(),
    }));
    const holidays = Array.from({ length: 400 }, (_, index) => ({
      date: dateAfter(2 * index),
      state: index === 399 ? ('Awake' as const) : ('Asleep' as const),
    }));
    const spec = policy({
      timeZone: 'UTC',
      sleep: [{ days: 'Mon-Sun', start: '00:00', end: '24:00' }],
      overrides,
      holidays,
    });

    const decision = computeDesiredState(spec, 'team-a', new Date(now), undefined);

    assert.equal(decision.state, 'Asleep');
    assert.deepEqual(decision.next, {
      state: 'Awake',
      at: new Date(`${dateAfter(2 * 399)}T00:00:00Z`),
    });
  });

  it('S1 says "no further change" (null) only when the layers report none', () => {
    const spec = policy({
      timeZone: 'UTC',
      sleep: [{ days: 'Mon-Sun', start: '00:00', end: '24:00' }],
    });

    const decision = computeDesiredState(spec, 'team-a', new Date(now), undefined);

    assert.equal(decision.state, 'Asleep');
    assert.equal(decision.next, null);
  });

  it('reports a layer that never stops reporting empty stretches as an error, not as "never"', () => {
    // A broken layer: Asleep in stretches of one minute that never end.
    const broken: ScheduleLayer = {
      stretchAt: (instant) => ({
        verdict: { state: 'Asleep', reason: { rule: 'default', detail: 'broken' } },
        from: instant - (instant % 60_000),
        until: instant - (instant % 60_000) + 60_000,
      }),
    };
    const current = evaluate([broken], now);

    assert.throws(() => findNextTransition([broken], current), TimelineWalkError);
    assert.throws(() => findSince([broken], current), TimelineWalkError);
  });
});
