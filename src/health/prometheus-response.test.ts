import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { PrometheusQueryError } from './errors.ts';
import { readInstantQueryAnswer } from './prometheus-response.ts';

const vector = (...values: string[]) =>
  JSON.stringify({
    status: 'success',
    data: {
      resultType: 'vector',
      result: values.map((value, i) => ({ metric: { pod: `p${i}` }, value: [1767225600, value] })),
    },
  });

function rejectsWith(code: string) {
  return (err: unknown) => err instanceof PrometheusQueryError && err.code === code;
}

describe('reading an instant query answer of the Prometheus HTTP API', () => {
  it('reads every sample of a vector with its labels', () => {
    assert.deepEqual(readInstantQueryAnswer(vector('0.5', '3')), [
      { labels: { pod: 'p0' }, value: 0.5 },
      { labels: { pod: 'p1' }, value: 3 },
    ]);
  });

  it('reads an empty vector as no samples', () => {
    assert.deepEqual(readInstantQueryAnswer(vector()), []);
  });

  it('reads a scalar as one sample without labels', () => {
    const body = JSON.stringify({
      status: 'success',
      data: { resultType: 'scalar', result: [1767225600, '7'] },
    });

    assert.deepEqual(readInstantQueryAnswer(body), [{ labels: {}, value: 7 }]);
  });

  it('reads the special values +Inf, -Inf and NaN as Prometheus writes them', () => {
    const values = readInstantQueryAnswer(vector('+Inf', '-Inf', 'NaN')).map((s) => s.value);

    assert.deepEqual(values, [Infinity, -Infinity, Number.NaN]);
  });

  it('a query Prometheus refuses (bad_data, execution) is BadQuery, with its error', () => {
    const body = JSON.stringify({
      status: 'error',
      errorType: 'bad_data',
      error: 'parse error: unexpected end of input',
    });

    assert.throws(() => readInstantQueryAnswer(body), rejectsWith('BadQuery'));
    assert.throws(() => readInstantQueryAnswer(body), /parse error: unexpected end of input/);
    const execution = JSON.stringify({ status: 'error', errorType: 'execution', error: 'x' });
    assert.throws(() => readInstantQueryAnswer(execution), rejectsWith('BadQuery'));
  });

  it('an error about Prometheus itself (timeout, unavailable) is ServerError', () => {
    const body = JSON.stringify({
      status: 'error',
      errorType: 'timeout',
      error: 'query timed out',
    });

    assert.throws(() => readInstantQueryAnswer(body), rejectsWith('ServerError'));
  });

  it('a range vector or a string is BadQuery: the check needs an instant vector or a scalar', () => {
    const matrix = JSON.stringify({
      status: 'success',
      data: { resultType: 'matrix', result: [] },
    });
    const text = JSON.stringify({ status: 'success', data: { resultType: 'string', result: [] } });

    assert.throws(() => readInstantQueryAnswer(matrix), rejectsWith('BadQuery'));
    assert.throws(() => readInstantQueryAnswer(text), rejectsWith('BadQuery'));
  });

  it('a body that is not a Prometheus answer is BadResponse', () => {
    assert.throws(() => readInstantQueryAnswer('<html>login</html>'), rejectsWith('BadResponse'));
    assert.throws(() => readInstantQueryAnswer('{"ok":true}'), rejectsWith('BadResponse'));
    assert.throws(() => readInstantQueryAnswer('null'), rejectsWith('BadResponse'));
  });
});
