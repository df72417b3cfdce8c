import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { NamespaceScalingPolicyStatus } from '../gen/namespace-scaling-policy.ts';
import { computePolicySavings } from './policy-savings.ts';
import type { SavingsInputs } from './policy-savings.ts';

const prices = { cpuPerHour: 0.04, memoryGiBPerHour: 0.005, currency: 'USD' };
const minute = 60_000;
// team-a asleep with 3 replicas × (500m, 1Gi) removed:
// 1.5 cores × 0.04 + 3 GiB × 0.005 = 0.06 + 0.015 = 0.075 per hour.
const teamA = { namespace: 'team-a', requests: { cpu: 1.5, memoryGiB: 3 } };

function inputs(overrides: Partial<SavingsInputs>): SavingsInputs {
  return {
    previous: undefined,
    asleep: [],
    prices,
    timeZone: 'UTC',
    now: new Date('2026-03-10T22:00:00Z'),
    resolutionMs: 5 * minute,
    ...overrides,
  };
}

/** The status as the controller would have written it from a result. */
function written(result: ReturnType<typeof computePolicySavings>): NamespaceScalingPolicyStatus {
  return {
    estimatedSavings: result.total,
    namespaces: [...result.namespaces].map(([name, savings]) => ({
      name,
      state: 'Asleep',
      savings,
    })),
  };
}

describe('policy savings', () => {
  it('credits a namespace first seen asleep from the time it went to sleep', () => {
    // Asleep since 20:00, first accounted at 22:00: 2 h × 0.075 = 0.15.
    const result = computePolicySavings(
      inputs({ asleep: [{ ...teamA, since: '2026-03-10T20:00:00Z' }] }),
    );
    assert.deepEqual(result.namespaces.get('team-a'), {
      cpu: '1.5',
      memoryGiB: '3',
      hourly: '0.075',
      thisSleep: '0.15',
    });
    assert.deepEqual(result.total, {
      thisMonth: '0.15',
      sinceCreation: '0.15',
      currency: 'USD',
      hourly: '0.075',
      month: '2026-03',
      accountedUntil: '2026-03-10T22:00:00.000Z',
    });
    assert.ok(Math.abs(result.hourly.get('team-a')!.cpu - 0.06) < 1e-12);
  });

  it('keeps the written amounts within the resolution, so the status is not rewritten', () => {
    const first = computePolicySavings(
      inputs({ asleep: [{ ...teamA, since: '2026-03-10T22:00:00Z' }] }),
    );
    const later = computePolicySavings(
      inputs({ previous: written(first), asleep: [teamA], now: new Date('2026-03-10T22:04:00Z') }),
    );
    assert.deepEqual(later.total, first.total);
    assert.deepEqual(later.namespaces, first.namespaces);
    assert.equal(later.nextUpdateAt.toISOString(), '2026-03-10T22:05:00.000Z');
  });

  it('brings the amounts up to date from the written status once the resolution passed', () => {
    // The written status stands for a controller restart: 1 h later at 0.075/h adds 0.075.
    const first = computePolicySavings(
      inputs({ asleep: [{ ...teamA, since: '2026-03-10T22:00:00Z' }] }),
    );
    const later = computePolicySavings(
      inputs({ previous: written(first), asleep: [teamA], now: new Date('2026-03-10T23:00:00Z') }),
    );
    assert.equal(later.namespaces.get('team-a')?.thisSleep, '0.075');
    assert.equal(later.total.sinceCreation, '0.075');
    assert.equal(later.total.accountedUntil, '2026-03-10T23:00:00.000Z');
  });

  it('accounts a wake at once: the previous rate up to the wake, nothing after', () => {
    // Asleep 22:00 to 22:02 at 0.075/h: 2 min = 0.0025. Then awake: no namespace, hourly 0.
    const first = computePolicySavings(
      inputs({ asleep: [{ ...teamA, since: '2026-03-10T22:00:00Z' }] }),
    );
    const woken = computePolicySavings(
      inputs({ previous: written(first), asleep: [], now: new Date('2026-03-10T22:02:00Z') }),
    );
    assert.equal(woken.namespaces.size, 0);
    assert.equal(woken.total.sinceCreation, '0.0025');
    assert.equal(woken.total.hourly, '0');
  });

  it('starts the month over at the first update in a new month of the policy zone', () => {
    // Tokyo is UTC+9: April begins at 2026-03-31T15:00Z. Asleep from 14:00Z at 0.075/h, updated
    // at 16:00Z: 1 h in March, 1 h in April; this month 0.075, since creation 0.15.
    const first = computePolicySavings(
      inputs({
        timeZone: 'Asia/Tokyo',
        now: new Date('2026-03-31T14:00:00Z'),
        asleep: [{ ...teamA, since: '2026-03-31T14:00:00Z' }],
      }),
    );
    const next = computePolicySavings(
      inputs({
        timeZone: 'Asia/Tokyo',
        previous: written(first),
        asleep: [teamA],
        now: new Date('2026-03-31T16:00:00Z'),
      }),
    );
    assert.equal(next.total.month, '2026-04');
    assert.equal(next.total.thisMonth, '0.075');
    assert.equal(next.total.sinceCreation, '0.15');
  });
});
