import type { Logger } from 'pino';
import CircuitBreaker from 'opossum';

import type { PrometheusCheck } from '../gen/namespace-scaling-policy.ts';
import { reportBreakerMetrics } from '../telemetry/breaker-metrics.ts';
import type { Metrics } from '../telemetry/metrics.ts';
import type { OpenBreakers } from '../telemetry/open-breakers.ts';
import { PrometheusQueryError, isBadQuery } from './errors.ts';
import { evaluateSamples } from './evaluate-samples.ts';
import { prometheusEndpoint, queryPrometheus } from './prometheus-query.ts';
import type { PrometheusEndpoint } from './prometheus-query.ts';
import type { PrometheusCheckResult, PrometheusSample } from './types.ts';

export interface PrometheusCheckSettings {
  /** A query that takes longer is cancelled and the check is `unavailable`. */
  readonly timeoutMs: number;
  /** The breaker opens when more than this share of queries in the rolling window fail. */
  readonly errorThresholdPercentage: number;
  /** How long an open breaker answers `unavailable` at once before it tries Prometheus again. */
  readonly resetTimeoutMs: number;
  /** Queries in the rolling window (10 s) before the breaker may open at all. */
  readonly volumeThreshold: number;
}

export const defaultPrometheusCheckSettings: PrometheusCheckSettings = {
  timeoutMs: 5_000,
  errorThresholdPercentage: 50,
  resetTimeoutMs: 30_000,
  volumeThreshold: 3,
};

export type PrometheusCheckMetrics = Pick<
  Metrics,
  'healthChecks' | 'breakerState' | 'breakerEvents'
>;

interface PendingQuery {
  readonly endpoint: PrometheusEndpoint;
  readonly query: string;
  readonly controller: AbortController;
}

/**
 * The Prometheus part of the health check after a wake (O1, O2): one instant query, compared
 * with `maxValue`. Each Prometheus server has its own circuit breaker, so one that is down is
 * answered `unavailable` at once instead of costing every wake a timeout. Never throws.
 */
export class PrometheusHealthCheck {
  readonly #settings: PrometheusCheckSettings;
  readonly #metrics: PrometheusCheckMetrics | undefined;
  readonly #logger: Logger | undefined;
  readonly #openBreakers: OpenBreakers | undefined;
  readonly #breakers = new Map<string, CircuitBreaker<[PendingQuery], PrometheusSample[]>>();

  constructor(
    options: {
      settings?: Partial<PrometheusCheckSettings>;
      metrics?: PrometheusCheckMetrics | undefined;
      logger?: Logger | undefined;
      /** Told about each server's breaker, for the `Degraded` condition. */
      openBreakers?: OpenBreakers | undefined;
    } = {},
  ) {
    this.#settings = { ...defaultPrometheusCheckSettings, ...options.settings };
    this.#metrics = options.metrics;
    this.#logger = options.logger;
    this.#openBreakers = options.openBreakers;
  }

  async check(spec: PrometheusCheck): Promise<PrometheusCheckResult> {
    const result = await this.#run(spec);

    this.#metrics?.healthChecks.inc({ result: result.status });
    const fields = { check: 'prometheus', status: result.status, value: result.value };
    if (result.status === 'unavailable') this.#logger?.warn(fields, result.message);
    else this.#logger?.info(fields, result.message);
    return result;
  }

  /** Stops the breakers' timers. */
  shutdown(): void {
    for (const breaker of this.#breakers.values()) breaker.shutdown();
  }

  async #run(spec: PrometheusCheck): Promise<PrometheusCheckResult> {
    try {
      const endpoint = prometheusEndpoint(spec.url);
      const samples = await this.#breakerFor(endpoint).fire({
        endpoint,
        query: spec.query,
        controller: new AbortController(),
      });
      return evaluateSamples(samples, spec.query, spec.maxValue);
    } catch (err) {
      const problem = this.#describe(err, spec.url);
      if (isBadQuery(err)) return { status: 'failed', message: problem };
      return {
        status: 'unavailable',
        message: `${problem}; the wake is judged on readiness alone`,
      };
    }
  }

  #breakerFor(endpoint: PrometheusEndpoint): CircuitBreaker<[PendingQuery], PrometheusSample[]> {
    const name = `prometheus/${endpoint.display}`;
    let breaker = this.#breakers.get(name);
    if (!breaker) {
      const { timeoutMs } = this.#settings;
      breaker = new CircuitBreaker(
        (call: PendingQuery) =>
          queryPrometheus(call.endpoint, call.query, {
            timeoutMs,
            signal: call.controller.signal,
          }),
        {
          name,
          timeout: timeoutMs,
          errorThresholdPercentage: this.#settings.errorThresholdPercentage,
          resetTimeout: this.#settings.resetTimeoutMs,
          volumeThreshold: this.#settings.volumeThreshold,
          // Prometheus answered: a rejected query says nothing about its health.
          errorFilter: isBadQuery,
        },
      );
      // A timeout is reported as a failure too; aborting a query that already ended does nothing.
      breaker.on('failure', (_err, _latency, [call]) => call.controller.abort());
      reportBreakerMetrics(breaker, name, this.#metrics);
      this.#openBreakers?.watch(breaker, name);
      this.#breakers.set(name, breaker);
    }
    return breaker;
  }

  #describe(err: unknown, url: string): string {
    if (err instanceof PrometheusQueryError) return err.message;
    const code = (err as { code?: unknown } | null)?.code;
    const where = URL.parse(url)?.origin ?? 'the configured URL';
    if (code === 'ETIMEDOUT') {
      return `Prometheus at ${where} did not answer within ${this.#settings.timeoutMs} ms`;
    }
    if (code === 'EOPENBREAKER') {
      return `Prometheus at ${where} failed recently and is not asked again yet (breaker open)`;
    }
    return `Prometheus at ${where} could not be asked: ${String(err)}`;
  }
}
