/**
 * Why a Prometheus query gave no samples. `BadQuery` is the query's fault (Prometheus answered
 * and refused it, or its result is not an instant vector or scalar); every other code means
 * Prometheus could not be asked, and the check is `unavailable`.
 */
export type PrometheusQueryErrorCode =
  'BadQuery' | 'Unreachable' | 'Timeout' | 'ServerError' | 'BadResponse' | 'BreakerOpen';

/** The one error a Prometheus query rejects with; it never carries credentials of the URL. */
export class PrometheusQueryError extends Error {
  override readonly name = 'PrometheusQueryError';
  readonly code: PrometheusQueryErrorCode;

  constructor(message: string, details: { code: PrometheusQueryErrorCode; cause?: unknown }) {
    super(message, { cause: details.cause });
    this.code = details.code;
  }
}

export function isBadQuery(err: unknown): boolean {
  return err instanceof PrometheusQueryError && err.code === 'BadQuery';
}
