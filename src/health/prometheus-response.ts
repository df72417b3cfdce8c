import { PrometheusQueryError } from './errors.ts';
import type { PrometheusSample } from './types.ts';

/** The parts of a Prometheus HTTP API answer (`/api/v1/query`) that the check reads. */
interface QueryAnswer {
  status?: unknown;
  errorType?: unknown;
  error?: unknown;
  data?: { resultType?: unknown; result?: unknown };
}

/** Errors Prometheus reports about the query itself rather than about its own health. */
const queryErrorTypes = new Set(['bad_data', 'execution']);

/** Prometheus writes special floats as these strings; `Number` reads only "NaN" of them. */
function sampleValue(text: unknown): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (typeof text !== 'string') return Number.NaN;
  return Number(text);
}

function badResponse(problem: string): PrometheusQueryError {
  return new PrometheusQueryError(`Prometheus gave an unexpected answer: ${problem}`, {
    code: 'BadResponse',
  });
}

/**
 * Reads the samples of an instant query's answer. Throws `BadQuery` when Prometheus refused the
 * query or it returned a string or a range vector, `ServerError` for other errors Prometheus
 * reports, and `BadResponse` when the body is not a Prometheus answer at all.
 */
export function readInstantQueryAnswer(body: string): PrometheusSample[] {
  let answer: QueryAnswer;
  try {
    answer = JSON.parse(body) as QueryAnswer;
  } catch {
    throw badResponse('the body is not JSON');
  }
  if (typeof answer !== 'object' || answer === null) throw badResponse('the body is not an object');

  if (answer.status === 'error') {
    const errorType = String(answer.errorType);
    const problem = `Prometheus rejected the query (${errorType}): ${String(answer.error)}`;
    const code = queryErrorTypes.has(errorType) ? 'BadQuery' : 'ServerError';
    throw new PrometheusQueryError(problem, { code });
  }
  if (answer.status !== 'success') throw badResponse('no "status" field');

  const { resultType, result } = answer.data ?? {};
  if (resultType === 'scalar' && Array.isArray(result)) {
    return [{ labels: {}, value: sampleValue(result[1]) }];
  }
  if (resultType === 'vector' && Array.isArray(result)) {
    return result.map((series: { metric?: Record<string, string>; value?: unknown[] }) => ({
      labels: series.metric ?? {},
      value: sampleValue(series.value?.[1]),
    }));
  }
  if (resultType === 'matrix' || resultType === 'string') {
    const problem = `the query returns a ${String(resultType)}, not an instant vector or a scalar`;
    throw new PrometheusQueryError(problem, { code: 'BadQuery' });
  }
  throw badResponse(`unknown result type ${String(resultType)}`);
}
