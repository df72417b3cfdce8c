import { PrometheusQueryError } from './errors.ts';
import { readInstantQueryAnswer } from './prometheus-response.ts';
import type { PrometheusSample } from './types.ts';

/** Where to send a query, with credentials of the URL moved into a header. */
export interface PrometheusEndpoint {
  readonly queryUrl: URL;
  /** The URL without credentials, for messages, logs and the breaker's name. */
  readonly display: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Builds the instant-query endpoint from the CRD's base URL (`http://prometheus:9090`, or one with
 * a path prefix such as `https://example.net/prometheus`; a base that already ends in `/api/v1`
 * is accepted too). User and password in the URL become a basic Authorization header.
 */
export function prometheusEndpoint(baseUrl: string): PrometheusEndpoint {
  const url = URL.parse(baseUrl);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new PrometheusQueryError('healthCheck.prometheus.url is not an http(s) URL', {
      code: 'BadQuery',
    });
  }

  const headers: Record<string, string> = { accept: 'application/json' };
  if (url.username || url.password) {
    const user = decodeURIComponent(url.username);
    const credentials = `${user}:${decodeURIComponent(url.password)}`;
    headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  url.search = '';
  url.hash = '';
  const base = url.pathname.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
  const display = `${url.origin}${base}`;
  url.pathname = `${base}/api/v1/query`;
  return { queryUrl: url, display, headers };
}

/**
 * Sends one instant query (`GET /api/v1/query`) and returns its samples. Prometheus is asked to
 * stop evaluating after `timeoutMs` as well, and `signal` cancels the request.
 */
export async function queryPrometheus(
  endpoint: PrometheusEndpoint,
  query: string,
  options: { timeoutMs: number; signal: AbortSignal },
): Promise<PrometheusSample[]> {
  const url = new URL(endpoint.queryUrl);
  url.searchParams.set('query', query);
  url.searchParams.set('timeout', `${Math.max(1, Math.ceil(options.timeoutMs / 1000))}s`);

  let response: Response;
  let body: string;
  try {
    response = await fetch(url, { headers: endpoint.headers, signal: options.signal });
    body = await response.text();
  } catch (err) {
    const code = options.signal.aborted ? 'Timeout' : 'Unreachable';
    const problem = code === 'Timeout' ? 'did not answer in time' : 'could not be reached';
    throw new PrometheusQueryError(`Prometheus at ${endpoint.display} ${problem}`, {
      code,
      cause: err,
    });
  }

  // Prometheus answers query errors with a JSON body and 400, 422 or 503; anything else without
  // such a body (a proxy's page, 401, 404) means this is not a Prometheus that will answer.
  const jsonBody = (response.headers.get('content-type') ?? '').includes('json');
  if (!response.ok && !jsonBody) {
    throw new PrometheusQueryError(
      `Prometheus at ${endpoint.display} answered HTTP ${response.status}`,
      { code: 'ServerError' },
    );
  }
  return readInstantQueryAnswer(body);
}
