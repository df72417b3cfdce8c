import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { evaluateSamples } from './evaluate-samples.ts';

const query = 'sum(rate(http_errors_total[1m]))';
const samples = (...values: number[]) =>
  values.map((value, i) => ({ labels: { pod: `p${i}` }, value }));

describe('comparing a query result with healthCheck.prometheus.maxValue', () => {
  const table = [
    {
      case: 'one sample below the bound',
      values: [0.2],
      maxValue: 1,
      status: 'passed',
      value: 0.2,
    },
    { case: 'a sample equal to the bound', values: [1], maxValue: 1, status: 'passed', value: 1 },
    {
      case: 'every sample within the bound',
      values: [0, 1, 0.5],
      maxValue: 1,
      status: 'passed',
      value: 1,
    },
    {
      case: 'one sample above the bound',
      values: [0, 3, 0.5],
      maxValue: 1,
      status: 'failed',
      value: 3,
    },
    { case: '+Inf', values: [Infinity], maxValue: 1e9, status: 'failed', value: Infinity },
    { case: 'a negative bound', values: [-2], maxValue: -1, status: 'passed', value: -2 },
  ] as const;
  for (const row of table) {
    it(`O1: ${row.case} is ${row.status}, reporting the largest value ${row.value}`, () => {
      const result = evaluateSamples(samples(...row.values), query, row.maxValue);

      assert.equal(result.status, row.status);
      assert.equal(result.value, row.value);
    });
  }

  it('a failure names the value, the bound and the series above it', () => {
    const result = evaluateSamples(samples(0, 3), query, 1);

    assert.equal(result.message, `Prometheus query ${query} gave 3 {pod="p1"}, above the bound 1`);
  });

  it('a NaN sample fails: NaN is not at most any bound', () => {
    const result = evaluateSamples(samples(0, Number.NaN, 5), query, 10);

    assert.equal(result.status, 'failed');
    assert.ok(Number.isNaN(result.value));
  });

  it('an empty result fails and says how to write a query that always answers', () => {
    const result = evaluateSamples([], query, 1);

    assert.equal(result.status, 'failed');
    assert.equal(result.value, undefined);
    assert.match(result.message, /returned no sample/);
    assert.match(result.message, /or vector\(0\)/);
  });
});
