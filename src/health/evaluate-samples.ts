import type { PrometheusCheckResult, PrometheusSample } from './types.ts';

/** `{job="api",code="500"}`, or nothing for a scalar. */
function formatLabels(labels: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}=${JSON.stringify(value)}`);
  return pairs.length > 0 ? ` {${pairs.join(',')}}` : '';
}

/** NaN compares as the worst value, so it is the one reported. */
function worstSample(samples: readonly PrometheusSample[]): PrometheusSample | undefined {
  let worst: PrometheusSample | undefined;
  for (const sample of samples) {
    if (worst === undefined || Number.isNaN(sample.value) || sample.value > worst.value) {
      worst = sample;
      if (Number.isNaN(sample.value)) break;
    }
  }
  return worst;
}

/**
 * Compares an instant query's samples with the bound: the check passes when every sample is at
 * most `maxValue`. A NaN sample fails (it is not at most anything).
 *
 * An empty result fails: the query could not show that the namespace is healthy, and a query
 * that matches nothing (a typo, a label that changed, a target no longer scraped) would otherwise
 * pass for ever. A query for "errors, if any" is written to always return a value, such as
 * `sum(rate(http_requests_total{code=~"5.."}[5m])) or vector(0)`.
 */
export function evaluateSamples(
  samples: readonly PrometheusSample[],
  query: string,
  maxValue: number,
): PrometheusCheckResult {
  const worst = worstSample(samples);
  if (worst === undefined) {
    return {
      status: 'failed',
      message:
        `Prometheus query ${query} returned no sample, so it cannot show the namespace is ` +
        'healthy; make it always return a value (for example append "or vector(0)")',
    };
  }

  const where = formatLabels(worst.labels);
  const value = worst.value;
  if (Number.isNaN(value)) {
    return { status: 'failed', value, message: `Prometheus query ${query} gave NaN${where}` };
  }
  if (value > maxValue) {
    return {
      status: 'failed',
      value,
      message: `Prometheus query ${query} gave ${value}${where}, above the bound ${maxValue}`,
    };
  }
  return {
    status: 'passed',
    value,
    message: `Prometheus query ${query} gave ${value}, within the bound ${maxValue}`,
  };
}
