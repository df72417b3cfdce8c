/**
 * How the Prometheus check after a wake ended: `passed`, every sample is at most `maxValue`;
 * `failed`, a sample is above it, or the query cannot give an answer (no sample, not a number,
 * rejected by Prometheus); `unavailable`, Prometheus could not be asked (unreachable, slow,
 * erroring, or its breaker is open), so the caller falls back to readiness alone and says so.
 */
export type PrometheusCheckStatus = 'passed' | 'failed' | 'unavailable';

export interface PrometheusCheckResult {
  readonly status: PrometheusCheckStatus;
  /** The largest sample value, the one compared with `maxValue`; absent without samples. */
  readonly value?: number;
  /** One sentence for status, Events and notifications. */
  readonly message: string;
}

/** One sample of an instant query's result. */
export interface PrometheusSample {
  /** Series labels, `__name__` included when Prometheus returns it; empty for a scalar. */
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}
