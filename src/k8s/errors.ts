/** What a failed Kubernetes API call was about, for messages, logs and metrics. */
export interface KubeRequestTarget {
  verb: string;
  resource: string;
  namespace?: string | undefined;
  name?: string | undefined;
}

/**
 * Every failed API call becomes one of these, once, in the client: the HTTP status, the Status
 * reason (`NotFound`, `Conflict`, ...), what was being done, and the original error as `cause`.
 * A network failure has code 0. Headers are never kept: they can carry credentials.
 */
export class KubeApiError extends Error {
  override name = 'KubeApiError';
  readonly code: number;
  readonly reason: string;
  readonly target: KubeRequestTarget;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: number,
    reason: string,
    message: string,
    target: KubeRequestTarget,
    options: { cause?: unknown; retryAfterSeconds?: number | undefined } = {},
  ) {
    const where = [target.namespace, target.name].filter(Boolean).join('/');
    super(`${target.verb} ${target.resource}${where ? ` ${where}` : ''}: ${message}`, {
      cause: options.cause,
    });
    this.code = code;
    this.reason = reason;
    this.target = target;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isNotFound(err: unknown): boolean {
  return err instanceof KubeApiError && err.code === 404;
}

export function isConflict(err: unknown): boolean {
  return err instanceof KubeApiError && err.code === 409;
}

export function isAlreadyExists(err: unknown): boolean {
  return err instanceof KubeApiError && err.code === 409 && err.reason === 'AlreadyExists';
}

/** Errors worth retrying later: the network, throttling, timeouts and server-side failures. */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof KubeApiError)) return false;
  return err.code === 0 || err.code === 429 || err.code >= 500;
}

/** Builds a KubeApiError from a response whose status is not 2xx. */
export function errorFromResponse(
  status: number,
  body: string,
  retryAfter: string | null,
  target: KubeRequestTarget,
): KubeApiError {
  let reason = `Http${status}`;
  let message = body.slice(0, 500) || `HTTP ${status}`;
  try {
    const parsed = JSON.parse(body) as { kind?: string; reason?: string; message?: string };
    if (parsed.kind === 'Status') {
      reason = parsed.reason || reason;
      message = parsed.message || message;
    }
  } catch {
    // Not JSON: keep the start of the body as the message.
  }
  return new KubeApiError(status, reason, message, target, {
    retryAfterSeconds: parseRetryAfter(retryAfter),
  });
}

/**
 * A Retry-After header in seconds: either delay-seconds or an HTTP date (RFC 9110 allows both);
 * a date in the past means "now". Anything else is undefined.
 */
export function parseRetryAfter(header: string | null, now: Date = new Date()): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number.parseInt(value, 10);
  // An HTTP date names its weekday and month; Date.parse alone would take "-3" for a year.
  const at = /[a-z]{3}/i.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}
