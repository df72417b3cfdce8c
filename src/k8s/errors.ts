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
  const seconds = retryAfter === null ? undefined : Number.parseInt(retryAfter, 10);
  return new KubeApiError(status, reason, message, target, {
    retryAfterSeconds: Number.isFinite(seconds) ? seconds : undefined,
  });
}
