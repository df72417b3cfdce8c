import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { costBetween, formatAmount, hourlyCost } from './cost.ts';
import { accrue, rollMonth } from './ledger.ts';
import { monthOf, startOfNextMonth } from './months.ts';
import { effectivePrices } from './prices.ts';

const prices = { cpuPerHour: 0.04, memoryGiBPerHour: 0.005, currency: 'USD' };
const hour = 3_600_000;

describe('savings arithmetic', () => {
  it('prices the requests of removed replicas per hour', () => {
    // 3 replicas × 500m = 1.5 cores × 0.04 = 0.06; 3 × 1Gi = 3 GiB × 0.005 = 0.015.
    const cost = hourlyCost({ cpu: 1.5, memoryGiB: 3 }, prices);
    assert.ok(Math.abs(cost.cpu - 0.06) < 1e-12);
    assert.ok(Math.abs(cost.memory - 0.015) < 1e-12);
    assert.ok(Math.abs(cost.total - 0.075) < 1e-12);
  });

  it('multiplies the hourly cost by the time asleep', () => {
    // 3 replicas × 500m × 2 h × 0.04 per vCPU-hour = 0.12.
    const start = Date.parse('2026-03-10T20:00:00Z');
    assert.equal(formatAmount(costBetween(0.06, start, start + 2 * hour)), '0.12');
    assert.equal(costBetween(0.06, start, start - hour), 0);
  });

  it('writes amounts with at most six decimals and no trailing zeros', () => {
    assert.equal(formatAmount(0.12), '0.12');
    assert.equal(formatAmount(10), '10');
    assert.equal(formatAmount(0.0000004), '0');
    assert.equal(formatAmount(1 / 3), '0.333333');
  });

  it('S2 splits a sleep across a month boundary of the policy time zone', () => {
    // Europe/Berlin is UTC+1 in January: February begins at 2026-01-31T23:00:00Z.
    // Asleep 2026-01-31T21:00Z to 2026-02-01T03:00Z at 0.5 per hour:
    // 2 h in January (1.0) and 4 h in February (2.0).
    const zone = 'Europe/Berlin';
    assert.equal(
      startOfNextMonth(Date.parse('2026-01-31T21:00:00Z'), zone),
      Date.parse('2026-01-31T23:00:00Z'),
    );
    assert.equal(monthOf(Date.parse('2026-01-31T23:30:00Z'), zone), '2026-02');
    assert.equal(monthOf(Date.parse('2026-01-31T23:30:00Z'), 'UTC'), '2026-01');

    const ledger = accrue(
      { thisMonth: 5, sinceCreation: 20, month: '2026-01' },
      0.5,
      Date.parse('2026-01-31T21:00:00Z'),
      Date.parse('2026-02-01T03:00:00Z'),
      zone,
    );
    assert.equal(ledger.month, '2026-02');
    assert.equal(ledger.thisMonth, 2);
    assert.equal(ledger.sinceCreation, 23);
  });

  it('starts this month from zero once the month is over, keeping the total', () => {
    const ledger = rollMonth(
      { thisMonth: 7, sinceCreation: 9, month: '2026-02' },
      Date.parse('2026-03-01T00:00:00Z'),
      'UTC',
    );
    assert.deepEqual(ledger, { thisMonth: 0, sinceCreation: 9, month: '2026-03' });
  });

  it('uses the policy cost over the defaults and names a bad amount', () => {
    const own = effectivePrices(
      { cpuPerHour: '0.1', memoryGiBPerHour: '0.01', currency: 'EUR' },
      prices,
    );
    assert.deepEqual(own, {
      prices: { cpuPerHour: 0.1, memoryGiBPerHour: 0.01, currency: 'EUR' },
      problems: [],
    });
    const bad = effectivePrices({ cpuPerHour: '1,5', memoryGiBPerHour: '0.01' }, prices);
    assert.equal(bad.prices, prices);
    assert.deepEqual(bad.problems, [
      "spec.cost.cpuPerHour: '1,5' must be a decimal number such as 0.0316",
    ]);
  });
});
